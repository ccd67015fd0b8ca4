import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueOptions, Rec } from '../../src/queue.js';

type QueueModule = typeof import('../../src/queue.js');

/** A fresh database and a fresh module (the open connection is cached per module). */
async function load(): Promise<QueueModule> {
  vi.resetModules();
  return import('../../src/queue.js');
}

let n = 0;
const rec = (extra: Partial<Rec> = {}): Rec => {
  const i = n++;
  return { k: `e:${1_700_000_000_000 + i}:${1_000_000 + i}t`, e: { name: 'search', messageId: `m${i}` }, t: Date.now(), b: 40, ...extra };
};

let realIDB: IDBFactory;
beforeEach(() => {
  realIDB = new IDBFactory();
  vi.stubGlobal('indexedDB', realIDB);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function queueWith(m: QueueModule, o: QueueOptions = {}) {
  const drops: Array<[number, string]> = [];
  const fallbacks: unknown[] = [];
  const q = m.createQueue({ _onDrop: (c, w) => drops.push([c, w]), _onFallback: (e) => fallbacks.push(e), ...o });
  return { q, drops, fallbacks };
}

describe('queue over IndexedDB', () => {
  it('reads back in key order, a page at a time, and survives a new page', async () => {
    const m = await load();
    const { q } = queueWith(m);
    const a = rec(), b = rec(), c = rec();
    await q._put([c, a]);
    await q._put([b]);
    expect((await q._read(2)).map((r) => r.k)).toEqual([a.k, b.k]);

    const next = queueWith(await load()).q; // same database, new module: the next visit
    expect((await next._read(10)).map((r) => r.e.messageId)).toEqual([a.e.messageId, b.e.messageId, c.e.messageId]);
    await next._remove([a.k, c.k]);
    expect((await next._read(10)).map((r) => r.k)).toEqual([b.k]);
  });

  it('evicts the oldest beyond the count cap and counts them', async () => {
    const { q, drops } = queueWith(await load(), { maxEvents: 5 });
    const recs = Array.from({ length: 8 }, () => rec());
    await q._put(recs.slice(0, 4));
    await q._put(recs.slice(4));
    expect((await q._read(100)).map((r) => r.k)).toEqual(recs.slice(3).map((r) => r.k));
    expect(drops).toEqual([[3, 'cap']]);
  });

  it('evicts the oldest beyond the byte cap', async () => {
    const { q, drops } = queueWith(await load(), { maxBytes: 100 });
    const recs = Array.from({ length: 5 }, () => rec({ b: 30 }));
    for (const r of recs) await q._put([r]);
    expect((await q._read(100)).map((r) => r.k)).toEqual(recs.slice(2).map((r) => r.k));
    expect(drops.reduce((s, [c]) => s + c, 0)).toBe(2);
  });

  it('expires records older than maxAgeDays, also when a whole page is expired', async () => {
    const { q, drops } = queueWith(await load(), { maxAgeDays: 1 });
    const day = 864e5;
    const old = [rec({ t: Date.now() - 2 * day }), rec({ t: Date.now() - 1.5 * day }), rec({ t: Date.now() - day - 1000 })];
    const fresh = rec({ t: Date.now() - day + 60_000 });
    await q._put([...old, fresh]);
    expect((await q._read(2)).map((r) => r.k)).toEqual([fresh.k]);
    expect(drops).toEqual([[3, 'expired']]);
    expect(await q._read(10)).toHaveLength(1);
  });

  it('clear() forgets the events only: the visitor, the push record and a held lease stay', async () => {
    const m = await load();
    const push = await import('../../src/push-subscription.js');
    const { q } = queueWith(m);
    await q._put([rec(), rec()]);
    await m.saveVisitor({ anonymousId: 'a1', userId: 'u1' });
    await push.savePush({ key: 'K', endpoint: 'https://push.example/1' });
    expect(await q._claim('other-tab', 10_000)).toBe(true);
    await q._clear();
    expect(await q._read(10)).toEqual([]);
    expect(q._known()).toEqual([]);
    const next = queueWith(await load()).q; // what the next page sees, not this instance's mirror
    expect(await next._read(10)).toEqual([]);
    expect(await m.loadVisitor()).toEqual({ anonymousId: 'a1', userId: 'u1' });
    expect(await push.loadPush()).toEqual({ key: 'K', endpoint: 'https://push.example/1' });
    expect(await q._claim('me', 10_000)).toBe(false);
  });

  it('known() mirrors what is stored and drops what another tab delivered', async () => {
    const m = await load();
    const tab1 = queueWith(m).q;
    const tab2 = queueWith(m).q;
    const a = rec(), b = rec();
    await tab1._put([a, b]);
    expect(tab1._known().map((r) => r.k)).toEqual([a.k, b.k]);
    await tab2._read(10);
    await tab2._remove([a.k]);
    await tab1._read(10);
    expect(tab1._known().map((r) => r.k)).toEqual([b.k]);
  });

  it('a lease has one holder until released or expired', async () => {
    const m = await load();
    const q = queueWith(m).q;
    expect(await q._claim('tab1', 10_000)).toBe(true);
    expect(await q._claim('tab2', 10_000)).toBe(false);
    expect(await q._claim('tab1', 10_000)).toBe(true);
    await q._release('tab2');
    expect(await q._claim('tab2', 10_000)).toBe(false);
    await q._release('tab1');
    expect(await q._claim('tab2', 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect(await q._claim('tab1', 10_000)).toBe(true);
  });
});

describe('several projects and collectors on one origin', () => {
  const A = 'https://a.example/api/sdk/events?projectId=pa';
  const B = 'https://b.example/api/sdk/events?projectId=pb';

  it("reads back only its own project's records and those stored before records named one, past pages of others", async () => {
    const m = await load();
    const writer = queueWith(m).q;
    const others = Array.from({ length: 5 }, () => rec({ u: B }));
    const [a0, l0, a1, a2, l1] = [rec({ u: A }), rec(), rec({ u: A }), rec({ u: A }), rec()];
    await writer._put([...others, a0, l0, a1, a2, l1]);
    const a = queueWith(m, { _target: A }).q;
    // Pages of two: the first two pages hold only project b's records.
    expect((await a._read(2)).map((r) => r.k)).toEqual([a0.k, l0.k]);
    expect((await a._read(10)).map((r) => r.k)).toEqual([a0.k, l0.k, a1.k, a2.k, l1.k]);
    expect(a._known().map((r) => r.k)).toEqual([a0.k, l0.k, a1.k, a2.k, l1.k]);
    const b = queueWith(m, { _target: B }).q;
    expect((await b._read(10)).map((r) => r.k)).toEqual([...others.map((r) => r.k), l0.k, l1.k]);
  });

  it("expires only its own records: another project's are its own pages' to report", async () => {
    const m = await load();
    const old = Date.now() - 8 * 864e5;
    const { q, drops } = queueWith(m, { _target: A });
    const theirs = rec({ u: B, t: old });
    const mine = rec({ u: A, t: old });
    await q._put([theirs, mine]);
    expect(await q._read(10)).toEqual([]);
    expect(drops).toEqual([[1, 'expired']]);
    expect((await queueWith(m, { _target: B }).q._read(10)).length).toBe(0);
  });
});

describe('queue and clocks that jump', () => {
  it('a clock moved days ahead does not expire what this page just stored; real time passing does', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    const m = await load();
    const { q, drops } = queueWith(m, { maxAgeDays: 7 });
    const fresh = rec({ t: Date.now() });
    await q._put([fresh]);
    vi.setSystemTime(Date.now() + 8 * 864e5); // the wall clock only
    expect((await q._read(10)).map((r) => r.k)).toEqual([fresh.k]);
    expect(drops).toEqual([]);
    vi.advanceTimersByTime(8 * 864e5); // eight days really pass
    expect(await q._read(10)).toEqual([]);
    expect(drops).toEqual([[1, 'expired']]);
  });

  it('a lease that seems to run longer than its ttl is from before the clock went back: another tab takes it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const m = await load();
    const q = queueWith(m).q;
    expect(await q._claim('tab1', 3000)).toBe(true);
    vi.setSystemTime(Date.now() - 864e5);
    expect(await q._claim('tab2', 3000)).toBe(true);
    expect(await q._claim('tab1', 3000)).toBe(false);
  });
});

describe('queue without a working IndexedDB', () => {
  it('falls back to memory when touching indexedDB throws, once, losing nothing', async () => {
    const m = await load();
    Object.defineProperty(globalThis, 'indexedDB', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError'); } });
    const { q, fallbacks, drops } = queueWith(m, { maxEvents: 3 });
    const recs = Array.from({ length: 4 }, () => rec());
    await q._put(recs.slice(0, 2));
    await q._put(recs.slice(2));
    expect(fallbacks).toHaveLength(1);
    expect(drops).toEqual([[1, 'cap']]);
    expect((await q._read(10)).map((r) => r.k)).toEqual(recs.slice(1).map((r) => r.k));
    await q._remove([recs[1].k]);
    expect((await q._read(10)).map((r) => r.k)).toEqual(recs.slice(2).map((r) => r.k));
    expect(await m.loadVisitor()).toEqual({});
    await expect(m.saveVisitor({ anonymousId: 'x' })).resolves.toBeUndefined();
    expect(await q._claim('me', 1000)).toBe(true);
  });

  it('gives up on an open that never answers (timeout) and keeps the events in memory', async () => {
    const m = await load();
    vi.stubGlobal('indexedDB', { open: () => ({}) }); // a request whose callbacks never fire
    const { q, fallbacks } = queueWith(m, { timeout: 50 });
    const a = rec();
    const t0 = Date.now();
    await q._put([a]);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(fallbacks).toHaveLength(1);
    expect((await q._read(10)).map((r) => r.k)).toEqual([a.k]);
  });

  it('keeps what was already stored when IndexedDB breaks later in the page', async () => {
    const m = await load();
    const { q, fallbacks } = queueWith(m, { timeout: 50 });
    const a = rec(), b = rec();
    await q._put([a]);
    const tx = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = () => { throw new DOMException('gone', 'InvalidStateError'); };
    try {
      await q._put([b]);
      expect(fallbacks).toHaveLength(1);
      expect((await q._read(10)).map((r) => r.k)).toEqual([a.k, b.k]);
    } finally {
      IDBDatabase.prototype.transaction = tx;
    }
  });
});
