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
});
