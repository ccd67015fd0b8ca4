import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockBackend, startMockServer, type MockServer } from '../../mock/index.js';
import { createServerClient, identityFromCookie, type NovinError, type ServerClient } from '../../server/index.js';

// The mock's dev default (SPEC §11): project "demo-project", access token "dev-access-token".
const PROJECT = 'demo-project';
let mock: MockServer;
let novin: ServerClient;
let fetches = 0;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  const counting: typeof fetch = (input, init) => (fetches++, fetch(input, init));
  novin = createServerClient({ endpoint: mock.url, accessToken: 'dev-access-token', fetch: counting, retry: { baseMs: 1 } });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.backend.reset();
  fetches = 0;
});

const state = () => mock.backend.state();

describe('against the mock backend over HTTP', () => {
  it('refuses a wrong token with a 401 that does not carry the token', async () => {
    const wrong = 'wrong-token-do-not-print';
    const client = createServerClient({ endpoint: mock.url, accessToken: wrong, retry: { baseMs: 1 } });
    const e = await client.items.upsert({ itemId: 'sku-1' }).then(() => expect.unreachable(), (x: NovinError) => x);
    expect(e).toMatchObject({ kind: 'dropped', status: 401, attempts: 1 });
    expect(e.message).toMatch(/^POST \/api\/items failed: 401/);
    expect(`${e.message}\n${inspect(e)}`).not.toContain(wrong);
    expect(state().items[PROJECT] ?? {}).toEqual({});
  });

  it('stores 1,200 items sent in 3 requests', async () => {
    const items = Array.from({ length: 1200 }, (_, i) => ({ itemId: `sku-${i}`, name: `Item ${i}`, price: 1000 + i, imagesUrl: [] }));
    const result = await novin.items.bulk(items);
    expect(fetches).toBe(3);
    expect(result).toMatchObject({ ok: true, sent: 1200, rejected: 0, failed: 0 });
    const stored = state().items[PROJECT];
    expect(Object.keys(stored)).toHaveLength(1200);
    expect(stored['sku-1199']).toMatchObject({ itemId: 'sku-1199', price: 2199 });
  });

  it('syncs users, deletes records, and reports a delete of an unknown one', async () => {
    await novin.users.bulk([{ userId: 'u1', userType: 'customer', attributes: { vip: true } }, { userId: 'u2', city: 'Tehran' }]);
    await novin.users.upsert({ userId: 'u2', city: 'Shiraz' });
    expect(state().users[PROJECT].u2).toMatchObject({ city: 'Shiraz' });
    expect(await novin.users.delete('u1')).toMatchObject({ deleted: true });
    expect(await novin.users.delete('u1')).toMatchObject({ deleted: false, status: 404 });
    expect(Object.keys(state().users[PROJECT])).toEqual(['u2']);
    await novin.items.upsert({ itemId: 'a/b', name: 'slash' });
    expect(await novin.items.delete('a/b')).toMatchObject({ deleted: true });
  });

  it('delivers backend events with the browser identity from the cookie, once per messageId', async () => {
    const cookie = 'novinProjectId=demo-project; novinAnonymousId=anon-123; novin-AB=B';
    const sent = await novin.events.send({ name: 'purchaseComplete', ...identityFromCookie(cookie), userId: 'u1', itemIdList: ['sku-1'] });
    expect(sent.body).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = await novin.events.send({ name: 'purchaseComplete', userId: 'u1', itemIdList: ['sku-1'], messageId: sent.messageId });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    await novin.events.send({ name: 'itemRate', userId: 'u1', itemId: 'sku-1', properties: { rate: 4 } });
    const events = state().events;
    expect(events.map((e) => [e.source, e.projectId, e.event.name])).toEqual([
      ['server', PROJECT, 'purchaseComplete'],
      ['server', PROJECT, 'itemRate'],
    ]);
    expect(events[0].event).toMatchObject({ anonymousId: 'anon-123', novinAB: 'B', userId: 'u1', messageId: sent.messageId });
  });

  it('back-fills purchase history in bulk', async () => {
    const history = Array.from({ length: 600 }, (_, i) => ({
      name: 'purchaseApproved' as const,
      userId: `u${i % 7}`,
      itemIdList: [`sku-${i}`],
      time: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
      properties: { purchaseId: `p${i}`, totalPrice: 1000 },
    }));
    const result = await novin.events.bulk(history);
    expect(fetches).toBe(2);
    expect(result.chunks.map((c) => (c.body as { accepted: number }).accepted)).toEqual([500, 100]);
    expect(state().events).toHaveLength(600);
  });
});

