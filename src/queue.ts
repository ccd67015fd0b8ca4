/**
 * The durable event queue: IndexedDB through idb-keyval, with an in-memory fallback.
 * Neutral code: runs in pages and in the service worker (no `document`, no `window`).
 */
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import { noop } from './storage.js';

/**
 * One stored event. Field names never start with `_`: the minifier renames those per bundle,
 * and the worker bundle must read what page bundles wrote.
 */
export interface Rec {
  /** Key; sorts in send order (time, then a per-page sequence, then a tab id). */
  k: string;
  /** The event as it will be sent, minus ids that are stamped at send time. */
  e: Record<string, unknown>;
  /** When it was queued (ms). */
  t: number;
  /** Size as JSON (UTF-16 units), for the byte cap and request budgets. */
  b: number;
  /**
   * Where it goes: the collector's events URL with the project. Several projects or
   * collectors may share an origin's queue; each delivers only its own. Records stored
   * before it existed lack it and go with whoever drains them.
   */
  u?: string;
}

export interface QueueOptions {
  /** The events URL whose records (Rec.u) this instance reads back; its writers set it on each. */
  _target?: string;
  /** @default 10000 */
  maxEvents?: number;
  /** @default 5000000 */
  maxBytes?: number;
  /** @default 7 */
  maxAgeDays?: number;
  /** Each IndexedDB operation (including opening) gives up after this many ms. @default 3000 */
  timeout?: number;
  /** Events evicted by a cap ('cap') or by age ('expired'). */
  _onDrop?(count: number, why: 'cap' | 'expired'): void;
  /** IndexedDB failed: the queue now lives in memory for the rest of this page or worker. */
  _onFallback?(error: unknown): void;
}

export interface Queue {
  /** Stores records in one transaction, then evicts the oldest beyond the caps. Never rejects. */
  _put(recs: Rec[]): Promise<void>;
  /** The oldest `limit` records, expired ones removed. Never rejects. */
  _read(limit: number): Promise<Rec[]>;
  _remove(keys: string[]): Promise<void>;
  /**
   * Forgets every stored event (opt-out). The visitor's ids, the push record and a lease
   * share the database but are not the queue's to drop: the worker reads the first two, and
   * another tab may be holding the lease.
   */
  _clear(): Promise<void>;
  /** What this instance knows to be stored, oldest first, without waiting (for unload). */
  _known(): Rec[];
  /** Still on IndexedDB (shared with other tabs), not on the memory fallback. */
  _shared(): boolean;
  /** Put by this instance and not yet confirmed written. */
  _unwritten(key: string): boolean;
  /** A lease for browsers without Web Locks: true when `owner` holds it for the next `ttl` ms. */
  _claim(owner: string, ttl: number): Promise<boolean>;
  _release(owner: string): Promise<void>;
}

export const DB_NAME = 'novin';
const STORE_NAME = 'kv';
const VISITOR = 'visitor';
const LEASE = 'lease';
// Event keys are 'e:<ms>:<seq><tab>'; ';' sorts right after ':', closing the range.
const range = () => IDBKeyRange.bound('e:', 'e;');

let shared: UseStore | undefined;
// Touching `indexedDB` can throw (blocked storage, sandboxed frames, hostile init scripts).
export const getStore = (): UseStore => (shared ??= createStore(DB_NAME, STORE_NAME));

/** An event record's key: send time, then a per-writer sequence and the writer, so keys sort in send order. */
export const recordKey = (t: number, n: number, owner: string): string => `e:${t}:${1e6 + (n % 1e6)}${owner}`;

// Wall-clock time that does not jump forward within this page or worker: a clock moved ahead
// by days must not expire what was stored moments ago, so elapsed time is the monotonic clock's.
const start = Date.now() - performance.now();
const now = () => Math.min(Date.now(), start + performance.now());

/**
 * Runs one transaction and resolves, once it has committed, to what `fn` returned (an object
 * its requests fill in); rejects on error, on a synchronous throw, or after `ms`.
 */
function run<T>(fn: (s: IDBObjectStore) => T, ms = 3000, mode: IDBTransactionMode = 'readwrite'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('IndexedDB did not answer')), ms);
    getStore()(mode, (s) => {
      const out = fn(s);
      return promisifyRequest(s.transaction).then(() => out);
    })
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
}

