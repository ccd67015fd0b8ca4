import { request, type ServerError, type Transport } from './http.js';
import type { EventWarning } from './validate.js';
import { warningsIn } from './warnings.js';

/** The collector takes at most this many records per bulk request (SPEC §5). */
export const MAX_CHUNK = 500;
/** Bytes of JSON per bulk request: under the 1 MiB body limit of our collector, with room for the wrapper. */
export const MAX_CHUNK_BYTES = 1_000_000;

export interface ChunkLimits {
  records: number;
  bytes: number;
}

/**
 * Splits into runs of at most `limits.records` records and `limits.bytes` bytes of JSON, so
 * 500 large users (long `attributes`) still fit a request. A record bigger than the byte
 * limit on its own goes alone: the collector's answer (413) then names the problem.
 */
export function chunk(records: unknown[], limits: ChunkLimits): Array<[from: number, count: number]> {
  const out: Array<[number, number]> = [];
  const encoder = new TextEncoder();
  let from = 0;
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const size = encoder.encode(JSON.stringify(records[i])).length + 1;
    if (i > from && (i - from >= limits.records || bytes + size > limits.bytes)) {
      out.push([from, i - from]);
      from = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (records.length > from) out.push([from, records.length - from]);
  return out;
}

/** What happened to one request of a bulk call. */
export interface ChunkResult {
  /** Position of the chunk, from 0. */
  index: number;
  /** Position in your list of the chunk's first record. */
  from: number;
  count: number;
  ok: boolean;
  /** The collector's HTTP status; 0 for a network error or a chunk never sent. */
  status: number;
  attempts: number;
  /** The collector's answer (parsed JSON) when it answered. */
  body?: unknown;
  /** Why the chunk failed, after its retries. */
  error?: ServerError;
  /** Not sent: an earlier chunk's token was refused (401/403), so this one would be too. */
  skipped?: true;
  /** Records of an accepted chunk that the collector still refused one by one, by position in your list. */
  rejected?: Rejected[];
  /** Events of an accepted chunk the collector kept with remarks (unknown properties), by position in your list. */
  warnings?: EventWarning[];
}

export interface Rejected {
  index: number;
  errors: string[];
}

/** The outcome of a bulk call: one entry per request, in order. */
export interface BulkResult {
  ok: boolean;
  total: number;
  /** Records the collector took: in accepted chunks, less those it rejected one by one. */
  sent: number;
  /** Records refused one by one inside accepted chunks (see `chunks[i].rejected`); re-sending will not help. */
  rejected: number;
  /** Records in chunks that failed or were skipped: re-send them with `chunks[i].from` / `count`. */
  failed: number;
  chunks: ChunkResult[];
}

/**
 * Sends `records` as `{[key]: chunk}` requests within `limits`, one after another so a big
 * sync never floods the collector. A failed chunk does not stop the rest, except a refused
 * token, which would fail every later chunk the same way.
 */
export async function sendBulk(t: Transport, path: string, key: string, records: unknown[], limits: ChunkLimits): Promise<BulkResult> {
  const chunks: ChunkResult[] = [];
  let refused: ChunkResult | undefined;
  for (const [index, [from, count]] of chunk(records, limits).entries()) {
    if (refused) {
      chunks.push({ index, from, count, ok: false, status: refused.status, attempts: 0, error: refused.error, skipped: true });
      continue;
    }
    try {
      const answer = await request(t, 'POST', path, { [key]: records.slice(from, from + count) });
      const rejected = rejectedIn(answer.body, from, count);
      const warnings = warningsIn(answer.body, from, count);
      chunks.push({ index, from, count, ok: true, status: answer.status, attempts: answer.attempts, body: answer.body, ...(rejected.length && { rejected }), ...(warnings.length && { warnings }) });
    } catch (e) {
      const error = e as ServerError;
      const status = error.status ?? 0;
      const chunk: ChunkResult = { index, from, count, ok: false, status, attempts: error.attempts, error };
      chunks.push(chunk);
      if (status === 401 || status === 403) refused = chunk;
    }
  }
  const taken = chunks.reduce((n, c) => n + (c.ok ? c.count : 0), 0);
  const rejected = chunks.reduce((n, c) => n + (c.rejected?.length ?? 0), 0);
  const failed = records.length - taken;
  return { ok: !failed && !rejected, total: records.length, sent: taken - rejected, rejected, failed, chunks };
}

/** The collector's per-record refusals (`{"rejected": [{"index", "errors"}]}`), moved to positions in the caller's list. */
function rejectedIn(body: unknown, from: number, count: number): Rejected[] {
  const list = (body as { rejected?: unknown } | undefined)?.rejected;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r: { index?: unknown; errors?: unknown }) =>
    r && Number.isInteger(r.index) && (r.index as number) >= 0 && (r.index as number) < count
      ? [{ index: from + (r.index as number), errors: Array.isArray(r.errors) ? r.errors.map(String) : [] }]
      : [],
  );
}
