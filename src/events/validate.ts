import { CUSTOM_NAME, WORKFLOW_PATH, catalog, itemsListFields, type CatalogEntry, type FieldKind } from './catalog.js';

/**
 * Who is checking: the browser SDK before it stamps ids, the collector after (the mock
 * backend's /api/sdk/events), or a site's server (POST /api/events, the server client).
 */
export type Mode = 'browser' | 'collector' | 'server';

export interface Checked {
  /** A clean copy holding only known, valid fields: safe to store and send. */
  event?: Record<string, unknown>;
  /** Each names the event and the field: `itemView: itemId is required`. */
  errors: string[];
}

export const LIMITS = { id: 256, string: 8192, list: 1000, depth: 8, eventBytes: 32_000, aggregations: 20 };

const ENVELOPE = ['name', 'userId', 'anonymousId', 'novinAB', 'itemId', 'categoryId', 'itemIdList', 'properties', 'workFlowPath', 'aggregations', 'time', 'messageId'];
const TOP: Record<string, FieldKind> = { itemId: 's', categoryId: 's', itemIdList: 'ids' };
const STAMPED = ['anonymousId', 'novinAB', 'time', 'messageId'];

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
/** Plain data objects only (also from other realms); arrays, dates and class instances are not. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  Object.prototype.toString.call(v) === '[object Object]';

type Report = (path: string, problem: string) => void;

function str(v: unknown, path: string, report: Report, max: number, emptyOk?: boolean): string | undefined {
  if (typeof v !== 'string' || (!emptyOk && !v)) report(path, emptyOk ? 'must be a string' : 'must be a non-empty string');
  else if (v.length > max) report(path, `is too long (${v.length} characters, at most ${max})`);
  else return v;
}

function list<T>(v: unknown, path: string, report: Report, each: (x: unknown, p: string) => T): T[] | undefined {
  if (!Array.isArray(v)) return void report(path, 'must be an array');
  if (v.length > LIMITS.list) return void report(path, `has too many entries (${v.length}, at most ${LIMITS.list})`);
  return v.map((x, i) => each(x, `${path}[${i}]`));
}

function typed(kind: FieldKind, v: unknown, path: string, report: Report, required?: boolean): unknown {
  switch (kind) {
    case 's':
      return str(v, path, report, required ? LIMITS.id : LIMITS.string, !required);
    case 'n':
      if (typeof v !== 'number' || !isFinite(v)) report(path, 'must be a finite number');
      return v;
    case 'ids': {
      const ids = list(v, path, report, (x, p) => str(x, p, report, LIMITS.id));
      if (ids && !ids.length && required) report(path, 'must name at least one item');
      return ids;
    }
    case 'items':
      return list(v, path, report, (x, p) => fields(x, p, report, itemsListFields, ['itemId']));
  }
}

function fields(
  v: unknown,
  path: string,
  report: Report,
  spec: Readonly<Record<string, FieldKind>>,
  required: string[] = [],
): Record<string, unknown> | undefined {
  if (!isPlainObject(v)) return void report(path, 'must be an object');
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    if (!has(spec, k)) report(`${path}.${k}`, 'is not a known field (send a custom event for free-form data)');
    else if (v[k] !== undefined) out[k] = typed(spec[k], v[k], `${path}.${k}`, report, required.includes(k));
  }
  for (const k of required) if (v[k] === undefined) report(`${path}.${k}`, 'is required');
  return out;
}

/** Copies JSON data, refusing what JSON cannot carry faithfully (cycles, BigInt, functions, NaN). */
function json(v: unknown, path: string, report: Report, depth: number): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return str(v, path, report, LIMITS.string, true);
  if (typeof v === 'number') return isFinite(v) ? v : report(path, 'must be a finite number');
  if (depth > LIMITS.depth) return report(path, `is nested too deeply (or cyclic; at most ${LIMITS.depth} levels)`);
  if (Array.isArray(v)) return list(v, path, report, (x, p) => json(x, p, report, depth + 1));
  if (!isPlainObject(v)) return report(path, `must be JSON data (strings, numbers, booleans, null, arrays, plain objects), not ${typeof v}`);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    if (k === '__proto__') report(`${path}.${k}`, 'is not allowed as a key');
    else if (v[k] !== undefined) out[k] = json(v[k], `${path}.${k}`, report, depth + 1);
  }
  return out;
}

