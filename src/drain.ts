/**
 * Delivers the queue, oldest first, until it is empty or the collector asks to wait.
 * Neutral code: the page's delivery and the service worker's `sync` handler both call it.
 */
import { novinError, type NovinError } from './errors.js';
import { BUSY, withLock } from './lock.js';
import type { Ids, Queue, Rec } from './queue.js';
import { envelope, eventsUrl, post, type Answer } from './transport.js';

export type { Ids };

export interface DrainContext {
  endpoint: string;
  projectId: string;
  _queue: Queue;
  /**
   * The visitor's ids; undefined while delivery may not start (the page has not read the
   * visitor's choice yet). With a record's key: the ids that record is stamped with.
   */
  _ids(key?: string): Ids | undefined;
  _onError(e: NovinError): void;
  /** Identifies this drainer for the lease fallback. */
  _owner: string;
  /** Stop between batches (opt-out). */
  _stopped?(): boolean;
  /** Every record stored at or before `key` has been settled (batches go oldest first). */
  _settled?(key: string): void;
  /** The batch of the request in flight, if any (set by drain). */
  _sending?: Rec[];
}

/** The Background Sync tag that has the worker drain the queue when the network is back. */
export const SYNC_TAG = 'novin-flush';

/** Leaves a Background Sync with a worker registration that supports it; nothing otherwise. */
export const registerSync = (reg: ServiceWorkerRegistration | undefined): Promise<void> | undefined =>
  (reg as { sync?: { register(tag: string): Promise<void> } } | undefined)?.sync?.register(SYNC_TAG);

/** The answers that refuse a batch for good (SPEC §10). */
const DROPPED = [400, 413, 422];

/** SPEC §10: at most 500 events per request. */
export const MAX_BATCH = 500;
/** Keeps a request well under what collectors refuse as too large. */
const MAX_BATCH_BYTES = 500_000;

/** Adds the visitor's ids to an event that was queued before they were known. */
export function stamp(e: Record<string, unknown>, ids: Ids): Record<string, unknown> {
  if (e.anonymousId) return e;
  const out: Record<string, unknown> = { ...e, anonymousId: ids.anonymousId };
  if (!out.novinAB && ids.novinAB) out.novinAB = ids.novinAB;
  return out;
}

/**
 * Records of one request: up to MAX_BATCH, within the byte budget, and always at least one so
 * an oversized event gets its answer (and is dropped) instead of blocking the queue.
 */
function take(recs: Rec[], maxBytes: number): Rec[] {
  let bytes = 0;
  let n = 0;
  while (n < recs.length && (n == 0 || bytes + recs[n].b <= maxBytes)) bytes += recs[n++].b;
  return recs.slice(0, n);
}

/** Removes what the collector answered for, reporting refusals; true when the batch is settled. */
export async function settle(ctx: Pick<DrainContext, '_queue' | '_onError'>, batch: Rec[], a: Answer): Promise<boolean> {
  // SPEC §10 drops only what a 400/413/422 refuses. Another 4xx (a wrong project id, a collector
  // being redeployed) says nothing against the events: keep them, retried within the queue's caps;
  // any other answer but a 2xx is retried too (retry.ts classify).
  const drop = DROPPED.includes(a.status);
  if (!drop && (a.status < 200 || a.status > 299)) return false;
  const keys = batch.map((r) => r.k);
  const refused = drop ? batch.length : a.rejected.length;
  if (refused)
    ctx._onError(
      novinError('dropped', `collector refused ${refused} event(s) (HTTP ${a.status}) ${JSON.stringify(a.rejected)}`, { count: refused, status: a.status }),
    );
  await ctx._queue._remove(keys);
  return true;
}

/**
 * Resolves to undefined once the queue is empty (or delivery is stopped), to the failing
 * answer when the collector should be retried later, or to BUSY when another tab holds the
 * lease.
 */
export function drain(ctx: DrainContext): Promise<Answer | undefined | typeof BUSY> {
  return withLock(ctx._queue, ctx._owner, async () => {
    const url = eventsUrl(ctx.endpoint, ctx.projectId);
    let maxBytes = MAX_BATCH_BYTES;
    for (;;) {
      const recs = await ctx._queue._read(MAX_BATCH);
      // Stopped (the page began handing its events to the browser), or no id to stamp them with
      // (checked after the read: a reset meanwhile would leave them without one): send nothing.
      if (!recs.length || ctx._stopped?.() || !ctx._ids()?.anonymousId) return;
      const batch = take(recs, maxBytes);
      ctx._sending = batch;
      const a = await post(url, envelope(batch.map((r) => JSON.stringify(stamp(r.e, ctx._ids(r.k)!)))));
      ctx._sending = undefined;
      // Too large: halve the request instead of dropping valid events; a lone event is refused.
      if (a.status == 413 && batch.length > 1) {
        maxBytes = Math.max(1, batch.reduce((s, r) => s + r.b, 0) >> 1);
        continue;
      }
      if (!(await settle(ctx, batch, a))) return a;
      ctx._settled?.(batch[batch.length - 1].k);
    }
  });
}
