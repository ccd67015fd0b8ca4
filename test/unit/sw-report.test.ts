import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../sw/config.js';

const S: Settings = { projectId: 'p1', endpoint: 'https://c.example', origin: 'https://shop.example', allow: [] };
let posted: Array<Record<string, unknown>>;

async function load() {
  vi.resetModules();
  const [{ report }, queue] = await Promise.all([import('../../sw/report.js'), import('../../src/queue.js')]);
  return { report, ...queue };
}

beforeEach(() => {
  posted = [];
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
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
    expect(await m.createQueue().read(10)).toEqual([]);
    // Opting in again: reports resume, and the flag never reaches the wire.
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.report(S, 'notificationClicked', { notificationId: 'n2' });
    expect(posted.map((e) => (e.properties as { notificationId: string }).notificationId)).toEqual(['n2']);
    expect(posted[0]).not.toHaveProperty('optedOut');
  });

  it('a Background Sync drains nothing for a visitor who opted out', async () => {
    const m = await load();
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.createQueue().put([{ k: 'e:1:1000000x', e: { name: 'search', messageId: 'm1', time: new Date().toISOString() }, t: Date.now(), b: 60 }]);
    await m.saveVisitor({ anonymousId: 'a1', optedOut: true });
    const { flush } = await import('../../sw/report.js');
    expect(await flush(S)).toBe(true);
    expect(posted).toEqual([]);
  });
});
