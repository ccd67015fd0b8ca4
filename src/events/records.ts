/**
 * Items and users of SPEC §5 (the seed's sections 1–3 and 5): one field table per record,
 * from which both the TypeScript types and the run-time checks come, so the server client
 * and the mock backend refuse exactly the same records.
 */
import { LIMITS, checkList, checkString, copyJson, has, isPlainObject, type Report } from './validate.js';

/**
 * 's' string, 'n' finite number, 'b' boolean, 'strs' string[], 'date' ISO 8601 date string,
 * 'json' free-form JSON object; a string array means one of those values.
 */
export type RecordFieldKind = 's' | 'n' | 'b' | 'strs' | 'date' | 'json' | readonly string[];

export const itemFields = {
  itemId: 's',
  name: 's',
  quantity: 'n',
  price: 'n',
  discountPercentage: 'n',
  discountValue: 'n',
  fullPath: 's',
  imagesUrl: 'strs',
  isConsumable: 'b',
  consumeTime: 'n',
} as const satisfies Record<string, RecordFieldKind>;

export const userFields = {
  userId: 's',
  firstName: 's',
  lastName: 's',
  mobile: 's',
  email: 's',
  country: 's',
  state: 's',
  city: 's',
  address: 's',
  zipCode: 's',
  company: 's',
  companyType: 's',
  jobPosition: 's',
  department: 's',
  industry: 's',
  birthDate: 'date',
  gender: 's',
  userType: ['visitor', 'customer'],
  attributes: 'json',
} as const satisfies Record<string, RecordFieldKind>;

export type RecordKind = 'item' | 'user';

const TABLES = {
  item: { fields: itemFields as Record<string, RecordFieldKind>, id: 'itemId', hint: '' },
  user: {
    fields: userFields as Record<string, RecordFieldKind>,
    id: 'userId',
    hint: ' (put custom fields in attributes)',
  },
} as const;

type Kind<K> = K extends 's' | 'date'
  ? string
  : K extends 'n'
    ? number
    : K extends 'b'
      ? boolean
      : K extends 'strs'
        ? string[]
        : K extends 'json'
          ? Record<string, unknown>
          : K extends readonly (infer V)[]
            ? V
            : never;
type Fields<T> = { -readonly [P in keyof T]: Kind<T[P]> };

/** A product as the site syncs it; only itemId is required, send the fields you have. */
export type Item = { itemId: string } & Partial<Omit<Fields<typeof itemFields>, 'itemId'>>;
/** A user as the site syncs it; only userId is required, custom fields go in `attributes`. */
export type User = { userId: string } & Partial<Omit<Fields<typeof userFields>, 'userId'>>;

export interface CheckedRecord<T> {
  /** A clean copy holding only known fields, present when errors is empty. */
  record?: T;
  /** Each names the path and field: `items[3].price must be a finite number`. */
  errors: string[];
}

function typed(kind: RecordFieldKind, v: unknown, path: string, report: Report): unknown {
  if (typeof kind !== 'string') {
    if (typeof v !== 'string' || !kind.includes(v)) report(path, `must be one of ${kind.map((k) => `"${k}"`).join(', ')}`);
    return v;
  }
  switch (kind) {
    case 's':
      return checkString(v, path, report, LIMITS.string, true);
    case 'n':
      if (typeof v !== 'number' || !isFinite(v)) report(path, 'must be a finite number');
      return v;
    case 'b':
      if (typeof v !== 'boolean') report(path, 'must be true or false');
      return v;
    case 'date':
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v) || isNaN(Date.parse(v)))
        report(path, 'must be an ISO 8601 date (YYYY-MM-DD)');
      return v;
    case 'strs':
      return checkList(v, path, report, (x, p) => checkString(x, p, report, LIMITS.string, true));
    case 'json':
      if (!isPlainObject(v)) return void report(path, 'must be an object');
      return copyJson(v, path, report);
  }
}

/**
 * Checks one item or user and returns a clean copy, or the reasons it is refused. Never
 * throws, whatever it is given. `path` prefixes every error (`items[3]`, `user`).
 */
export function checkRecord<K extends RecordKind>(
  kind: K,
  value: unknown,
  path: string = kind,
): CheckedRecord<K extends 'item' ? Item : User> {
  const errors: string[] = [];
  const report: Report = (p, problem) => void errors.push(`${p} ${problem}`);
  const { fields, id, hint } = TABLES[kind];
  try {
    if (!isPlainObject(value)) return { errors: [`${path} must be an object`] };
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const v = value[k];
      // An undefined field never reaches the wire (JSON drops it), so it is not an error either.
      if (v === undefined) continue;
      if (!has(fields, k)) report(`${path}.${k}`, `is not a known ${kind} field${hint}`);
      else out[k] = typed(fields[k], v, `${path}.${k}`, report);
    }
    const idValue = value[id];
    if (idValue === undefined) report(`${path}.${id}`, 'is required');
    // The id lands in a URL path (DELETE /api/items/{id}) and keys storage: keep it short and visible.
    else if (typeof idValue === 'string' && (!idValue.trim() || idValue.length > LIMITS.id))
      report(`${path}.${id}`, `must be a non-empty string of at most ${LIMITS.id} characters`);
    // The seed marks a non-consumable item with consumeTime -1; any other value contradicts it.
    if (kind === 'item' && value.isConsumable === false && value.consumeTime !== undefined && value.consumeTime !== -1)
      report(`${path}.consumeTime`, 'must be -1 when isConsumable is false');
    return errors.length ? { errors } : { record: out as K extends 'item' ? Item : User, errors };
  } catch {
    return { errors: [...errors, `${path} could not be read (a getter or proxy threw)`] };
  }
}

/**
 * Checks a list of records: `checkRecords('item', body.items, 'items', 500)` gives errors
 * like `items[3].price must be a finite number`. `max` caps the list (500 per bulk request).
 */
export function checkRecords<K extends RecordKind>(
  kind: K,
  list: unknown,
  path = `${kind}s`,
  max = Infinity,
): { records?: Array<K extends 'item' ? Item : User>; errors: string[] } {
  if (!Array.isArray(list)) return { errors: [`${path} must be an array`] };
  if (list.length > max) return { errors: [`${path} has too many entries (${list.length}, at most ${max})`] };
  const records: Array<K extends 'item' ? Item : User> = [];
  const errors: string[] = [];
  // A plain loop, not forEach: a sparse array's holes must be reported, not skipped.
  for (let i = 0; i < list.length; i++) {
    const checked = checkRecord(kind, list[i], `${path}[${i}]`);
    if (checked.record) records.push(checked.record);
    errors.push(...checked.errors);
  }
  return errors.length ? { errors } : { records, errors };
}
