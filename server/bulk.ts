import { request, type ServerError, type Transport } from './http.js';

/** The collector takes at most this many records per bulk request (SPEC §5). */
export const MAX_CHUNK = 500;

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
}

/** The outcome of a bulk call: one entry per request, in order. */
export interface BulkResult {
  ok: boolean;
  total: number;
  /** Records in chunks the collector accepted. */
  sent: number;
  /** Records in chunks that failed or were skipped: re-send them with `chunks[i].from` / `count`. */
  failed: number;
  chunks: ChunkResult[];
}

/**
 * Sends `records` as `{[key]: chunk}` requests of at most `size`, one after another so a big
 * sync never floods the collector. A failed chunk does not stop the rest, except a refused
 * token, which would fail every later chunk the same way.
 */
export async function sendBulk(t: Transport, path: string, key: string, records: unknown[], size: number): Promise<BulkResult> {
  const chunks: ChunkResult[] = [];
  let refused: ChunkResult | undefined;
  for (let from = 0, index = 0; from < records.length; from += size, index++) {
    const count = Math.min(size, records.length - from);
    if (refused) {
      chunks.push({ index, from, count, ok: false, status: refused.status, attempts: 0, error: refused.error, skipped: true });
      continue;
    }
    try {
      const answer = await request(t, 'POST', path, { [key]: records.slice(from, from + count) });
      chunks.push({ index, from, count, ok: true, status: answer.status, attempts: answer.attempts, body: answer.body });
    } catch (e) {
      const error = e as ServerError;
      const status = error.status ?? 0;
      const chunk: ChunkResult = { index, from, count, ok: false, status, attempts: error.attempts, error };
      chunks.push(chunk);
      if (status === 401 || status === 403) refused = chunk;
    }
  }
  const sent = chunks.reduce((n, c) => n + (c.ok ? c.count : 0), 0);
  return { ok: sent === records.length, total: records.length, sent, failed: records.length - sent, chunks };
}
