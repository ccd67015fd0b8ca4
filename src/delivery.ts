/**
 * The page's side of delivery: buffers sends, stores them together, decides when to drain,
 * backs off, and hands what is queued to the browser when the page hides.
 */
import { drain, MAX_BATCH, registerSync, settle, stamp, type Ids } from './drain.js';
import { novinError, type NovinError } from './errors.js';
import { onPageChange } from './lifecycle.js';
import { BUSY } from './lock.js';
import { createQueue, recordKey, type Rec } from './queue.js';
import { backoff } from './retry.js';
import { readLocal, writeLocal } from './storage.js';
import { uuid } from './uuid.js';
import { beacon, envelope, eventsUrl, post } from './transport.js';

export interface DeliveryConfig {
  endpoint: string;
  projectId: string;
  /** The visitor's ids for stamping, from memory. anonymousId is undefined until the collector issued it. */
  ids(): Ids;
  onError(e: NovinError): void;
  log?(message: string, detail?: unknown): void;
  /** Queued events that trigger a request without waiting for the timer. @default 100 */
  batchSize?: number;
  /** How long a send waits for company before a request goes out (ms). @default 1000 */
  flushInterval?: number;
  maxEvents?: number;
  maxBytes?: number;
  maxAgeDays?: number;
}

export interface Delivery {
  /** Stores one validated event; resolves once it is durably stored (or held in memory). */
  enqueue(event: Record<string, unknown>): Promise<void>;
  /** Tries to deliver now. */
  flush(): Promise<void>;
  /** Opt-out: forgets the queued events and stops sending until the next enqueue or resume. */
  clear(): Promise<void>;
  /** Opt-in again: delivers what other tabs queued meanwhile. */
  resume(): void;
}

/** A page may have about 64 KB of keepalive/beacon bodies in flight; leave room for others. */
const UNLOAD_BYTES = 60_000;
const noop = () => {};
/**
 * The newest key any tab has settled. A hiding tab cannot wait for IndexedDB, so this
 * synchronous, shared mark keeps it from re-sending what a sibling tab just delivered.
 */
const MARK = 'novin:settled';
/**
 * Offline, this tab may be closed before the network is back: a site whose pages have our
 * worker (push sites) leaves it a Background Sync, and it drains the queue then.
 */
const syncLater = async () => registerSync(await navigator.serviceWorker?.getRegistration());
// Non-ASCII can take up to 3 bytes per UTF-16 unit on the wire.
const wireBytes = (s: string) => (/^[\x00-\x7f]*$/.test(s) ? s.length : s.length * 3);

