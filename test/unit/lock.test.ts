import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => vi.stubGlobal('indexedDB', new IDBFactory()));
afterEach(() => vi.unstubAllGlobals());

async function load() {
  vi.resetModules();
  const [lock, queue] = await Promise.all([import('../../src/lock.js'), import('../../src/queue.js')]);
  return { ...lock, ...queue };
}

describe('withLock', () => {
  it('uses Web Locks under the shared name when present', async () => {
    const { withLock, createQueue, LOCK_NAME } = await load();
    const names: string[] = [];
    vi.stubGlobal('navigator', { locks: { request: (name: string, fn: () => Promise<unknown>) => (names.push(name), fn()) } });
    expect(await withLock(createQueue(), 'a', async () => 42)).toBe(42);
    expect(names).toEqual([LOCK_NAME]);
  });

  it('without Web Locks, a lease lets one tab drain at a time', async () => {
    const { withLock, createQueue, BUSY } = await load();
    vi.stubGlobal('navigator', {});
    const tab1 = createQueue();
    const tab2 = createQueue();
    let release!: () => void;
    const first = withLock(tab1, 'tab1', () => new Promise<string>((r) => (release = () => r('one'))));
    await new Promise((r) => setTimeout(r, 20));
    expect(await withLock(tab2, 'tab2', async () => 'two')).toBe(BUSY);
    release();
    expect(await first).toBe('one');
    expect(await withLock(tab2, 'tab2', async () => 'two')).toBe('two');
  });

  it('releases the lease when the work throws', async () => {
    const { withLock, createQueue } = await load();
    vi.stubGlobal('navigator', {});
    const q = createQueue();
    await expect(withLock(q, 'tab1', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await withLock(q, 'tab2', async () => 'ok')).toBe('ok');
  });

  it('a refused Web Lock (opaque origins: SecurityError) falls back and still runs the work, once', async () => {
    const { withLock, createQueue } = await load();
    vi.stubGlobal('navigator', { locks: { request: () => Promise.reject(new DOMException('Access to the Locks API is denied in this context.', 'SecurityError')) } });
    let runs = 0;
    expect(await withLock(createQueue(), 'a', async () => ++runs)).toBe(1);
    expect(runs).toBe(1);
  });

  it('work that failed under a granted Web Lock is not run again', async () => {
    const { withLock, createQueue } = await load();
    vi.stubGlobal('navigator', { locks: { request: (_: string, fn: () => Promise<unknown>) => fn() } });
    let runs = 0;
    await expect(withLock(createQueue(), 'a', async () => { runs++; throw new Error('boom'); })).rejects.toThrow('boom');
    expect(runs).toBe(1);
  });

  it('without Web Locks, the lease is renewed while its holder drains, and lapses within LEASE_MS once the holder is gone', async () => {
    const { withLock, createQueue, BUSY, LEASE_MS } = await load();
    vi.stubGlobal('navigator', {});
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const tab1 = createQueue();
      const tab2 = createQueue();
      let release!: () => void;
      const long = withLock(tab1, 'tab1', () => new Promise<void>((r) => (release = r)));
      await vi.waitFor(() => expect(release).toBeDefined());
      // Three lease lifetimes later the holder is still draining: it renewed the lease.
      for (let i = 0; i < 9; i++) {
        await vi.advanceTimersByTimeAsync(LEASE_MS / 3);
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(await withLock(tab2, 'tab2', async () => 'two')).toBe(BUSY);
      release();
      await long;
      // A holder that is gone (a closed tab) renews nothing: its lease lapses after LEASE_MS.
      expect(await tab1._claim('tab1', LEASE_MS)).toBe(true);
      expect(await withLock(tab2, 'tab2', async () => 'two')).toBe(BUSY);
      vi.setSystemTime(Date.now() + LEASE_MS + 1);
      expect(await withLock(tab2, 'tab2', async () => 'two')).toBe('two');
    } finally {
      vi.useRealTimers();
    }
  });
});
