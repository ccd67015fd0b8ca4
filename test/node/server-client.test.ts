import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerClient, type Item, type NovinError, type ServerClientOptions } from '../../server/index.js';
import { recordingServer, type Received, type Reply } from './server.helpers.js';

const TOKEN = 'sk-secret-token-0123456789';
const fast = { attempts: 4, baseMs: 1, capMs: 5 };
let servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function setup(reply?: (req: Received, n: number) => Reply, options: Partial<ServerClientOptions> = {}) {
  const server = await recordingServer(reply);
  servers.push(server);
  const logs: string[] = [];
  const client = createServerClient({ endpoint: `${server.url}/`, accessToken: TOKEN, retry: fast, log: (m) => logs.push(m), ...options });
  return { server, client, logs };
}

const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ itemId: `sku-${i}`, price: 1000 + i }));
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('should have failed'), (e: NovinError) => e);

describe('requests', () => {
  it('sends one event to /api/events with the token, stamped with messageId and time', async () => {
    const { server, client } = await setup();
    const sent = await client.events.send({ name: 'purchaseComplete', userId: 'u1', itemIdList: ['sku-1'], properties: { totalPrice: 99 } });
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/events');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers['content-type']).toBe('application/json');
    const body = req.body as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'purchaseComplete', userId: 'u1', itemIdList: ['sku-1'], properties: { totalPrice: 99 } });
    expect(body.messageId).toBe(sent.messageId);
    expect(Date.parse(body.time as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(sent).toMatchObject({ status: 200, attempts: 1, body: { status: 'ok' } });
  });

  it('keeps the caller’s own messageId and time', async () => {
    const { server, client } = await setup();
    await client.events.send({ name: 'itemRate', userId: 'u1', itemId: 'sku-1', properties: { rate: 4 }, messageId: 'm-1', time: '2026-01-02T03:04:05Z' });
    expect(server.requests[0].body).toMatchObject({ messageId: 'm-1', time: '2026-01-02T03:04:05Z' });
  });

  it('upserts and deletes records at the paths of SPEC §5, encoding the id', async () => {
    const { server, client } = await setup((req) => (req.url.endsWith('gone') ? { status: 404 } : { status: 200, body: { status: 'ok' } }));
    await client.items.upsert({ itemId: 'sku-1', name: 'Tea', isConsumable: false, consumeTime: -1 });
    await client.users.upsert({ userId: 'u1', userType: 'customer', attributes: { vip: true } });
    expect(await client.items.delete('a/b c')).toMatchObject({ deleted: true, status: 200 });
    expect(await client.users.delete('gone')).toMatchObject({ deleted: false, status: 404 });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/items',
      'POST /api/users',
      'DELETE /api/items/a%2Fb%20c',
      'DELETE /api/users/gone',
    ]);
    expect(server.requests[1].body).toEqual({ userId: 'u1', userType: 'customer', attributes: { vip: true } });
  });
});

