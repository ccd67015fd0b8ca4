/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Bulk endpoints and the browser ingest take at most this many records per request. */
export const MAX_BULK = 500;
/** Characters of a refused payload the inspector keeps (as JSON); the rest is cut. */
export const PAYLOAD_MAX = 16_384;
/**
 * Remarks a timeline row keeps in memory (a refusal's reasons, a kept event's warnings), and
 * characters of each. The answer lists every one, but a 32 kB event can earn 160 kB of them,
 * and --max-events rows of that would be gigabytes.
 */
export const REMARKS_MAX = 20;
const REMARK_CHARS = 500;

/** The first REMARKS_MAX remarks, each cut to REMARK_CHARS, and how many more there were. */
export function boundedRemarks(remarks: string[], noun: 'reasons' | 'warnings'): string[] {
  const kept = remarks.slice(0, REMARKS_MAX).map((r) => (r.length > REMARK_CHARS ? `${r.slice(0, REMARK_CHARS)}…` : r));
  return remarks.length > REMARKS_MAX ? [...kept, `… and ${remarks.length - REMARKS_MAX} more ${noun}`] : kept;
}

// The text of each request's body once read, so a refusal can show what was refused.
const bodies = new WeakMap<Request, string>();

/** The body text a route read from this request, if it got that far. */
export const bodyTextOf = (req: Request): string | undefined => bodies.get(req);

/**
 * Deeper payloads are not kept as parsed JSON: JSON.parse takes any depth, but JSON.stringify
 * and structuredClone recurse, and a few thousand levels (a 10 kB body) overflow the stack of
 * the journal, the timeline and the inspector page alike.
 */
export const PAYLOAD_DEPTH = 64;

/** True when arrays and objects nest more than `max` levels; walks with its own stack, so any depth is fine. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const x of Object.values(v)) stack.push([x, depth + 1]);
  }
  return false;
}

/** A refused payload as the inspector keeps it: as it came, or its JSON cut to PAYLOAD_MAX characters. */
export function boundedPayload(value: unknown): unknown {
  if (deeperThan(value, PAYLOAD_DEPTH)) return `(nested more than ${PAYLOAD_DEPTH} levels deep: not kept)`;
  let text: string | undefined;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return '(could not be read)';
  }
  if (text === undefined || text.length <= PAYLOAD_MAX) return value;
  return `${text.slice(0, PAYLOAD_MAX)}… (${text.length} characters in all)`;
}

/** What the body of a refused request was: its JSON when it parses (and is not too deep), else its text; cut to PAYLOAD_MAX. */
export function payloadOf(req: Request): unknown {
  const text = bodies.get(req);
  if (text === undefined || !text.trim()) return undefined;
  if (text.length > PAYLOAD_MAX) return boundedPayload(text);
  try {
    const value = JSON.parse(text) as unknown;
    return deeperThan(value, PAYLOAD_DEPTH) ? text : value;
  } catch {
    return text;
  }
}

/** A refusal that becomes `{"status": "error", "message"}` with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export const errorResponse = (e: HttpError): Response => json(e.status, { status: 'error', message: e.message }, e.headers);

/**
 * Headers every answer gets. CORS only for the API (`cors`): pages on any origin post events
 * there, so the origin is echoed (with credentials allowed) rather than `*`, and the SDK works
 * whether or not it sends cookies. The inspector gets none: it holds the visitors' events and
 * can reset the mock, and any site a developer visits could otherwise read or change it.
 */
export function withCors(res: Response, origin: string | null, cors = true): Response {
  const h = new Headers(res.headers);
  if (!cors) {
    // Vary all the same: one URL answers differently by Origin (403 from another site).
    h.append('vary', 'Origin');
  } else if (origin) {
    h.set('access-control-allow-origin', origin);
    h.set('access-control-allow-credentials', 'true');
    h.append('vary', 'Origin');
  } else h.set('access-control-allow-origin', '*');
  if (cors) h.set('access-control-expose-headers', 'Retry-After');
  h.set('x-content-type-options', 'nosniff');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: h });
}

/**
 * True when a browser sent the request from a page of another origin. Without CORS such a
 * page cannot read the answer, but a simple POST (text/plain, no preflight) still runs, so the
 * inspector's writes need this check too. Compared with the Host header as well as the URL:
 * behind a server that builds the URL from its own base (127.0.0.1), the page may be on
 * `localhost`.
 */
export function fromOtherOrigin(req: Request, url: URL): boolean {
  // An <img> or <script> on another site's page sends no Origin, yet makes the inspector
  // build its answer (all of /inspector/state, a search through every row): a way for any
  // page to exhaust the mock. Fetch metadata gives it away. A link or the address bar
  // (a top-level navigation) still opens the page.
  const site = req.headers.get('sec-fetch-site');
  const navigation = req.headers.get('sec-fetch-mode') === 'navigate' && req.headers.get('sec-fetch-dest') === 'document';
  if (site !== null && site !== 'same-origin' && site !== 'none' && !navigation) return true;
  const origin = req.headers.get('origin');
  if (origin === null) return false;
  if (origin === url.origin) return false;
  const host = req.headers.get('host');
  try {
    const o = new URL(origin);
    return !(host && o.host === host && (o.protocol === 'http:' || o.protocol === 'https:'));
  } catch {
    // `Origin: null` (sandboxed frames, file:) is never the inspector's own page.
    return true;
  }
}

export function preflight(req: Request): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': req.headers.get('access-control-request-headers') ?? 'Content-Type, Authorization',
      'access-control-max-age': '600',
    },
  });
}

/**
 * Reads the body as UTF-8 text, never holding more than the limit in memory: a client may
 * lie in Content-Length or send no length at all (chunked), so the stream itself is counted.
 */
export async function readText(req: Request): Promise<string> {
  const declared = Number(req.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) throw tooLarge(declared);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(size);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.byteLength) - c.byteLength);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new HttpError(400, 'body: is not valid UTF-8 text');
  }
  bodies.set(req, text);
  return text;
}

const tooLarge = (size: number) =>
  new HttpError(413, `body: is too large (at least ${size} bytes; at most ${MAX_BODY_BYTES})`);

/**
 * Parses the body as a JSON object whatever its Content-Type: sendBeacon posts text/plain,
 * and REMP's own examples send `application/javascript`.
 */
export async function readObject(req: Request): Promise<Record<string, unknown>> {
  const text = await readText(req);
  if (!text.trim()) throw new HttpError(400, 'body: is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `body: is not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'body: must be a JSON object');
  return value as Record<string, unknown>;
}

/** A list field of a bulk body: present, an array, and within the bulk limit (413 beyond it). */
export function bulkList(body: Record<string, unknown>, field: string): unknown[] {
  const list = body[field];
  if (!Array.isArray(list)) throw new HttpError(400, `${field}: must be an array (send {"${field}": [...]})`);
  if (list.length > MAX_BULK) throw new HttpError(413, `${field}: has ${list.length} entries, at most ${MAX_BULK} per request`);
  return list;
}
