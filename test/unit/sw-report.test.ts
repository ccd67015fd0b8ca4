import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../sw/config.js';

const S: Settings = { projectId: 'p1', endpoint: 'https://c.example', origin: 'https://shop.example', allow: [] };
let posted: Array<Record<string, unknown>>;
let requests: Array<{ url: string; body: { events: unknown[]; sentAt?: string } }>;

async function load() {
  vi.resetModules();
  const [{ report }, queue] = await Promise.all([import('../../sw/report.js'), import('../../src/queue.js')]);
  return { report, ...queue };
}

beforeEach(() => {
  posted = [];
  requests = [];
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    requests.push({ url, body: JSON.parse(String(init.body)) });
    posted.push(...JSON.parse(String(init.body)).events);
    return Response.json({ status: 'ok', accepted: 1, duplicates: 0, rejected: [] });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('worker reports', () => {
  it('go out as the visitor the page last saved, with nothing but the envelope ids', async () => {
    const m = await load();
    await m.saveVisitor({ anonymousId: 'a1', userId: 'u1', novinAB: 'B' });
    await m.report(S, 'notificationReceived', { notificationId: 'n1' });
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ name: 'notificationReceived', anonymousId: 'a1', userId: 'u1', novinAB: 'B', properties: { notificationId: 'n1' } });
  });

  it('are not made at all for a visitor who opted out in the page', async () => {
    const m = await load();
    await m.saveVisitor({ anonymousId: 'a1', optedOut: true });
    await m.report(S, 'notificationClicked', { notificationId: 'n1' });
    expect(posted).toEqual([]);
    expect(await m.createQueue()._read(10)).toEqual([]);
    // Opting in again: reports resume, and the flag never reaches the wire.
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.report(S, 'notificationClicked', { notificationId: 'n2' });
    expect(posted.map((e) => (e.properties as { notificationId: string }).notificationId)).toEqual(['n2']);
    expect(posted[0]).not.toHaveProperty('optedOut');
  });

  it('a Background Sync drains nothing for a visitor who opted out', async () => {
    const m = await load();
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.createQueue()._put([{ k: 'e:1:1000000x', e: { name: 'search', messageId: 'm1', time: new Date().toISOString() }, t: Date.now(), b: 60 }]);
    await m.saveVisitor({ anonymousId: 'a1', optedOut: true });
    const { flush } = await import('../../sw/report.js');
    expect(await flush(S)).toBe(true);
    expect(posted).toEqual([]);
  });

  it("a Background Sync delivers only the worker's own project's events (and those stored before events named one), with sentAt", async () => {
    const m = await load();
    await m.saveVisitor({ anonymousId: 'a1' });
    const mine = 'https://c.example/api/sdk/events?projectId=p1';
    const theirs = 'https://other.example/api/sdk/events?projectId=p2';
    const t = Date.now();
    const r = (i: number, u?: string) => ({ k: `e:${t}:100000${i}x`, e: { name: 'search', messageId: `m${i}`, time: new Date(t).toISOString() }, t, b: 60, u });
    await m.createQueue()._put([r(1, theirs), r(2, mine), r(3), r(4, theirs)]);
    const { flush } = await import('../../sw/report.js');
    expect(await flush(S)).toBe(true);
    expect(posted.map((e) => e.messageId)).toEqual(['m2', 'm3']);
    expect(requests.every((q) => q.url === mine && typeof q.body.sentAt === 'string')).toBe(true);
    // Project p2's events wait for its own pages.
    expect((await m.createQueue({ _target: theirs })._read(10)).map((x) => x.e.messageId)).toEqual(['m1', 'm4']);
  });

  it("the worker's own reports name its project and collector", async () => {
    const m = await load();
    await m.saveVisitor({ anonymousId: 'a1' });
    vi.stubGlobal('fetch', async () => { throw new TypeError('offline'); });
    await m.report(S, 'notificationReceived', { notificationId: 'n1' });
    const [stored] = await m.createQueue({ _target: 'https://c.example/api/sdk/events?projectId=p1' })._read(10);
    expect(stored.u).toBe('https://c.example/api/sdk/events?projectId=p1');
  });
});
