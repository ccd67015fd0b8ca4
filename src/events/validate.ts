import { CUSTOM_NAME, WORKFLOW_PATH, catalog, itemsListFields, type CatalogEntry, type FieldKind } from './catalog.js';

/**
 * Who is checking: the browser SDK before it stamps ids, the collector after (the mock
 * backend's /api/sdk/events), or a site's server (POST /api/events, the server client).
 */
export type Mode = 'browser' | 'collector' | 'server';

export interface Checked {
  /** A clean copy, safe to store and send: valid fields, numbers read from decimal strings, unknown properties kept. */
  event?: Record<string, unknown>;
  /** Why the event is refused; each names the event and the field: `itemView: itemId is required`. */
  errors: string[];
  /** Unknown properties kept: `itemView: properties.color is not a known field (kept)`. Never a refusal. */
  warnings?: string[];
}

export const LIMITS = { id: 256, string: 8192, list: 1000, depth: 8, eventBytes: 32_000, aggregations: 20 };

/**
 * The ids the browser SDK adds to an event before it is stored (the visitor's, as it knows
 * them now), so that the event is checked, and its size measured, as it will go on the wire.
 */
export interface Stamp {
  /** Added when the body has none (identify / signIn); it satisfies `userId is required`. */
  userId?: string;
  anonymousId?: string;
  novinAB?: string;
  /** The body comes back from beforeSend: the ids, time and messageId the SDK stamped may be in it. */
  hooked?: boolean;
}

/**
 * Bytes on the wire of fields stamped after the check: `,"time":"…"` (toISOString: 24
 * characters), `,"messageId":"…"` (a UUID: 36), and in the browser, before the collector has
 * issued the visitor's ids, `,"anonymousId":"…","novinAB":"…"` of at most LIMITS.id each.
 */
const LATER = { time: 34, messageId: 51, ids: 542 };

// Every message below ships in novinSDK.js: each word is paid on every page view, so they
// stay short while still naming the event and the field.
const ENVELOPE = ['name', 'userId', 'anonymousId', 'novinAB', 'itemId', 'categoryId', 'itemIdList', 'properties', 'workFlowPath', 'aggregations', 'time', 'messageId'];
const TOP: Record<string, FieldKind> = { itemId: 's', categoryId: 's', itemIdList: 'ids' };
const STAMPED = ['anonymousId', 'novinAB', 'time', 'messageId'];

export const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
/** Plain data objects only (also from other realms); arrays, dates and class instances are not. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  // The prototype test is the fast path for send(); toString also admits other realms' objects.
  (!!v && Object.getPrototypeOf(v) === Object.prototype) || Object.prototype.toString.call(v) === '[object Object]';

/** `warn`: the problem keeps the event (a warning), otherwise it refuses it. */
export type Report = (path: string, problem: string, warn?: 1) => void;

// An upper bound of the JSON size of what was checked since checkEvent began (a character
// escapes to at most 6, a number prints in at most 24): serializing every event just to
// measure it would cost send() more than the rest of its checks together.
let bound = 0;

/** A string of at most `max` characters; empty only when `emptyOk`. */
export function checkString(v: unknown, path: string, report: Report, max: number, emptyOk?: boolean): string | undefined {
  if (typeof v !== 'string' || (!emptyOk && !v)) report(path, emptyOk ? 'must be a string' : 'must be a non-empty string');
  else if (v.length > max) report(path, `is too long (at most ${max})`);
  else return (bound += 6 * v.length + 3), v;
}

/** An array of at most LIMITS.list entries, each checked and copied by `each`. */
export function checkList<T>(v: unknown, path: string, report: Report, each: (x: unknown, p: string) => T): T[] | undefined {
  if (!Array.isArray(v)) return void report(path, 'must be an array');
  if (v.length > LIMITS.list) return void report(path, `has over ${LIMITS.list} entries`);
  bound += v.length + 2;
  // A plain loop, not map: a sparse array's holes must be checked, not skipped.
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) out.push(each(v[i], `${path}[${i}]`));
  return out;
}

/**
 * A finite number. A number field also takes a decimal number written as a string (`"120000"`
 * from a DOM attribute): ASCII digits, an optional leading '-', at most one '.', surrounding
 * whitespace ignored. No exponent, no '+', no separators, no Persian or Arabic-Indic digits:
 * those are rare in data attributes, or ambiguous ("1,200"); refusing them names the field at
 * once. (Free-form JSON reaches this with numbers only: its strings stay strings.)
 */
