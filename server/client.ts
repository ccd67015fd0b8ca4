import type { CatalogName, ServerEventOf } from '../src/events/index.js';
import type { Item, User } from '../src/events/records.js';
import { MAX_CHUNK, MAX_CHUNK_BYTES, sendBulk, type BulkResult, type ChunkLimits } from './bulk.js';
import { request, type Answer, type RetryOptions, type Transport } from './http.js';
import { redactor } from './redact.js';
import { checkId, checkMany, checkOne, checkServerEvent, checkServerEvents, invalid, type EventWarning } from './validate.js';
import { mergeWarnings, warningsIn } from './warnings.js';

export interface ServerClientOptions {
  /**
   * Where catalogue and user data go, e.g. `https://cdp.novin.marketing` (paths like /api/items
   * are added), and events too unless `eventsEndpoint` says otherwise.
   */
  endpoint: string;
  /** Where events go (`/api/events`, `/api/events/bulk`), e.g. `https://events.dp.unexo.ir`. @default endpoint */
  eventsEndpoint?: string;
  /** The project's secret access token, sent as `Authorization: Bearer …`; never logged. */
  accessToken: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Time allowed for one attempt before it counts as a network error. @default 30000 */
  timeoutMs?: number;
  /** Records per bulk request, at most 500. @default 500 */
  chunkSize?: number;
  /** Bytes of JSON per bulk request; a chunk closes early rather than pass it. @default 1000000 */
  maxChunkBytes?: number;
  /** Receives one line per retry; the access token never appears in it. */
  log?: (message: string) => void;
  /**
   * Told about each event that was kept with remarks (an unknown property): our own check's
   * and the collector's, once per event, after the collector took it. Also in the results.
   */
  onWarning?: (warning: EventWarning) => void;
}

/** A sent event: the messageId it went out with (the collector de-duplicates on it), the answer, and its remarks. */
export interface SentEvent extends Answer {
  messageId: string;
  /** Kept with these remarks, e.g. `itemView: properties.color is not a known field (kept)`; empty when none. */
  warnings: string[];
}

/** A bulk call of events: as for records, plus the events kept with remarks, by position in your list. */
export interface EventsBulkResult extends BulkResult {
  warnings: EventWarning[];
}

export interface ServerClient {
  events: {
    /** POST /api/events: one catalog or custom event; `messageId` and `time` are added when missing. */
    send<N extends string>(event: ServerEventBody<N>): Promise<SentEvent>;
    /** POST /api/events/bulk in requests of at most 500: purchase history and other back-filled events. */
    bulk<N extends string>(events: Array<ServerEventBody<N>>): Promise<EventsBulkResult>;
  };
  items: RecordApi<Item>;
  users: RecordApi<User>;
}

export interface RecordApi<T> {
  /** Creates or updates one record. */
  upsert(record: T): Promise<Answer>;
  /** Creates or updates many, in requests of at most 500. */
  bulk(records: T[]): Promise<BulkResult>;
  /** Deletes one record; resolves `deleted: false` when the collector did not know it (404). */
  delete(id: string): Promise<Answer & { deleted: boolean }>;
}

/**
 * What the server client accepts for a name: the catalog's shape for catalog names (ids,
 * required fields and typed properties), free-form properties for any other name.
 */
export type ServerEventBody<N extends string> = N extends CatalogName ? ServerEventOf<N> : CustomServerEvent<N>;

/** An event outside the catalog, as a server sends it: free-form properties. */
export interface CustomServerEvent<N extends string = string> {
  name: N;
  userId?: string;
  anonymousId?: string;
  novinAB?: string;
  properties?: Record<string, unknown>;
  workFlowPath?: `webhook/${string}` | `webhook-test/${string}`;
  aggregations?: Array<{ userAggregationfield: string; point: number }>;
  time?: string;
  messageId?: string;
}

/** The base URL without a trailing slash; a problem is named by `option`, never quoting the value. */
function baseUrl(value: unknown, option: string, errors: string[]): string {
  try {
    const u = new URL(String(value));
    if (u.protocol !== 'https:' && u.protocol !== 'http:') errors.push(`${option} must be an http(s) URL`);
    return u.origin + u.pathname.replace(/\/+$/, '');
  } catch {
    errors.push(`${option} must be an absolute URL, like https://cdp.example.com`);
    return '';
  }
}