export function createQueue(o: QueueOptions = {}): Queue {
  const maxN = o.maxEvents ?? 10_000;
  const maxB = o.maxBytes ?? 5_000_000;
  const maxAge = (o.maxAgeDays ?? 7) * 864e5;
  const ms = o.timeout ?? 3000;
  const target = o._target;
  const ours = (r: Rec) => !r.u || r.u == target;
  // Mirror of what is stored, and the whole queue once IndexedDB failed.
  const known = new Map<string, Rec>();
  // Accepted but not yet confirmed written: kept in the mirror whatever a read says.
  const unwritten = new Set<string>();
  let idb = true;
  // Bytes stored as of the last full read plus what this instance added since.
  let bytes = 0;

  const sorted = () => [...known.values()].sort((a, b) => (a.k < b.k ? -1 : 1));
  const forget = (keys: Iterable<string>) => {
    for (const k of keys) known.delete(k), unwritten.delete(k);
  };
  const fail = (err: unknown) => {
    if (idb) (idb = false), o._onFallback?.(err);
  };
  // The oldest records that must go for the queue to fit both caps.
  const excess = (recs: Rec[]): string[] => {
    let n = recs.length;
    let b = recs.reduce((sum, r) => sum + r.b, 0);
    const out: string[] = [];
    for (const r of recs) {
      if (n <= maxN && b <= maxB) break;
      out.push(r.k), n--, (b -= r.b);
    }
    bytes = b;
    return out;
  };
  const change = (fn: (s: IDBObjectStore) => unknown) => run(fn, ms).catch(fail);
  const dropped = (keys: string[], why: 'cap' | 'expired') => {
    forget(keys);
    if (keys.length) o._onDrop?.(keys.length, why);
  };

  return {
    async _put(recs) {
      for (const r of recs) known.set(r.k, r), unwritten.add(r.k), (bytes += r.b);
      if (idb) {
        try {
          const evicted = await run(
            (s) => {
              const out: string[] = [];
              for (const r of recs) s.put(r, r.k);
              const count = s.count(range());
              count.onsuccess = () => {
                if (count.result <= maxN && bytes <= maxB) return;
                // Only near a cap: read everything once to find the oldest to evict.
                const all = s.getAll(range());
                all.onsuccess = () => {
                  for (const k of excess(all.result)) s.delete(k), out.push(k);
                };
              };
              return out;
            },
            ms,
          );
          for (const r of recs) unwritten.delete(r.k);
          return dropped(evicted, 'cap');
        } catch (err) {
          fail(err);
        }
      }
      dropped(excess(sorted()), 'cap');
    },

    async _read(limit): Promise<Rec[]> {
      const old = now() - maxAge;
      if (idb) {
        try {
          // Pages of `limit` records, skipping other projects' and expired ones, until `limit`
          // of ours are found or the store ends (a full view).
          const [recs, expired, full, others] = await run(
            (s) => {
              const out: [Rec[], string[], boolean, number] = [[], [], false, 0];
              const page = (from: IDBKeyRange) => {
                const req = s.getAll(from, limit);
                req.onsuccess = () => {
                  const got = req.result as Rec[];
                  for (const r of got)
                    if (!ours(r)) out[3] += r.b;
                    else if (r.t < old) s.delete(r.k), out[1].push(r.k);
                    else out[0].push(r);
                  if (got.length < limit) out[2] = true;
                  else if (out[0].length < limit) page(IDBKeyRange.bound(got[limit - 1].k, 'e;', true));
                };
              };
              page(range());
              return out;
            },
            ms,
          );
          if (full) {
            // A full view: the mirror drops what other tabs or workers already delivered.
            for (const k of known.keys()) if (!unwritten.has(k)) known.delete(k);
            bytes = others;
            for (const k of unwritten) bytes += known.get(k)!.b;
          }
          for (const r of recs) if (!known.has(r.k)) known.set(r.k, r), (bytes += r.b);
          dropped(expired, 'expired');
          return recs.slice(0, limit);
        } catch (err) {
          fail(err);
        }
      }
      const all = sorted();
      dropped(all.filter((r) => r.t < old).map((r) => r.k), 'expired');
      return all.filter((r) => r.t >= old).slice(0, limit);
    },

    async _remove(keys) {
      forget(keys);
      if (idb && keys.length) await change((s) => keys.forEach((k) => s.delete(k)));
    },

    async _clear() {
      forget([...known.keys()]);
      bytes = 0;
      if (idb) await change((s) => s.delete(range()));
    },

    _known: sorted,
    _shared: () => idb,
    _unwritten: (k) => unwritten.has(k),

    async _claim(owner, ttl) {
      if (!idb) return true;
      let mine = false;
      try {
        await run((s) => {
          const req = s.get(LEASE);
          req.onsuccess = () => {
            const l = req.result as { o: string; u: number } | undefined;
            const t = Date.now();
            // A lease never runs longer than `ttl`: one that seems to is from before the clock went back.
            if (!l || l.o === owner || l.u < t || l.u > t + ttl) s.put({ o: owner, u: t + ttl }, LEASE), (mine = true);
          };
        }, ms);
        return mine;
      } catch (err) {
        // Without IndexedDB every tab keeps its own memory queue: nothing is shared to guard.
        fail(err);
        return true;
      }
    },

    async _release(owner) {
      if (idb)
        await run((s) => {
          const req = s.get(LEASE);
          req.onsuccess = () => void ((req.result as { o: string } | undefined)?.o === owner && s.delete(LEASE));
        }, 1000).catch(noop);
    },
  };
}

/** The visitor's ids, as every event carries them. */
export interface Ids {
  anonymousId?: string;
  userId?: string;
  novinAB?: string;
}

export interface Visitor extends Ids {
  /** The visitor opted out: the worker reports nothing either (it cannot read the page's flag). */
  optedOut?: true;
}

/** Fired on the page once the visitor's new ids are stored. */
export const VISITOR_SAVED = 'novin:visitor';

/**
 * Keeps the visitor's ids where the service worker can read them, then tells the page: the
 * push module (a file of its own in the script-tag build) has the worker upload the
 * subscription again as the new visitor. Never rejects.
 */
export function saveVisitor(v: Visitor): Promise<void> {
  return run((s) => void s.put({ ...v }, VISITOR))
    .then(() => void dispatchEvent(new Event(VISITOR_SAVED)))
    .catch(noop);
}

/** The ids the page last saved, or {} when there are none or IndexedDB is unavailable. */
export function loadVisitor(): Promise<Visitor> {
  return run((s) => s.get(VISITOR), 3000, 'readonly').then(
    (r) => (r.result as Visitor | undefined) ?? {},
    () => ({}),
  );
}