function finite(v: unknown, path: string, report: Report) {
  // Written so that no string, however long, makes the pattern backtrack more than linearly.
  if (typeof v == 'string' && /^\s*-?(\d+(\.\d+)?|\.\d+)\s*$/.test(v)) v = +v;
  if (typeof v !== 'number' || !isFinite(v)) report(path, 'must be a finite number');
  bound += 25;
  return v;
}

/** Copies JSON data, refusing what JSON cannot carry faithfully (cycles, BigInt, functions, NaN). */
export function copyJson(v: unknown, path: string, report: Report, depth = 1): unknown {
  bound += 2;
  if (v === null || typeof v === 'boolean') return (bound += 5), v;
  if (typeof v === 'string') return checkString(v, path, report, LIMITS.string, true);
  if (typeof v === 'number') return finite(v, path, report);
  if (depth > LIMITS.depth) return report(path, 'is nested too deeply or cyclic');
  if (Array.isArray(v)) return checkList(v, path, report, (x, p) => copyJson(x, p, report, depth + 1));
  if (!isPlainObject(v)) return report(path, `must be JSON data, not ${typeof v}`);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) member(out, k, v[k], path, report, depth);
  return out;
}

/** Copies one member of an object as JSON data (the key itself must be safe to set). */
function member(out: Record<string, unknown>, k: string, x: unknown, path: string, report: Report, depth: number) {
  bound += 6 * k.length + 4;
  if (k === '__proto__') report(`${path}.${k}`, 'is not allowed as a key');
  else if (x !== undefined) out[k] = copyJson(x, `${path}.${k}`, report, depth + 1);
}

function typed(kind: FieldKind, v: unknown, path: string, report: Report, required?: boolean): unknown {
  if (kind === 's') return checkString(v, path, report, required ? LIMITS.id : LIMITS.string, !required);
  if (kind === 'n') return finite(v, path, report);
  if (kind === 'items') return checkList(v, path, report, (x, p) => fields(x, p, report, itemsListFields, 3, 'itemId'));
  const ids = checkList(v, path, report, (x, p) => checkString(x, p, report, LIMITS.id));
  if (ids && !ids.length) report(path, 'must name at least one item');
  return ids;
}

/**
 * A catalog object (properties, an itemsList entry) at `depth`: its known fields typed, the
 * others kept as JSON data with a warning. A person would call refusing an event for one
 * extra property pedantic; the collector shows the warning to whoever reads the data.
 */
function fields(v: unknown, path: string, report: Report, spec: Readonly<Record<string, FieldKind>>, depth: number, required?: string) {
  if (!isPlainObject(v)) return void report(path, 'must be an object');
  const out: Record<string, unknown> = {};
  bound += 2;
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === undefined) continue;
    // Catalog field names need no escaping.
    if (has(spec, k)) (bound += k.length + 4), (out[k] = typed(spec[k], x, `${path}.${k}`, report, k === required));
    else report(`${path}.${k}`, 'is not a known field (kept)', 1), member(out, k, x, path, report, depth);
  }
  if (required && v[required] === undefined) report(`${path}.${required}`, 'is required');
  return out;
}

function aggregations(v: unknown, report: Report, mode: Mode): unknown {
  const out = checkList(v, 'aggregations', report, (a, p) => {
    if (!isPlainObject(a)) return void report(p, 'must be an object');
    const field = checkString(a.userAggregationfield, `${p}.userAggregationfield`, report, LIMITS.id);
    if (mode === 'server') return { userAggregationfield: field, point: finite(a.point, `${p}.point`, report) };
    // Points per field are configured per project; the collector ignores one a browser sends.
    if (a.point !== undefined && mode === 'browser') report(`${p}.point`, 'is set per project, not by a browser');
    if (a.operation !== '+' && a.operation !== '-') report(`${p}.operation`, 'must be "+" or "-"');
    return { userAggregationfield: field, operation: a.operation };
  });
  if (out && out.length > LIMITS.aggregations) report('aggregations', `has over ${LIMITS.aggregations} entries`);
  return out;
}

/**
 * Checks one event body against the catalog and returns a clean copy, or the reasons it is
 * refused. Never throws, whatever it is given (getters that throw, proxies, cycles).
 * `known`, in the browser: the ids the SDK adds (stamped into the copy), or just whether it
 * will add a userId (identify / signIn), which satisfies `userId`. `url`: the page's address,
 * `fullUrl`'s default, cut to the field limit.
 */
