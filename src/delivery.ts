/**
 * The page's side of delivery: buffers sends, stores them together, decides when to drain,
 * backs off, and hands what is queued to the browser when the page hides.
 */
import { drain, MAX_BATCH, registerSync, settle, stamp, type DrainContext, type Ids } from './drain.js';
import { novinError, type NovinError } from './errors.js';
import { onPageChange } from './lifecycle.js';
import { BUSY } from './lock.js';
import { createQueue, recordKey, type Queue, type Rec } from './queue.js';
import { backoff } from './retry.js';
import { noop, readLocal, writeLocal } from './storage.js';
import { uuid } from './uuid.js';
import { beacon, envelope, eventsUrl, post } from './transport.js';

export interface DeliveryConfig {
  endpoint: string;
  projectId: string;
  /**
   * The visitor's ids for stamping, from memory (anonymousId is undefined until the collector
   * issued it); undefined until the page has read the visitor's choice: nothing leaves before.
   * With a record's key: the ids that record is stamped with.
   */
  _ids(key?: string): Ids | undefined;
  _onError(e: NovinError): void;
  _log?(message: string, detail?: unknown): void;
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
/** No wait is longer than the longest Retry-After honoured (retry.ts), far inside setTimeout's range. */
const MAX_WAIT = 3_600_000;
/**
 * The newest key any tab has settled for this project and collector. A hiding tab cannot wait
 * for IndexedDB, so this synchronous, shared mark keeps it from re-sending what a sibling tab
 * just delivered.
 */
const MARK = 'novin:settled ';
/**
 * Keys the collector confirmed and IndexedDB may not have forgotten yet: a tab can learn an
 * answer and be closed before the removal commits. Whichever page drains next removes them.
 */
const ANSWERED = 'novin:answered';
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
  const url = eventsUrl(config.endpoint, config.projectId);
  const mark = MARK + url;
  const store = createQueue({
    // The caps (maxEvents, maxBytes, maxAgeDays) pass straight through.
    ...config,
    _target: url,
    _onDrop: (count, why) => config._onError(novinError('dropped', `${count} stored event(s) dropped: ${why}`, { count })),
    _onFallback(err) {
      const m = 'IndexedDB failed; queue in memory';
      config._log?.(m, err);
      config._onError(novinError('storage', m));
    },
  });
  // Every removal but the note's own is of events the collector answered for: noted first.
  const queue: Queue = {
    ...store,
    async _remove(keys) {
      writeLocal(ANSWERED, keys.join(' '));
      await store._remove(keys);
      writeLocal(ANSWERED, undefined);
    },
  };

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
  // On the monotonic clock: a wall clock moved back must not stretch a wait.
  let holdUntil = 0;
  let offline = false;
  // Keys handed to keepalive and not yet answered, or taken by a beacon (never answered): this
  // page does not hand them over twice.
  const unloading = new Set<string>();
  // Keepalive requests of a hand-off still out: meanwhile the page's own requests would repeat them.
  let handing = 0;

  const disarm = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const arm = (ms: number) => {
    disarm();
    timer = setTimeout(() => ((timer = undefined), flush()), Math.min(ms, MAX_WAIT));
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
    return queue._put(recs).then(() => {
      // Stored while offline: the sync is left now that they are there to deliver (one left as
      // the network went may already have run, on an empty queue, or never been left: a page
      // loaded offline hears no 'offline').
      if (!navigator.onLine) syncLater().catch(noop);
      fresh += recs.length;
      if (running) again = true;
      else if (fresh >= batchSize) flush();
      else if (!timer) arm(Math.max(interval, holdUntil - performance.now()));
    });
  }

  const ctx: DrainContext = {
    ...config,
    _queue: queue,
    _owner: owner,
    // While the page hands events to the browser, its own requests would only repeat them.
    _stopped: () => off || !!handing,
    _settled: (k: string) => writeLocal(mark, k),
  };

