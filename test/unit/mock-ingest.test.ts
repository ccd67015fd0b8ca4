import { beforeEach, describe, expect, it } from 'vitest';
import { serveInMsw } from './helpers/mock-in-msw.js';
import { DEV_CONFIG, MAX_BODY_BYTES, createMockBackend, type MockBackend } from '../../mock/index.js';

// The handler mounted in msw, reached through the page's own fetch (cross-origin, so CORS is exercised too).
const BASE = 'https://mock.test';
let backend: MockBackend;
serveInMsw(BASE, () => backend);
beforeEach(() => {
  backend = createMockBackend(TWO_PROJECTS);
});

const TWO_PROJECTS = {
  ...DEV_CONFIG,
  projects: [...DEV_CONFIG.projects, { projectId: 'other', accessToken: 'other-token' }],
};

const envelope = (over: Record<string, unknown> = {}) => ({
  name: 'itemView',
  itemId: 'i1',
  anonymousId: 'anon-1',
  time: '2026-11-28T12:00:00.000Z',
  messageId: `m-${Math.random()}`,
  ...over,
});

async function post(path: string, body: unknown, init: RequestInit = {}) {
  const res = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
const sendEvents = (events: unknown[], project = 'demo-project') => post(`/api/sdk/events?projectId=${project}`, { events });

describe('GET /api/sdk and POST /api/sdk/anonymous-id', () => {
  it('answers the SDK version (dev from source, or the one given)', async () => {
    expect(await (await fetch(`${BASE}/api/sdk`)).json()).toEqual({ sdkVersion: 'dev' });
    backend = createMockBackend(DEV_CONFIG, { sdkVersion: '9.8.7' });
    expect(await (await fetch(`${BASE}/api/sdk`)).json()).toEqual({ sdkVersion: '9.8.7' });
  });
  it('mints an anonymous id and an A/B group for a known project', async () => {
    const { status, body } = await post('/api/sdk/anonymous-id?projectId=demo-project', '');
    expect(status).toBe(200);
    expect(body.anonymousId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(['A', 'B']).toContain(body.novinAB);
  });
  it('answers 401 for an unknown or missing project', async () => {
    expect((await post('/api/sdk/anonymous-id?projectId=nope', '')).body).toEqual({ status: 'error', message: 'projectId: unknown project "nope"' });
    expect((await post('/api/sdk/anonymous-id', '')).status).toBe(401);
  });
});

describe('POST /api/sdk/events', () => {
  it('accepts valid events, de-duplicates by messageId and names the field of a rejected one', async () => {
    const a = envelope({ messageId: 'a' });
    const res = await sendEvents([a, a, envelope({ messageId: 'b', itemId: undefined }), envelope({ messageId: 'c', name: 'purchaseComplete' })]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', accepted: 1, duplicates: 1 });
    expect(res.body.rejected).toEqual([
      { index: 2, messageId: 'b', errors: ['itemView: itemId is required'] },
      { index: 3, messageId: 'c', errors: [expect.stringContaining('backend only')] },
    ]);
    expect((await sendEvents([a])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const state = backend.state();
    expect(state.events.map((e) => e.event.messageId)).toEqual(['a']);
    expect(state.refused.map((r) => r.messageId)).toEqual(['b', 'c']);
    expect(state.refused[0].reasons).toEqual(['itemView: itemId is required']);
  });
  it('keeps an event with unknown properties and answers its warnings (SPEC §10); a clean batch has no warnings key', async () => {
    const res = await sendEvents([envelope({ messageId: 'w1', properties: { itemName: 'Tea', color: 'green' } }), envelope({ messageId: 'w2' })]);
    expect(res.body).toEqual({
      status: 'ok', accepted: 2, duplicates: 0, rejected: [],
      warnings: [{ index: 0, messageId: 'w1', warnings: ['itemView: properties.color is not a known field (kept)'] }],
    });
    const [kept] = backend.state().events;
    expect(kept.event.properties).toEqual({ itemName: 'Tea', color: 'green' });
    expect(kept.warnings).toEqual(['itemView: properties.color is not a known field (kept)']);
    expect(backend.state().counts.warnings).toBe(1);
    expect((await sendEvents([envelope({ messageId: 'w3' })])).body).not.toHaveProperty('warnings');
    // A duplicate is not kept again, so it has no warnings of its own.
    expect((await sendEvents([envelope({ messageId: 'w1', properties: { color: 'red' } })])).body).toMatchObject({ duplicates: 1 });
    expect((await sendEvents([envelope({ messageId: 'w1', properties: { color: 'red' } })])).body).not.toHaveProperty('warnings');
  });
  it('reads a decimal string in a number field as the number, and still refuses a wrong kind', async () => {
    const checkOut = (messageId: string, totalPrice: unknown) => ({ name: 'checkOut', anonymousId: 'a', time: '2026-11-28T12:00:00Z', messageId, itemIdList: ['i1'], properties: { totalPrice } });
    const res = await sendEvents([checkOut('n1', '120000'), checkOut('n2', 'a lot')]);
    expect(res.body).toMatchObject({ accepted: 1, rejected: [{ index: 1, messageId: 'n2' }] });
    expect(backend.state().events[0].event.properties).toEqual({ totalPrice: 120000 });
  });
  it('requires what the SDK stamps: anonymousId, time and messageId', async () => {
    const res = await sendEvents([{ name: 'search', properties: { searchQuery: 'x' } }]);
    expect(res.body.rejected[0].errors).toEqual(['search: anonymousId is required', 'search: time is required', 'search: messageId is required']);
  });
  it('keeps de-duplication per project', async () => {
    expect((await sendEvents([envelope({ messageId: 'same' })])).body.accepted).toBe(1);
    expect((await sendEvents([envelope({ messageId: 'same' })], 'other')).body.accepted).toBe(1);
  });
  it('takes a sendBeacon body sent as text/plain', async () => {
    const res = await post('/api/sdk/events?projectId=demo-project', { events: [envelope()] }, { headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(res.body.accepted).toBe(1);
  });
  it('answers 400 for unreadable bodies, naming what is wrong', async () => {
    const cases: Array<[string, string]> = [
      ['{"events": [', 'body: is not valid JSON'],
      ['', 'body: is empty'],
      ['[1,2]', 'body: must be a JSON object'],
      ['{"events": {}}', 'events: must be an array'],
      ['"text"', 'body: must be a JSON object'],
    ];
    for (const [body, message] of cases) {
      const res = await post('/api/sdk/events?projectId=demo-project', body);
      expect(res.status, body).toBe(400);
      expect(res.body.status).toBe('error');
      expect(res.body.message).toContain(message);
    }
  });
  it('answers 413 above 500 events or above 1 MB, and takes exactly 500', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => envelope({ messageId: `bulk-${n}-${i}` }));
    expect((await sendEvents(many(500))).body.accepted).toBe(500);
    const over = await sendEvents(many(501));
    expect(over.status).toBe(413);
    expect(over.body.message).toContain('events: has 501 entries, at most 500');
    const huge = await sendEvents([envelope({ properties: { fullUrl: 'x'.repeat(MAX_BODY_BYTES) } })]);
    expect(huge.status).toBe(413);
    expect(backend.state().refused.at(-1)).toMatchObject({ status: 413, endpoint: 'POST /api/sdk/events' });
  });
  it('applies configured loyalty points and ignores a point a browser sends', async () => {
    await sendEvents([
      envelope({ aggregations: [{ userAggregationfield: 'mobileLead', operation: '+', point: 1000 }] }),
      envelope({ userId: 'u1', aggregations: [{ userAggregationfield: 'mobileLead', operation: '+' }] }),
      envelope({ userId: 'u1', aggregations: [{ userAggregationfield: 'mobileLead', operation: '-' }, { userAggregationfield: 'unconfigured', operation: '+' }] }),
    ]);
    expect(backend.state().loyalty).toEqual({ 'demo-project': { 'anonymousId:anon-1': { mobileLead: 10 }, u1: { mobileLead: 0, unconfigured: 0 } } });
  });
  it('records workflow runs, marking test runs', async () => {
    await sendEvents([envelope({ workFlowPath: 'webhook/welcome', userId: 'u1' }), envelope({ workFlowPath: 'webhook-test/welcome' })]);
    expect(backend.state().workflowRuns.map(({ workflow, test, userId }) => ({ workflow, test, userId }))).toEqual([
      { workflow: 'welcome', test: false, userId: 'u1' },
      { workflow: 'welcome', test: true, userId: undefined },
    ]);
  });
  it('never crashes on hostile input', async () => {
    const bodies = ['null', '{"events": [null, 1, "x", [], {"name": {}}]}', '{"__proto__": {"x": 1}, "events": []}', '{"events": [{"name": "a", "properties": {"__proto__": 1}}]}', '\u0000\u0001', '{"events": [' + '['.repeat(5000) + ']'.repeat(5000) + ']}'];
    for (const body of bodies) expect((await post('/api/sdk/events?projectId=demo-project', body)).status, body.slice(0, 40)).toBeLessThan(500);
    const bad = await fetch(`${BASE}/api/sdk/events?projectId=demo-project`, { method: 'POST', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe('body: is not valid UTF-8 text');
  });
});

describe('HTTP surface', () => {
  it('answers a CORS preflight (the origin echo is checked over real HTTP in test/node)', async () => {
    // happy-dom drops the Origin header a page may not set; every fetch in this file is cross-origin, so it got through CORS.
    const pre = await backend.handle(new Request(`${BASE}/api/sdk/events?projectId=demo-project`, {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    }));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
  });
  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    const missing = await fetch(`${BASE}/api/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ status: 'error', message: 'path: no endpoint /api/nothing' });
    const wrong = await backend.handle(new Request(`${BASE}/api/sdk/events?projectId=demo-project`, { method: 'GET' }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });
  it('counts API requests for the inspector', async () => {
    await fetch(`${BASE}/api/sdk`);
    await fetch(`${BASE}/api/sdk`);
    await fetch(`${BASE}/inspector/state`);
    expect(backend.state().requests).toBe(2);
  });
});

describe('push subscriptions', () => {
  const sub = (endpoint: string) => ({ endpoint, expirationTime: null, keys: { p256dh: 'key', auth: 'secret' } });
  const subscribe = (body: unknown) => post('/api/sdk/push-subscriptions?projectId=demo-project', body);
  it('stores, replaces and deletes', async () => {
    expect((await subscribe({ subscription: sub('https://push.test/1'), anonymousId: 'anon-1' })).status).toBe(201);
    expect((await subscribe({ subscription: sub('https://push.test/2'), anonymousId: 'anon-1', userId: 'u1', replaces: 'https://push.test/1' })).status).toBe(201);
    expect(backend.state().pushSubscriptions.map((p) => [p.endpoint, p.userId])).toEqual([['https://push.test/2', 'u1']]);
    const del = await fetch(`${BASE}/api/sdk/push-subscriptions?projectId=demo-project`, { method: 'DELETE', body: JSON.stringify({ endpoint: 'https://push.test/2' }) });
    expect(del.status).toBe(204);
    expect(backend.state().pushSubscriptions).toEqual([]);
  });
  it('answers 400 naming the field and 401 for an unknown project', async () => {
    expect((await subscribe({ subscription: { endpoint: 'nope' }, anonymousId: 'a' })).body.message).toBe('subscription.endpoint: must be an absolute URL');
    expect((await subscribe({ subscription: sub('https://push.test/1') })).body.message).toBe('anonymousId: must be a non-empty string');
    expect((await subscribe({ subscription: { endpoint: 'https://push.test/1' }, anonymousId: 'a' })).body.message).toContain('subscription.keys');
    expect((await post('/api/sdk/push-subscriptions?projectId=x', { subscription: sub('https://p.test/') })).status).toBe(401);
    const del = (project: string, body: string) => fetch(`${BASE}/api/sdk/push-subscriptions?projectId=${project}`, { method: 'DELETE', body });
    expect((await del('demo-project', '{}')).status).toBe(400);
    expect(await (await del('demo-project', '{"endpoint": "not a url"}')).json()).toEqual({ status: 'error', message: 'endpoint: must be an absolute URL' });
    expect((await del('x', '{"endpoint": "https://p.test/1"}')).status).toBe(401);
  });
});
