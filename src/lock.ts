/**
 * One flush per origin at a time, across tabs and the service worker. Neutral code.
 */
import type { Queue } from './queue.js';

/** The Web Lock every drainer of the queue takes (pages and the service worker alike). */
export const LOCK_NAME = 'novin-flush';

/** How long a lease lives without renewal; longer than one request's timeout. */
const LEASE_MS = 40_000;

/** Returned when another tab holds the lease: try again later. */
export const BUSY = Symbol();

/**
 * Runs `fn` while holding the origin-wide flush lock: a Web Lock (waiting for it), or where
 * Web Locks are missing, a lease record in the queue's database (not waiting: BUSY).
 */
export async function withLock<T>(queue: Queue, owner: string, fn: () => Promise<T>): Promise<T | typeof BUSY> {
  const locks = typeof navigator != 'undefined' ? navigator.locks : undefined;
  if (locks) return locks.request(LOCK_NAME, fn);
  if (!(await queue.claim(owner, LEASE_MS))) return BUSY;
  try {
    return await fn();
  } finally {
    await queue.release(owner);
  }
}