function aggregations(v: unknown, report: Report, mode: Mode): unknown {
  const out = list(v, 'aggregations', report, (a, p) => {
    if (!isPlainObject(a)) return void report(p, 'must be an object');
    const field = str(a.userAggregationfield, `${p}.userAggregationfield`, report, LIMITS.id);
    if (mode === 'server') {
      if (typeof a.point !== 'number' || !isFinite(a.point)) report(`${p}.point`, 'must be a finite number');
      return { userAggregationfield: field, point: a.point };
    }
    if (a.point !== undefined && mode === 'browser')
      report(`${p}.point`, 'cannot be sent from a browser: points per field are configured per project');
    if (a.operation !== '+' && a.operation !== '-') report(`${p}.operation`, 'must be "+" or "-"');
    return { userAggregationfield: field, operation: a.operation };
  });
  if (out && out.length > LIMITS.aggregations) report('aggregations', `has too many entries (at most ${LIMITS.aggregations})`);
  return out;
}

/**
 * Checks one event body against the catalog and returns a clean copy, or the reasons it is
 * refused. Never throws, whatever it is given (getters that throw, proxies, cycles).
 * `knownUser`: in the browser, a userId the SDK will add (identify / signIn) satisfies `userId`.
 */
export function checkEvent(body: unknown, mode: Mode, knownUser?: boolean): Checked {
  const errors: string[] = [];
  let name = 'event';
  const report: Report = (path, problem) => void errors.push(`${name}: ${path} ${problem}`);
  try {
    if (!isPlainObject(body)) return { errors: ['event: must be an object with a name'] };
    const n = body.name;
    if (typeof n !== 'string' || !CUSTOM_NAME.test(n)) {
      report('name', 'must be 1-64 letters, digits or _ . : - starting with a letter');
      return { errors };
    }
    name = n;
    const entry: CatalogEntry | undefined = has(catalog, n) ? (catalog as Record<string, CatalogEntry>)[n] : undefined;
    if (entry?.backend && mode !== 'server') {
      errors.push(`${n}: is sent by the site's backend only (POST /api/events with the access token), never from a browser`);
      return { errors };
    }
    const out: Record<string, unknown> = { name: n };
    for (const k of Object.keys(body)) {
      const v = body[k];
      if (k === 'name' || v === undefined) continue;
      if (!ENVELOPE.includes(k)) report(k, 'is not a field of an event');
      else if (mode === 'browser' && STAMPED.includes(k)) report(k, 'is added by the SDK and cannot be set');
      else if (k === 'properties')
        out[k] = entry ? fields(v, k, report, entry.props) : json(v, k, report, 1);
      else if (k === 'workFlowPath') {
        if (typeof v !== 'string' || !WORKFLOW_PATH.test(v)) report(k, 'must be "webhook/NAME" or "webhook-test/NAME"');
        else out[k] = v;
      } else if (k === 'aggregations') out[k] = aggregations(v, report, mode);
      else if (k === 'time') {
        if (typeof v !== 'string' || isNaN(Date.parse(v))) report(k, 'must be an ISO 8601 date');
        else out[k] = v;
      } else if (has(TOP, k)) {
        if (entry && !entry.top?.[k]) report(k, `is not a field of ${n}`);
        else out[k] = typed(TOP[k], v, k, report, true);
      } else out[k] = str(v, k, report, LIMITS.id);
    }
    if (entry?.top) for (const k of Object.keys(entry.top)) if (body[k] === undefined) report(k, 'is required');
    const ids = entry?.ids;
    const needUser = ids === 'user' || ids === 'both';
    if (mode === 'browser') {
      if (entry?.bodyUser && body.userId === undefined) report('userId', 'is required (the SDK remembers it from now on)');
      else if (needUser && body.userId === undefined && !knownUser)
        report('userId', 'is required: the visitor is not identified (call novin.identify(userId) or send signIn first)');
    } else {
      if (needUser && body.userId === undefined) report('userId', 'is required');
      if ((mode === 'collector' || ids === 'anon' || ids === 'both') && body.anonymousId === undefined)
        report('anonymousId', 'is required');
      if (mode === 'collector') for (const k of ['time', 'messageId']) if (body[k] === undefined) report(k, 'is required');
    }
    if (!errors.length) {
      const size = JSON.stringify(out).length;
      if (size > LIMITS.eventBytes) report('body', `is too large (${size} bytes as JSON, at most ${LIMITS.eventBytes})`);
    }
    return errors.length ? { errors } : { event: out, errors };
  } catch {
    return { errors: [...errors, `${name}: could not be read (a getter or proxy threw)`] };
  }
}