/**
 * The mock's own handler behind a node:http front that loses its first answer: the backend
 * stores the request, then the client is told 503, as when a proxy times out after the fact.
 */
async function lossyFront() {
  const backend = createMockBackend();
  let lose = 1;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const answer = await backend.handle(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
      if (lose-- > 0) return res.writeHead(503).end();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, backend, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('retry after a 503 from the mock', () => {
  it('retries, and the event the first attempt delivered is stored once', async () => {
    const front = await lossyFront();
    try {
      const logs: string[] = [];
      const client = createServerClient({ endpoint: front.url, accessToken: 'dev-access-token', retry: { baseMs: 1 }, log: (m) => logs.push(m) });
      const sent = await client.events.send({ name: 'purchaseApproved', userId: 'u1', itemIdList: ['sku-1'] });
      expect(sent.attempts).toBe(2);
      expect(sent.body).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(front.backend.state().events.map((e) => e.event.messageId)).toEqual([sent.messageId]);
      expect(logs.join()).not.toContain('dev-access-token');
    } finally {
      await front.close();
    }
  });
});

describe('warnings: unknown properties are kept and reported, end to end', () => {
  it('the mock keeps the event and answers its warnings; the client returns them and tells onWarning once', async () => {
    const told: unknown[] = [];
    const client = createServerClient({ endpoint: mock.url, accessToken: 'dev-access-token', retry: { baseMs: 1 }, onWarning: (w) => told.push(w) });
    const sent = await client.events.send({ name: 'itemRate', userId: 'u1', itemId: 'sku-1', properties: { rate: 4, color: 'green' } } as never);
    const warning = 'itemRate: properties.color is not a known field (kept)';
    expect(sent.warnings).toEqual([warning]);
    expect(sent.body).toMatchObject({ accepted: 1, warnings: [{ index: 0, messageId: sent.messageId, warnings: [warning] }] });
    expect(told).toEqual([{ messageId: sent.messageId, warnings: [warning] }]);
    const [stored] = state().events;
    expect(stored.event.properties).toEqual({ rate: 4, color: 'green' });
    expect(stored.warnings).toEqual([warning]);
    expect(state().counts.warnings).toBe(1);
    // A clean event has none, and onWarning is not called.
    expect((await client.events.send({ name: 'itemRate', userId: 'u1', itemId: 'sku-2', properties: { rate: 5 } })).warnings).toEqual([]);
    expect(told).toHaveLength(1);
  });

  it('bulk: warnings by position in the caller’s list, numeric strings read as numbers', async () => {
    const told: unknown[] = [];
    const client = createServerClient({ endpoint: mock.url, accessToken: 'dev-access-token', retry: { baseMs: 1 }, chunkSize: 2, onWarning: (w) => told.push(w) });
    const events = [
      { name: 'purchaseApproved', userId: 'u1', itemIdList: ['a'], properties: { totalPrice: '120000' } },
      { name: 'purchaseApproved', userId: 'u2', itemIdList: ['b'], properties: { giftWrap: true } },
      { name: 'purchaseApproved', userId: 'u3', itemIdList: ['c'] },
      { name: 'purchaseApproved', userId: 'u4', itemIdList: ['d'], properties: { channel: 'phone', note: 'x' } },
    ];
    const result = await client.events.bulk(events as never);
    expect(result).toMatchObject({ ok: true, sent: 4 });
    expect(result.warnings.map((w) => [w.index, w.warnings])).toEqual([
      [1, ['purchaseApproved: properties.giftWrap is not a known field (kept)']],
      [3, ['purchaseApproved: properties.channel is not a known field (kept)', 'purchaseApproved: properties.note is not a known field (kept)']],
    ]);
    expect(result.chunks[1].warnings?.map((w) => w.index)).toEqual([3]);
    expect(told).toHaveLength(2);
    expect(state().events[0].event.properties).toEqual({ totalPrice: 120000 });
    expect(state().events.filter((e) => e.warnings)).toHaveLength(2);
  });

  it('a throwing onWarning does not fail a delivered event', async () => {
    const client = createServerClient({ endpoint: mock.url, accessToken: 'dev-access-token', onWarning: () => { throw new Error('logger down'); } });
    const sent = await client.events.send({ name: 'search', properties: { searchQuery: 'tea', page: 2 } } as never);
    expect(sent.status).toBe(200);
    expect(state().events).toHaveLength(1);
  });
});