export function createDelivery(config: DeliveryConfig): Delivery {
  const batchSize = Math.min(MAX_BATCH, config.batchSize || 100);
  const interval = config.flushInterval ?? 1000;
  const owner = Math.random().toString(36).slice(2, 8);
  const queue = createQueue({
    maxEvents: config.maxEvents,
    maxBytes: config.maxBytes,
    maxAgeDays: config.maxAgeDays,
    onDrop: (count, why) => config.onError(novinError('dropped', `${count} stored event(s) dropped: ${why}`, { count })),
    onFallback(err) {
      const m = 'IndexedDB failed; queue kept in memory for this page';
      config.log?.(m, err);
      config.onError(novinError('storage', m));
    },
  });

  let seq = 0;
  let off = false;
  // Sends of the current tick, written in one transaction.
  let buffer: Rec[] | undefined;
  let writing: Promise<void> = Promise.resolve();
  // Stored since the last drain began: the size trigger.
  let fresh = 0;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let holdUntil = 0;
  let offline = false;
  // Keys handed to keepalive/beacon and not yet answered: not handed over twice.
  const unloading = new Set<string>();

  const disarm = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const arm = (ms: number) => {
    disarm();
    timer = setTimeout(() => ((timer = undefined), flush()), ms);
  };

  function write(): Promise<void> {
    const recs = buffer;
    buffer = undefined;
    // Opt-out dropped the buffer, or the page hiding already wrote it.
    if (!recs) return Promise.resolve();
    // Stamped here, once per tick for the whole burst, rather than inside each send():
    // `time` is still the moment of the send (r.t), and no record is stored without a messageId.
    for (const r of recs) {
      r.e.time ??= new Date(r.t).toISOString();
      r.e.messageId ??= uuid();
      r.b = JSON.stringify(r.e).length;
    }
    return queue.put(recs).then(() => {
      fresh += recs.length;
      if (running) again = true;
      else if (fresh >= batchSize) flush();
      else if (!timer) arm(Math.max(interval, holdUntil - Date.now()));
    });
  }

  const ctx = { ...config, queue, owner, stopped: () => off, settled: (k: string) => writeLocal(MARK, k) };

  async function run(): Promise<void> {
    do {
      again = false;
      fresh = 0;
      const a = await drain(ctx);
      if (a === BUSY) return arm(1000);
      if (a) {
        attempt++;
        if ((offline = !a.status)) syncLater().catch(noop);
        const delay = Math.max(backoff(attempt), a.retryAfter ?? 0);
        holdUntil = Date.now() + delay;
        arm(delay);
        return config.onError(novinError('delivery', `HTTP ${a.status}; retry in ${delay} ms`, { status: a.status }));
      }
      attempt = 0;
    } while (again);
  }

  function flush(): Promise<void> {
    const wait = holdUntil - Date.now();
    if (off || !config.ids().anonymousId) return Promise.resolve();
    if (wait > 0) return arm(wait), Promise.resolve();
    if (running) return (again = true), running;
    disarm();
    // Never rejects: a throwing hook must not leave an unhandled rejection in the page.
    return (running = run()
      .catch(noop)
      .finally(() => (running = undefined)));
  }

  /** The page is hiding and may never come back: hand what is queued to the browser now. */
  function hide() {
    const ids = config.ids();
    // Offline, a beacon may still be queued by the browser and land later; the next visit sends anyway.
    if (off || (Date.now() < holdUntil && !offline) || !navigator.onLine) return;
    if (buffer) writing = write();
    const url = eventsUrl(config.endpoint, config.projectId);
    let chunk: string[] = [];
    let recs: Rec[] = [];
    let bytes = 20;
    const out = () => {
      if (!chunk.length) return;
      const body = envelope(chunk);
      const sent = recs;
      for (const r of sent) unloading.add(r.k);
      chunk = [];
      recs = [];
      bytes = 20;
      // If the page survives, the answer confirms; if not, the records stay and go next visit.
      post(url, body, true)
        .then((a) => {
          // Over the keepalive quota (or refused): the beacon is the last way out; unconfirmed either way.
          if (!a.status) beacon(url, body);
          else if (a.status < 300) return settle({ queue, onError: config.onError }, sent, a);
        })
        .catch(noop)
        .finally(() => sent.forEach((r) => unloading.delete(r.k)));
    };
    // Only records in the shared database can have been settled by another tab.
    const done = (queue.shared() && readLocal(MARK)) || '';
    for (const r of queue.known()) {
      if (unloading.has(r.k) || (r.k <= done && !queue.unwritten(r.k)) || !(r.e.anonymousId || ids.anonymousId)) continue;
      const s = JSON.stringify(stamp(r.e, ids));
      const n = wireBytes(s) + 1;
      if (n + 20 > UNLOAD_BYTES) continue;
      if (bytes + n > UNLOAD_BYTES) out();
      chunk.push(s), recs.push(r), (bytes += n);
    }
    out();
  }

  onPageChange({
    hidden: hide,
    visible: () => void flush(),
    online() {
      // Back online: a network-error backoff no longer applies; a collector's Retry-After does.
      if (offline) {
        holdUntil = 0;
        attempt = 0;
      }
      flush();
    },
  });
  // Page load: whatever earlier visits left behind goes out once the id is known.
  setTimeout(flush);

  return {
    enqueue(e) {
      off = false;
      const t = Date.now();
      if (!buffer) {
        buffer = [];
        writing = writing.then(write, write);
        // Marked handled once per tick, not once per send: a burst shares this promise.
        writing.catch(noop);
      }
      buffer.push({ k: recordKey(t, seq++, owner), e, t, b: 0 });
      return writing;
    },
    flush,
    resume() {
      off = false;
      void flush();
    },
    async clear() {
      off = true;
      buffer = undefined;
      disarm();
      await writing.catch(noop);
      await queue.clear();
    },
  };
}