export function checkEvent(body: unknown, mode: Mode, known?: boolean | Stamp, url?: string): Checked {
  const errors: string[] = [];
  let warnings: string[] | undefined;
  let name = 'event';
  const report: Report = (path, problem, warn) => void (warn ? (warnings ??= []) : errors).push(`${name}: ${path} ${problem}`);
  try {
    if (!isPlainObject(body)) return { errors: ['event: must be an object with a name'] };
    const n = body.name;
    // Catalog names need no pattern test: the common case of send() stays cheap.
    const entry: CatalogEntry | undefined = typeof n === 'string' && has(catalog, n) ? (catalog as Record<string, CatalogEntry>)[n] : undefined;
    if (!entry && (typeof n !== 'string' || !CUSTOM_NAME.test(n))) {
      report('name', 'must be 1-64 letters, digits or _.:- starting with a letter');
      return { errors };
    }
    name = n as string;
    if (entry?.backend && mode !== 'server') return { errors: [`${name}: is backend only (send it from the site's server)`] };
    const out: Record<string, unknown> = { name };
    const stamp = typeof known == 'object' ? known : undefined;
    // The envelope's own keys and ids are few and short (LIMITS.id): a fixed allowance covers them.
    bound = 4096;
    for (const k of Object.keys(body)) {
      const v = body[k];
      if (k === 'name' || v === undefined) continue;
      if (!ENVELOPE.includes(k)) report(k, 'is not a field of an event');
      else if (mode === 'browser' && !stamp?.hooked && STAMPED.includes(k)) report(k, 'is set by the SDK');
      else if (k === 'properties') out[k] = entry ? fields(v, k, report, entry.props, 1) : copyJson(v, k, report);
      else if (k === 'workFlowPath') {
        if (typeof v !== 'string' || !WORKFLOW_PATH.test(v)) report(k, 'must be "webhook/NAME" or "webhook-test/NAME"');
        else out[k] = v;
      } else if (k === 'aggregations') out[k] = aggregations(v, report, mode);
      else if (k === 'time') {
        if (typeof v !== 'string' || isNaN(Date.parse(v))) report(k, 'must be an ISO 8601 date');
        else out[k] = v;
      } else if (has(TOP, k)) {
        if (entry && !entry.top?.[k]) report(k, `is not a field of ${name}`);
        else out[k] = typed(TOP[k], v, k, report, true);
      } else out[k] = checkString(v, k, report, LIMITS.id);
    }
    if (entry?.top) for (const k of Object.keys(entry.top)) if (body[k] === undefined) report(k, 'is required');
    const ids = entry?.ids;
    const needUser = ids === 'user' || ids === 'both';
    if (mode === 'browser') {
      if (entry?.bodyUser && body.userId === undefined) report('userId', 'is required');
      else if (needUser && body.userId === undefined && !(stamp ? stamp.userId : known))
        report('userId', 'is required: identify() or signIn first');
    } else {
      if (needUser && body.userId === undefined) report('userId', 'is required');
      if ((mode === 'collector' || ids === 'anon' || ids === 'both') && body.anonymousId === undefined)
        report('anonymousId', 'is required');
      if (mode === 'collector') for (const k of ['time', 'messageId']) if (body[k] === undefined) report(k, 'is required');
    }
    if (stamp) {
      // Named, not looped over: this runs in every send().
      const { userId, anonymousId, novinAB } = stamp;
      if (userId && out.userId === undefined) out.userId = checkString(userId, 'userId', report, LIMITS.id);
      if (anonymousId) out.anonymousId = checkString(anonymousId, 'anonymousId', report, LIMITS.id);
      if (novinAB) out.novinAB = checkString(novinAB, 'novinAB', report, LIMITS.id);
    }
    // A page's address can outgrow the field (long query strings): cut, never refused.
    if (url && entry?.props.fullUrl)
      ((out.properties ??= {}) as Record<string, unknown>).fullUrl ??= checkString(url.slice(0, LIMITS.string), 'fullUrl', report, LIMITS.string);
    // The limit is on the event as the collector receives it (UTF-8, with what is stamped
    // later). The exact (costly) measure runs only when the bound says it might be reached.
    if (!errors.length && bound > LIMITS.eventBytes - LATER.time - LATER.messageId - LATER.ids) {
      const size =
        new Blob([JSON.stringify(out)]).size +
        (out.time ? 0 : LATER.time) +
        (out.messageId ? 0 : LATER.messageId) +
        (mode == 'browser' && !out.anonymousId ? LATER.ids : 0);
      if (size > LIMITS.eventBytes) report('body', `is too large (${size} bytes, at most ${LIMITS.eventBytes})`);
    }
    return { event: errors.length ? undefined : out, errors, warnings };
  } catch {
    return { errors: [...errors, `${name}: could not be read`] };
  }
}
