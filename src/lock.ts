/**
 * One flush per origin at a time, across tabs and the service worker. Neutral code.
 */
import { PAGE_ONLY } from './page.js';
import type { Queue } from './queue.js';

/** The Web Lock every drainer of the queue takes (pages and the service worker alike). */
export const LOCK_NAME = 'novin-flush';

/**
 * How long a lease lives without renewal. Its holder renews it every LEASE_MS / 3 while it
 * drains, so a tab closed mid-drain blocks the next page for at most this long.
 */
export const LEASE_MS = 3000;

/** Returned when another tab holds the lease: try again later. */
export const BUSY = Symbol();

/**
 * Runs `fn` holding the Web Lock `name` (waiting for it), or `fallback` where Web Locks are
 * missing or refused (opaque origins reject with SecurityError).
 */
export async function webLock<T>(name: string, fn: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
  const locks = PAGE_ONLY || typeof navigator != 'undefined' ? navigator.locks : undefined;
  let ran = false;
  if (locks)
    try {
      return await locks.request(name, () => ((ran = true), fn()));
    } catch (e) {
      // Only a refused lock falls back: work that ran and failed must not run twice.
      if (ran) throw e;
    }
  return fallback();
}

/**
 * Runs `fn` while holding the origin-wide flush lock: a Web Lock, or where there is none, a
 * lease record in the queue's database (not waiting: BUSY). Where neither can be had (no
 * IndexedDB either) the queue is this page's own and needs no lock.
 */
export const withLock = <T>(queue: Queue, owner: string, fn: () => Promise<T>): Promise<T | typeof BUSY> =>
  webLock<T | typeof BUSY>(LOCK_NAME, fn, async () => {
    if (!(await queue._claim(owner, LEASE_MS))) return BUSY;
    const beat = setInterval(() => queue._claim(owner, LEASE_MS), LEASE_MS / 3);
    try {
      return await fn();
    } finally {
      clearInterval(beat);
      await queue._release(owner);
    }
  });
