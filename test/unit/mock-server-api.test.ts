import { beforeEach, describe, expect, it } from 'vitest';
import { serveInMsw } from './helpers/mock-in-msw.js';
import { DEV_CONFIG, createMockBackend, type MockBackend } from '../../mock/index.js';
import { safeEqual } from '../../mock/auth.js';

const BASE = 'https://mock.test';
let backend: MockBackend;
serveInMsw(BASE, () => backend);
beforeEach(() => {
  backend = createMockBackend({ ...DEV_CONFIG, projects: [...DEV_CONFIG.projects, { projectId: 'other', accessToken: 'other-token' }] });
});

async function call(method: string, path: string, body?: unknown, token: string | null = 'dev-access-token') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = token.includes(' ') ? token : `Bearer ${token}`;
  const res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const purchase = { name: 'purchaseComplete', userId: 'u1', itemIdList: ['i1'], properties: { totalPrice: 1000 } };

describe('server API authentication', () => {
  const endpoints: Array<[string, string, unknown]> = [
    ['POST', '/api/events', purchase],
    ['POST', '/api/events/bulk', { events: [purchase] }],
    ['POST', '/api/items', { itemId: 'i1' }],
    ['POST', '/api/items/bulk', { items: [] }],
    ['POST', '/api/users', { userId: 'u1' }],
    ['POST', '/api/users/bulk', { users: [] }],
    ['DELETE', '/api/items/i1', undefined],
    ['DELETE', '/api/users/u1', undefined],
  ];
  it.each(endpoints)('%s %s: 401 without, with an unknown, a malformed or an API token', async (method, path, body) => {
    for (const [token, message] of [
      [null, 'Authorization: missing'],
      ['wrong', 'Authorization: unknown access token'],
      ['dev-access-toke', 'Authorization: unknown access token'],
      ['Basic dev-access-token', 'Authorization: must be "Bearer <access token>"'],
      ['dev-api-token', 'Authorization: unknown access token'],
    ] as const) {
      const res = await call(method, path, body, token);
      expect(res.status, `${token}`).toBe(401);
      expect(res.body.status).toBe('error');
      expect(res.body.message).toContain(message);
    }
  });
  it('compares tokens without an early exit (and correctly)', () => {
    expect(safeEqual('dev-access-token', 'dev-access-token')).toBe(true);
    for (const other of ['', 'd', 'dev-access-tokem', 'dev-access-token-', 'xev-access-token']) expect(safeEqual(other, 'dev-access-token')).toBe(false);
  });
});

describe('POST /api/events and /api/events/bulk', () => {
  it('accepts a backend-only event with signed loyalty points', async () => {
    const res = await call('POST', '/api/events', { ...purchase, messageId: 'p1', aggregations: [{ userAggregationfield: 'purchasePoints', point: 240 }] });
    expect(res).toEqual({ status: 200, body: { status: 'ok', accepted: 1, duplicates: 0, rejected: [] } });
    await call('POST', '/api/events', { ...purchase, aggregations: [{ userAggregationfield: 'purchasePoints', point: -40 }] });
    expect((await call('POST', '/api/events', { ...purchase, messageId: 'p1' })).body.duplicates).toBe(1);
    const state = backend.state();
    expect(state.loyalty['demo-project'].u1).toEqual({ purchasePoints: 200 });
    expect(state.events.every((e) => e.source === 'server' && typeof e.event.messageId === 'string')).toBe(true);
  });
  it('answers 400 naming the event and field of an invalid single event', async () => {
    const res = await call('POST', '/api/events', { name: 'purchaseApproved', itemIdList: ['i1'] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status: 'error', message: 'purchaseApproved: userId is required' });
    expect((await call('POST', '/api/events', { name: 'itemRate', userId: 'u', itemId: 'i', properties: { rate: 'five' } })).body.message).toBe('itemRate: properties.rate must be a finite number');
  });
  it('takes up to 500 events in bulk, reports the rejected ones, and refuses 501 with 413', async () => {
    const events = Array.from({ length: 500 }, (_, i) => ({ ...purchase, messageId: `b${i}` }));
    events[7] = { ...purchase, messageId: 'bad', userId: 7 as unknown as string };
    const res = await call('POST', '/api/events/bulk', { events });
    expect(res.body).toMatchObject({ accepted: 499, duplicates: 0, rejected: [{ index: 7, messageId: 'bad', errors: ['purchaseComplete: userId must be a non-empty string'] }] });
    const over = await call('POST', '/api/events/bulk', { events: [...events, purchase] });
    expect(over.status).toBe(413);
    expect((await call('POST', '/api/events/bulk', { event: [] })).status).toBe(400);
  });
});

