import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerClient } from '../../server/index.js';
import { api, runMockExpectingFailure, startMock, type MockProcess } from './helpers/mock-process.js';

// Faults from the command line are pending from the start; reset would clear them, so these
// tests run in order against one process and consume them one by one.
let mock: MockProcess;
beforeAll(async () => {
  mock = await startMock(['--fail', '/api/events=503x2,retryAfter=1', '--fail', '/api/items=drop']);
});
afterAll(async () => {
  await mock?.stop();
});

const state = async () => (await api(mock.url, 'GET', '/inspector/state')).body;

describe('novin-mock --fail and /inspector/faults over HTTP', () => {
  it('prints the faults it starts with', async () => {
    expect(mock.output()).toContain('fault: any method /api/events -> 503 (Retry-After 1) x2');
    expect(mock.output()).toContain('fault: any method /api/items -> drop the connection x1');
    expect((await api(mock.url, 'GET', '/inspector/faults')).body.faults).toEqual([
      { id: 1, path: '/api/events', status: 503, retryAfter: 1, remaining: 2 },
      { id: 2, path: '/api/items', drop: true, remaining: 1 },
    ]);
  });

  it('the server client retries through the 503s, honouring Retry-After, and the event is stored once', async () => {
    const log: string[] = [];
    const novin = createServerClient({ endpoint: mock.url, accessToken: 'dev-access-token', retry: { baseMs: 1 }, log: (line) => log.push(line) });
    const t0 = Date.now();
    await novin.events.send({ name: 'itemRate', userId: 'u-42', itemId: 'sku-1', messageId: 'rate-1', properties: { rate: 5 } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(log).toHaveLength(2);
    expect(log[0]).toContain('POST /api/events: 503');
    expect(log[0]).toContain('retrying in 1000 ms');
    const s = await state();
    expect(s.events.map((e: any) => e.event.messageId)).toEqual(['rate-1']);
    expect(s.refused.map((r: any) => `${r.endpoint} ${r.status}`)).toEqual(['POST /api/events 503', 'POST /api/events 503']);
  });

  it('a dropped connection is a network error the server client retries, and the item is stored', async () => {
    const log: string[] = [];
    const novin = createServerClient({ endpoint: mock.url, accessToken: 'dev-access-token', retry: { baseMs: 1 }, log: (line) => log.push(line) });
    await novin.items.upsert({ itemId: 'sku-1', name: 'Mug', price: 1000 });
    expect(log).toHaveLength(1);
    expect(log[0]).toContain('network error');
    const s = await state();
    expect(s.items['demo-project']['sku-1']).toMatchObject({ itemId: 'sku-1', name: 'Mug' });
    expect(s.faults).toEqual([]);
  });

  it('adds, lists and clears faults at run time; reset clears them too', async () => {
    const added = await api(mock.url, 'POST', '/inspector/faults', { path: '/api/sdk/*', status: 429, count: 3, retryAfter: 5 });
    expect(added).toMatchObject({ status: 201, body: { fault: { id: 3, remaining: 3 } } });
    const answer = await api(mock.url, 'POST', '/api/sdk/anonymous-id?projectId=demo-project');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect((await api(mock.url, 'GET', '/inspector/faults')).body.faults[0].remaining).toBe(2);
    expect((await api(mock.url, 'DELETE', '/inspector/faults')).body).toEqual({ status: 'ok', cleared: 1 });
    expect((await api(mock.url, 'POST', '/api/sdk/anonymous-id?projectId=demo-project')).status).toBe(200);
    await api(mock.url, 'POST', '/inspector/faults', { path: '/api/sdk', drop: true });
    await expect(fetch(`${mock.url}/api/sdk`)).rejects.toThrow(TypeError);
    await api(mock.url, 'POST', '/inspector/faults', { path: '/api/sdk', status: 500 });
    await api(mock.url, 'POST', '/inspector/reset');
    expect((await state()).faults).toEqual([]);
    expect((await api(mock.url, 'GET', '/api/sdk')).status).toBe(200);
  });

  it('refuses a broken --fail at start-up, naming it', () => {
    const bad = runMockExpectingFailure(['--port', '0', '--fail', '/api/events=200']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--fail "/api/events=200": status: must be an HTTP error status, 400 to 599');
  });
});