  async function run(): Promise<void> {
    const answered = readLocal(ANSWERED);
    if (answered) writeLocal(ANSWERED, undefined), await store._remove(answered.split(' '));
    do {
      again = false;
      fresh = 0;
      const a = await drain(ctx);
      if (a === BUSY) return arm(1000);
      if (a) {
        attempt++;
        if ((offline = !a.status)) syncLater().catch(noop);
        const delay = Math.max(backoff(attempt), a.retryAfter ?? 0);
        holdUntil = performance.now() + delay;
        arm(delay);
        return config._onError(novinError('delivery', `HTTP ${a.status}; retry in ${delay} ms`, { status: a.status }));
      }
      attempt = 0;
    } while (again);
  }

  function flush(): Promise<void> {
    const wait = holdUntil - performance.now();
    if (off || !config._ids()?.anonymousId) return Promise.resolve();
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
    if (off) return;
    if (buffer) writing = write();
    // Offline nothing can leave now: the site's worker, if any, delivers once the network is back.
    // Before the visitor's choice is read nothing may (a refusal only IndexedDB holds).
    if (!navigator.onLine || !config._ids()) return;
    // The collector asked to wait (Retry-After, a backoff): still hand over one request, the
    // oldest events, in case this page never comes back; the rest waits in the queue.
    const hold = performance.now() < holdUntil && !offline;
    if (hold && handing) return;
    let chunk: string[] = [];
    let recs: Rec[] = [];
    let bytes = 60;
    const out = () => {
      if (!chunk.length) return;
      const body = envelope(chunk);
      const sent = recs;
      for (const r of sent) unloading.add(r.k);
      chunk = [];
      recs = [];
      bytes = 60;
      handing++;
      // If the page survives, the answer confirms; if not, the records stay and go next visit.
      post(url, body, true)
        .then((a): unknown => {
          // Over the keepalive quota (or refused): the beacon is the last way out, unconfirmed.
          if (!a.status) return beacon(url, body);
          if (a.status < 300) return settle(ctx, sent, a).then(noop);
        })
        .catch(noop)
        .then((beaconed) => {
          if (!beaconed) for (const r of sent) unloading.delete(r.k);
          // A page that lives on delivers the rest a moment later; a closing one is gone by then
          // (starting a request now would only repeat, from a closing page, what it handed over).
          if (!--handing) arm(interval);
        });
    };
    // Only records in the shared database can have been settled by another tab. A mark from
    // the future was set before the clock went back: it would hide records nobody delivered.
    let done = (queue._shared() && readLocal(mark)) || '';
    if (done > 'e:' + Date.now() + ';') done = '';
    // What this page's own request carries may arrive without help, or not (the page may close
    // before its body, or its preflight, left): it goes last, so the browser's budget goes first
    // to events that have not left at all.
    const flying = new Set(ctx._sending?.map((r) => r.k));
    for (const r of queue._known().sort((a, b) => +flying.has(a.k) - +flying.has(b.k))) {
      const ids = config._ids(r.k)!;
      if (unloading.has(r.k) || (r.k <= done && !queue._unwritten(r.k)) || !(r.e.anonymousId || ids.anonymousId)) continue;
      const s = JSON.stringify(stamp(r.e, ids));
      const n = wireBytes(s) + 1;
      if (n + 60 > UNLOAD_BYTES) continue;
      if (bytes + n > UNLOAD_BYTES) {
        out();
        if (hold) return;
      }
      chunk.push(s), recs.push(r), (bytes += n);
    }
    out();
  }

  onPageChange({
    hidden: hide,
    visible: () => void flush(),
    network() {
      // Gone: the tab may be closed before the network is back, and a closing tab has no time
      // left to ask, so the worker's Background Sync is left now (not before the visitor's
      // choice is known: the worker would open IndexedDB).
      if (!navigator.onLine) return void (!off && config._ids() && syncLater().catch(noop));
      // Back: a network-error backoff no longer applies; a collector's Retry-After does.
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
      buffer.push({ k: recordKey(t, seq++, owner), e, t, b: 0, u: url });
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
      await queue._clear();
    },
  };
}