describe('items and users', () => {
  it('creates and updates (merging fields) per project', async () => {
    expect((await call('POST', '/api/items', { itemId: 'i1', name: 'Tea', price: 120000, imagesUrl: ['https://x/1.jpg'], isConsumable: true, consumeTime: 30 })).body).toEqual({ status: 'ok', created: true });
    expect((await call('POST', '/api/items', { itemId: 'i1', price: 99000 })).body).toEqual({ status: 'ok', created: false });
    await call('POST', '/api/users', { userId: 'u1', firstName: 'Sara', userType: 'customer', attributes: { vip: true } });
    await call('POST', '/api/users', { userId: 'u1', city: 'Tehran' }, 'other-token');
    const { items, users } = backend.state();
    expect(items['demo-project'].i1).toMatchObject({ name: 'Tea', price: 99000, imagesUrl: ['https://x/1.jpg'] });
    expect(users['demo-project'].u1).toMatchObject({ firstName: 'Sara', userType: 'customer', attributes: { vip: true } });
    expect(users['demo-project'].u1.city).toBeUndefined();
    expect(users.other.u1).toMatchObject({ city: 'Tehran' });
  });
  it('answers 400 naming the field', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/items', { name: 'x' }, 'item.itemId is required'],
      ['/api/items', { itemId: 'i', imageUrl: 'x' }, 'item.imageUrl is not a known item field'],
      ['/api/items', { itemId: 'i', price: '10' }, 'item.price must be a finite number'],
      ['/api/items', { itemId: 'i', isConsumable: false, consumeTime: 5 }, 'item.consumeTime must be -1 when isConsumable is false'],
      ['/api/users', { userId: 'u', userType: 'admin' }, 'user.userType must be one of "visitor", "customer"'],
      ['/api/users', { userId: 'u', attributes: [1] }, 'user.attributes must be an object'],
      ['/api/users', [], 'body: must be a JSON object'],
    ];
    for (const [path, body, message] of cases) expect((await call('POST', path, body)).body, message).toEqual({ status: 'error', message });
  });
  it('bulk: at most 500, invalid entries reported by index', async () => {
    const users = Array.from({ length: 500 }, (_, i) => ({ userId: `u${i}` }));
    users[3] = { userId: '' };
    expect((await call('POST', '/api/users/bulk', { users })).body).toEqual({ status: 'ok', accepted: 499, rejected: [{ index: 3, errors: [expect.stringContaining('userId must be a non-empty string')] }] });
    expect(Object.keys(backend.state().users['demo-project'])).toHaveLength(499);
    const over = await call('POST', '/api/items/bulk', { items: Array.from({ length: 501 }, (_, i) => ({ itemId: `i${i}` })) });
    expect(over).toEqual({ status: 413, body: { status: 'error', message: 'items: has 501 entries, at most 500 per request' } });
  });
  it('deletes, answering 404 for an id this project does not have', async () => {
    await call('POST', '/api/items', { itemId: 'a/b c' });
    expect((await call('DELETE', '/api/items/a%2Fb%20c')).status).toBe(200);
    expect(backend.state().items['demo-project']).toEqual({});
    expect((await call('DELETE', '/api/items/a%2Fb%20c')).body).toEqual({ status: 'error', message: 'itemId: no item "a/b c" in this project' });
    await call('POST', '/api/users', { userId: 'u1' });
    expect((await call('DELETE', '/api/users/u1', undefined, 'other-token')).status).toBe(404);
    expect((await call('DELETE', '/api/users/u1')).status).toBe(200);
    // msw itself chokes on broken %-encoding, so this one goes to the handler directly.
    const broken = await backend.handle(new Request(`${BASE}/api/users/%E0%A4%A`, { method: 'DELETE', headers: { authorization: 'Bearer dev-access-token' } }));
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ status: 'error', message: 'path: has broken %-encoding' });
  });
});