function transport(o: ServerClientOptions): Transport {
  const errors: string[] = [];
  const data = baseUrl(o.endpoint, 'endpoint', errors);
  const events = o.eventsEndpoint === undefined ? data : baseUrl(o.eventsEndpoint, 'eventsEndpoint', errors);
  // Named, never echoed: the value is the secret.
  if (typeof o.accessToken !== 'string' || !o.accessToken.trim()) errors.push('accessToken must be a non-empty string');
  // fetch would refuse such a header value and quote it in its error, token and all.
  else if (!/^[\x21-\x7e]+$/.test(o.accessToken)) errors.push('accessToken must be printable ASCII without spaces or line breaks');
  const f = o.fetch ?? globalThis.fetch;
  if (typeof f !== 'function') errors.push('fetch must be a function (Node 20+ has one built in)');
  const chunk = o.chunkSize ?? MAX_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > MAX_CHUNK) errors.push(`chunkSize must be an integer from 1 to ${MAX_CHUNK}`);
  const bytes = o.maxChunkBytes ?? MAX_CHUNK_BYTES;
  if (!Number.isInteger(bytes) || bytes < 1) errors.push('maxChunkBytes must be a positive integer');
  const r = o.retry ?? {};
  if (r.attempts !== undefined && !(Number.isInteger(r.attempts) && r.attempts >= 1)) errors.push('retry.attempts must be an integer of at least 1');
  for (const [name, v] of [['retry.baseMs', r.baseMs], ['retry.capMs', r.capMs], ['retry.maxRetryAfterMs', r.maxRetryAfterMs], ['timeoutMs', o.timeoutMs]] as const)
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && isFinite(v))) errors.push(`${name} must be a finite number of milliseconds`);
  if (errors.length) throw invalid(errors);
  return {
    urls: { events, data },
    token: o.accessToken,
    redact: redactor(o.accessToken),
    // Called unbound: some fetch implementations throw when `this` is not their own global.
    fetch: (input, init) => f(input, init),
    retry: { attempts: r.attempts ?? 5, baseMs: r.baseMs ?? 500, capMs: r.capMs ?? 30_000, maxRetryAfterMs: r.maxRetryAfterMs ?? 60_000 },
    timeoutMs: o.timeoutMs ?? 30_000,
    log: o.log,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  };
}

/**
 * A client for the server-side API of SPEC §4–5, for a site's backend (Node 20+). Every call
 * validates its input first and rejects with a NovinError of kind 'invalid' naming the field,
 * before any request is made.
 * @example
 * const novin = createServerClient({ endpoint: 'https://cdp.novin.marketing', eventsEndpoint: 'https://events.dp.unexo.ir', accessToken: process.env.NOVIN_TOKEN! });
 * await novin.events.send({ name: 'purchaseApproved', userId: 'u1', itemIdList: ['sku-1'] });
 */
export function createServerClient(options: ServerClientOptions): ServerClient {
  const t = transport(options);
  const now = () => new Date();
  const size: ChunkLimits = { records: options.chunkSize ?? MAX_CHUNK, bytes: options.maxChunkBytes ?? MAX_CHUNK_BYTES };
  // Validation throws synchronously; wrapping keeps every failure on the promise, where callers look.
  const run = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => (...a: A) => Promise.resolve().then(() => fn(...a));
  const records = <T>(kind: 'item' | 'user'): RecordApi<T> => {
    const base = `/api/${kind}s`;
    return {
      upsert: run((record: T) => request(t, 'POST', base, checkOne(kind, record))),
      bulk: run((list: T[]) => sendBulk(t, `${base}/bulk`, `${kind}s`, checkMany(kind, list), size)),
      delete: run(async (id: string) => {
        const answer = await request(t, 'DELETE', `${base}/${encodeURIComponent(checkId(kind, id))}`, undefined, [404]);
        return { ...answer, deleted: answer.status !== 404 };
      }),
    };
  };
  const warn = (list: EventWarning[]) => {
    for (const w of list)
      try {
        options.onWarning?.(w);
      } catch {
        // The event is delivered: a failing callback must not turn that into a rejection.
      }
  };
  return {
    events: {
      send: run(async (event: ServerEventBody<string>) => {
        const checked = checkServerEvent(event, now);
        const messageId = checked.event.messageId as string;
        const answer = await request(t, 'POST', '/api/events', checked.event);
        const [merged] = mergeWarnings([{ messageId, warnings: checked.warnings }], warningsIn(answer.body, 0, 1).map((w) => ({ ...w, index: undefined, messageId })));
        const warnings = merged?.warnings ?? [];
        if (warnings.length) warn([{ messageId, warnings }]);
        return { ...answer, messageId, warnings };
      }),
      bulk: run(async (list: Array<ServerEventBody<string>>) => {
        const { events, warnings: ours } = checkServerEvents(list, now);
        const result = await sendBulk(t, '/api/events/bulk', 'events', events, size);
        // Remarks only for events the collector kept: in an accepted chunk, not refused one by one.
        const kept = (i: number) => result.chunks.some((c) => c.ok && i >= c.from && i < c.from + c.count && !c.rejected?.some((r) => r.index === i));
        const warnings = mergeWarnings(ours, ...result.chunks.map((c) => c.warnings ?? [])).filter((w) => w.index !== undefined && kept(w.index));
        warn(warnings);
        return { ...result, warnings };
      }),
    },
    items: records<Item>('item'),
    users: records<User>('user'),
  };
}
