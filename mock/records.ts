import { isPlainObject } from '../src/events/index.js';

/**
 * Items and users of SPEC §5. Unknown fields are refused rather than dropped: a typo such as
 * `imageUrl` for `imagesUrl` should show up here, not as missing data in production.
 */
type Kind = 's' | 'n' | 'b' | 'strings' | 'object' | 'userType';

const ITEM: Record<string, Kind> = {
  itemId: 's',
  name: 's',
  quantity: 'n',
  price: 'n',
  discountPercentage: 'n',
  discountValue: 'n',
  fullPath: 's',
  imagesUrl: 'strings',
  isConsumable: 'b',
  consumeTime: 'n',
};

const USER: Record<string, Kind> = {
  userId: 's',
  ...Object.fromEntries(
    ['firstName', 'lastName', 'mobile', 'email', 'country', 'state', 'city', 'address', 'zipCode', 'company', 'companyType',
      'jobPosition', 'department', 'industry', 'birthDate', 'gender'].map((k) => [k, 's' as const]),
  ),
  userType: 'userType',
  attributes: 'object',
};

const MAX_STRING = 8192;

function problem(kind: Kind, v: unknown): string | undefined {
  switch (kind) {
    case 's':
      return typeof v !== 'string' ? 'must be a string' : v.length > MAX_STRING ? `is too long (at most ${MAX_STRING})` : undefined;
    case 'n':
      return typeof v === 'number' && isFinite(v) ? undefined : 'must be a finite number';
    case 'b':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'must be an array of strings';
    case 'object':
      return isPlainObject(v) ? undefined : 'must be an object of custom fields';
    case 'userType':
      return v === 'visitor' || v === 'customer' ? undefined : 'must be "visitor" or "customer"';
  }
}

export interface CheckedRecord {
  record?: Record<string, unknown>;
  errors: string[];
}

function check(what: 'item' | 'user', spec: Record<string, Kind>, idField: string, v: unknown): CheckedRecord {
  if (!isPlainObject(v)) return { errors: [`${what}: must be an object`] };
  const errors: string[] = [];
  const id = v[idField];
  if (typeof id !== 'string' || !id || id.length > 256) errors.push(`${what}: ${idField} is required (a non-empty string, at most 256 characters)`);
  for (const [k, value] of Object.entries(v)) {
    if (!Object.prototype.hasOwnProperty.call(spec, k)) errors.push(`${what}: ${k} is not a known field`);
    else if (k !== idField && value !== undefined) {
      const p = problem(spec[k], value);
      if (p) errors.push(`${what}: ${k} ${p}`);
    }
  }
  if (what === 'item' && v.isConsumable === false && v.consumeTime !== undefined && v.consumeTime !== -1)
    errors.push('item: consumeTime must be -1 when isConsumable is false');
  return errors.length ? { errors } : { record: { ...v }, errors };
}

export const checkItem = (v: unknown) => check('item', ITEM, 'itemId', v);
export const checkUser = (v: unknown) => check('user', USER, 'userId', v);