describe('bulk', () => {
  it('splits 1,200 items into requests of 500, 500 and 200', async () => {
    const { server, client } = await setup();
    const result = await client.items.bulk(items(1200));
    expect(server.requests.map((r) => (r.body as { items: Item[] }).items.length)).toEqual([500, 500, 200]);
    expect(server.requests.every((r) => r.url === '/api/items/bulk')).toBe(true);
    expect((server.requests[2].body as { items: Item[] }).items[0].itemId).toBe('sku-1000');
    expect(result).toMatchObject({ ok: true, total: 1200, sent: 1200, rejected: 0, failed: 0 });
    expect(result.chunks.map((c) => [c.index, c.from, c.count, c.ok])).toEqual([[0, 0, 500, true], [1, 500, 500, true], [2, 1000, 200, true]]);
  });

  it('closes a chunk early rather than pass the byte limit', async () => {
    const { server, client } = await setup(undefined, { maxChunkBytes: 3000 });
    const big = (i: number) => ({ userId: `u${i}`, attributes: { note: 'x'.repeat(1000) } });
    const result = await client.users.bulk([big(0), big(1), big(2), { userId: 'small' }, big(4), { userId: 'x', attributes: { note: 'y'.repeat(5000) } }]);
    expect(server.requests.map((r) => (r.body as { users: unknown[] }).users.length)).toEqual([2, 3, 1]);
    expect(server.requests.slice(0, 2).every((r) => JSON.stringify(r.body).length <= 3000 + 20)).toBe(true);
    expect(result.chunks.map((c) => [c.from, c.count])).toEqual([[0, 2], [2, 3], [5, 1]]);
  });

  it('reports a failed chunk and still sends the others', async () => {
    const { server, client } = await setup((_, n) => (n === 1 ? { status: 422, body: { status: 'error', errors: ['users[7].email must be a string'] } } : { status: 200 }));
    const result = await client.users.bulk(Array.from({ length: 1100 }, (_, i) => ({ userId: `u${i}` })));
    expect(server.requests).toHaveLength(3);
    expect(result).toMatchObject({ ok: false, sent: 600, failed: 500 });
    expect(result.chunks[1]).toMatchObject({ ok: false, status: 422, from: 500, count: 500, attempts: 1 });
    expect(result.chunks[1].error?.message).toContain('users[7].email must be a string');
    expect(result.chunks[1].error?.kind).toBe('dropped');
  });

  it('places records the collector refused one by one at their position in the caller’s list', async () => {
    const { client } = await setup((_, n) =>
      n === 1 ? { status: 200, body: { status: 'ok', accepted: 499, rejected: [{ index: 2, errors: ['users[2]: too odd'] }, { index: 999 }] } } : { status: 200 },
    );
    const result = await client.users.bulk(Array.from({ length: 1000 }, (_, i) => ({ userId: `u${i}` })));
    expect(result).toMatchObject({ ok: false, sent: 999, rejected: 1, failed: 0 });
    expect(result.chunks[1].rejected).toEqual([{ index: 502, errors: ['users[2]: too odd'] }]);
    expect(result.chunks[0].rejected).toBeUndefined();
  });

  it('stops after a refused token: later chunks are skipped, not sent', async () => {
    const { server, client } = await setup(() => ({ status: 401, body: { status: 'error', message: 'unknown access token' } }));
    const result = await client.events.bulk(Array.from({ length: 1001 }, (_, i) => ({ name: 'purchaseApproved' as const, userId: `u${i}`, itemIdList: ['a'] })));
    expect(server.requests).toHaveLength(1);
    expect(result.chunks.map((c) => [c.status, c.skipped ?? false])).toEqual([[401, false], [401, true], [401, true]]);
    expect(result).toMatchObject({ ok: false, sent: 0, failed: 1001 });
  });

  it('sends nothing for an empty list', async () => {
    const { server, client } = await setup();
    expect(await client.items.bulk([])).toEqual({ ok: true, total: 0, sent: 0, rejected: 0, failed: 0, chunks: [] });
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries after a 503 and succeeds', async () => {
    const { server, client, logs } = await setup((_, n) => (n === 0 ? { status: 503 } : { status: 200, body: { status: 'ok' } }));
    const sent = await client.events.send({ name: 'itemComment', userId: 'u1', itemId: 'sku-1' });
    expect(server.requests).toHaveLength(2);
    expect(sent.attempts).toBe(2);
    // The same messageId both times, so the collector can drop the duplicate if the first one landed.
    expect((server.requests[0].body as { messageId: string }).messageId).toBe((server.requests[1].body as { messageId: string }).messageId);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/POST \/api\/events: 503.*attempt 2 of 4/);
  });

  it('retries 408, 429 and 5xx until the attempts run out', async () => {
    const statuses = [408, 429, 500, 502];
    const { server, client } = await setup((_, n) => ({ status: statuses[n] }));
    const e = await failure(client.items.upsert({ itemId: 'a' }));
    expect(server.requests).toHaveLength(4);
    expect(e).toMatchObject({ name: 'NovinError', kind: 'delivery', status: 502, attempts: 4 });
    expect(e.message).toMatch(/^POST \/api\/items failed after 4 attempts: 502/);
  });

  it.each([400, 401, 403, 404, 409, 413, 422])('does not retry a %i', async (status) => {
    const { server, client } = await setup(() => ({ status, body: { status: 'error', message: 'nope' } }));
    const e = await failure(client.users.upsert({ userId: 'u1' }));
    expect(server.requests).toHaveLength(1);
    expect(e).toMatchObject({ kind: 'dropped', status, attempts: 1 });
    expect(e.message).toContain('nope');
  });

  it('waits as long as Retry-After says', async () => {
    const { server, client } = await setup((_, n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const started = Date.now();
    await client.items.upsert({ itemId: 'a' });
    expect(server.requests).toHaveLength(2);
    // The injected backoff is a few ms: only the header explains a wait of a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After is longer than maxRetryAfterMs', async () => {
    const { server, client } = await setup(() => ({ status: 503, headers: { 'retry-after': '3600' } }), { retry: { ...fast, maxRetryAfterMs: 10_000 } });
    const e = await failure(client.items.upsert({ itemId: 'a' }));
    expect(server.requests).toHaveLength(1);
    expect(e.message).toMatch(/asked to wait 3600 s/);
  });

  it('retries network errors and timeouts', async () => {
    const dead = await recordingServer();
    await dead.close();
    const refused = createServerClient({ endpoint: dead.url, accessToken: TOKEN, retry: { ...fast, attempts: 2 } });
    const e = await failure(refused.events.send({ name: 'search', properties: { searchQuery: 'tea' } }));
    expect(e).toMatchObject({ kind: 'delivery', status: 0, attempts: 2 });
    expect(e.message).toMatch(/network error/);

    const { server, client } = await setup(() => ({ status: 200, hang: true }), { timeoutMs: 50, retry: { ...fast, attempts: 2 } });
    const t = await failure(client.items.upsert({ itemId: 'a' }));
    expect(server.requests).toHaveLength(2);
    expect(t.message).toMatch(/no answer within 50 ms/);
  });
});

describe('the access token', () => {
  it('never appears in errors or logs, even when the server echoes it', async () => {
    const echo = (req: Received): Reply => ({
      status: 503,
      statusText: `bad ${req.headers.authorization}`,
      body: { status: 'error', message: `refused ${req.headers.authorization}`, errors: [`token ${TOKEN}`] },
    });
    const { client, logs } = await setup(echo, { retry: { ...fast, attempts: 2 } });
    const e = await failure(client.items.upsert({ itemId: 'a' }));
    const seen = [e.message, e.stack ?? '', inspect(e, { depth: 5 }), JSON.stringify(e), ...logs, inspect(client, { depth: 5 })];
    expect(seen.join('\n')).toContain('[redacted]');
    for (const text of seen) expect(text).not.toContain(TOKEN);
  });

  it('is not echoed when the options are wrong', () => {
    let e: NovinError | undefined;
    try {
      createServerClient({ endpoint: `not a url ${TOKEN}`, accessToken: TOKEN });
    } catch (x) {
      e = x as NovinError;
    }
    expect(e?.message).toMatch(/^endpoint must be an absolute URL/);
    expect(inspect(e)).not.toContain(TOKEN);
    expect(() => createServerClient({ endpoint: 'https://x.example', accessToken: ' ' })).toThrow(/accessToken must be a non-empty string/);
    expect(() => createServerClient({ endpoint: 'ftp://x.example', accessToken: TOKEN })).toThrow(/endpoint must be an http\(s\) URL/);
    expect(() => createServerClient({ endpoint: 'https://x.example', accessToken: TOKEN, chunkSize: 501 })).toThrow(/chunkSize/);
    expect(() => createServerClient({ endpoint: 'https://x.example', accessToken: TOKEN, retry: { attempts: 0 } })).toThrow(/retry\.attempts/);
    const newline = `${TOKEN}\n`;
    expect(() => createServerClient({ endpoint: 'https://x.example', accessToken: newline })).toThrow(/accessToken must be printable ASCII/);
  });
});
