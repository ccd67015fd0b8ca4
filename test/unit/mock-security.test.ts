/**
 * Hostile input against the mock's public endpoints: ids are data, never property paths
 * (prototype pollution). DNS rebinding is tested over real HTTP in test/node/mock-hosts.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hostnameOf, isLoopback } from '../../mock/hosts.js';
import { createMockBackend, type Journal, type MockBackend, type Op } from '../../mock/index.js';

const memoryJournal = (): Journal & { ops: Op[] } => {
  const ops: Op[] = [];
  return { ops, load: () => JSON.parse(JSON.stringify(ops)) as Op[], append: (list) => void ops.push(...list), clear: () => void ops.splice(0) };
};

const post = (backend: MockBackend, path: string, body: unknown, headers: Record<string, string> = {}) =>
  backend.handle(new Request(`http://127.0.0.1:8787${path}`, { method: 'POST', body: JSON.stringify(body), headers }));
const server = { authorization: 'Bearer dev-access-token' };

const HOSTILE_IDS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'];
// What the attack writes onto Object.prototype; removed after each test whatever happened.
const POLLUTED = ['itemId', 'mobileLead', 'polluted', 'firstName', 'name'];
afterEach(() => {
  for (const key of POLLUTED) delete (Object.prototype as Record<string, unknown>)[key];
  // A userId "constructor" reached the Object function itself.
  for (const key of ['itemId', 'mobileLead', 'polluted']) delete (Object as unknown as Record<string, unknown>)[key];
});

function hostileEvents(): unknown[] {
  return HOSTILE_IDS.flatMap((id, i) => [
    // A userId that names Object.prototype, with aggregations whose fields are what a later check reads.
    { name: 'signUp', userId: id, anonymousId: id, time: '2026-11-28T12:00:00Z', messageId: `p-${i}`, aggregations: [{ userAggregationfield: 'itemId', operation: '+' }, { userAggregationfield: 'mobileLead', operation: '+' }] },
    { name: 'search', anonymousId: id, time: '2026-11-28T12:00:00Z', messageId: `q-${i}`, aggregations: [{ userAggregationfield: 'polluted', operation: '-' }] },
  ]);
}

async function attack(backend: MockBackend): Promise<void> {
  const res = await post(backend, '/api/sdk/events?projectId=demo-project', { events: hostileEvents() });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { accepted: number }).accepted).toBe(HOSTILE_IDS.length * 2);
  for (const id of HOSTILE_IDS) {
    expect((await post(backend, '/api/users', { userId: id, firstName: 'Mallory' }, server)).status).toBe(200);
    expect((await post(backend, '/api/items', { itemId: id, name: 'Trap' }, server)).status).toBe(200);
  }
  await post(backend, '/api/events', { name: 'purchaseApproved', userId: '__proto__', itemIdList: ['i1'], aggregations: [{ userAggregationfield: 'name', point: 5 }] }, server);
}

function expectClean(): void {
  const probe = {} as Record<string, unknown>;
  for (const key of POLLUTED) expect(probe[key], `({}).${key}`).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object, 'itemId')).toBe(false);
}

async function expectItemViewWithoutItemIdRefused(backend: MockBackend): Promise<void> {
  const res = await post(backend, '/api/sdk/events?projectId=demo-project', { events: [{ name: 'itemView', anonymousId: 'a', time: '2026-11-28T12:00:00Z', messageId: 'no-item' }] });
  expect(((await res.json()) as { rejected: Array<{ errors: string[] }> }).rejected[0]?.errors).toEqual(['itemView: itemId is required']);
}

describe('prototype pollution through public ingest', () => {
  it('treats __proto__, constructor and friends as ordinary ids: nothing lands on Object.prototype', async () => {
    const backend = createMockBackend();
    await attack(backend);
    expectClean();
    await expectItemViewWithoutItemIdRefused(backend);
    const s = backend.state();
    // Each hostile id has its own totals, user and item, like any other id.
    const loyalty = s.loyalty['demo-project'];
    for (const id of HOSTILE_IDS) {
      expect(Object.prototype.hasOwnProperty.call(loyalty, id), `loyalty ${id}`).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(loyalty, `anonymousId:${id}`), `loyalty anonymousId:${id}`).toBe(true);
      expect(loyalty[`anonymousId:${id}`].polluted).toBe(0);
      expect(s.users['demo-project'][id]).toMatchObject({ userId: id, firstName: 'Mallory' });
      expect(s.items['demo-project'][id]).toMatchObject({ itemId: id, name: 'Trap' });
    }
    expect(loyalty.__proto__).toEqual({ itemId: 0, mobileLead: 10, name: 5 });
    expect(s.counts.byName.signUp).toBe(HOSTILE_IDS.length);
  });

  it('deletes such ids like any other, and says 404 once they are gone', async () => {
    const backend = createMockBackend();
    await attack(backend);
    for (const id of HOSTILE_IDS) {
      const del = (kind: string) => backend.handle(new Request(`http://127.0.0.1:8787/api/${kind}/${encodeURIComponent(id)}`, { method: 'DELETE', headers: server }));
      expect((await del('users')).status, id).toBe(200);
      expect((await del('users')).status, id).toBe(404);
      expect((await del('items')).status, id).toBe(200);
    }
    // A never-created id that names a prototype member is not "known".
    expect((await backend.handle(new Request('http://127.0.0.1:8787/api/items/valueOf', { method: 'DELETE', headers: server }))).status).toBe(404);
    expectClean();
  });

  it('replaying the journal pollutes nothing either, and rebuilds the same state', async () => {
    const journal = memoryJournal();
    const first = createMockBackend(undefined, { journal });
    await attack(first);
    const again = createMockBackend(undefined, { journal });
    expectClean();
    const strip = (b: MockBackend) => JSON.parse(JSON.stringify({ ...b.state(), revision: 0, requests: 0, now: '' })) as unknown;
    expect(strip(again)).toEqual(strip(first));
    await expectItemViewWithoutItemIdRefused(again);
  });

  it('the goals API takes such user ids without touching prototypes', async () => {
    const backend = createMockBackend();
    const goals = { authorization: 'Bearer dev-api-token' };
    expect((await post(backend, '/api/v1/onboarding-goals/assign', { user_id: '__proto__', goal_codes: ['demo'], timeout_minutes: 5 }, goals)).status).toBe(201);
    expect((await post(backend, '/api/v1/onboarding-goals/complete', { goal_code: 'demo', user_id: '__proto__' }, goals)).status).toBe(200);
    // "constructor" was never seen: unknown, whatever Object.prototype holds.
    expect((await post(backend, '/api/v1/onboarding-goals/complete', { goal_code: 'demo', user_id: 'constructor' }, goals)).status).toBe(404);
    expectClean();
  });
});

describe('host names the inspector takes as its own', () => {
  it('reads the name out of a Host header', () => {
    expect(['127.0.0.1:8787', 'LOCALHOST', 'localhost.', '[::1]:80', 'Mock.Lan:1', 'a:b:c', '', ' x'].map(hostnameOf)).toEqual(['127.0.0.1', 'localhost', 'localhost', '::1', 'mock.lan', undefined, undefined, 'x']);
  });
  it('knows loopback names from look-alikes', () => {
    for (const name of ['localhost', 'app.localhost', '127.0.0.1', '127.9.9.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopback(name), name).toBe(true);
    for (const name of ['localhost.attacker.test', '127.0.0.1.attacker.test', 'attacker.test', '0.0.0.0', '10.0.0.1', '::', 'localhostx']) expect(isLoopback(name), name).toBe(false);
  });
});

describe('deeply nested JSON from the public endpoints', () => {
  // Parses fine (JSON.parse does not recurse), but JSON.stringify and structuredClone of it overflow the stack.
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const raw = (backend: MockBackend, path: string, body: string) => backend.handle(new Request(`http://127.0.0.1:8787${path}`, { method: 'POST', body }));
  const timeline = async (backend: MockBackend) => {
    const res = await backend.handle(new Request('http://127.0.0.1:8787/inspector/timeline'));
    return { status: res.status, body: (await res.json()) as { rows: Array<{ payload?: unknown; reasons: string[] }> } };
  };

  it('a refused body nested thousands deep is kept as text: the journal, the timeline and the state still answer', async () => {
    const journal = memoryJournal();
    const backend = createMockBackend(undefined, { journal });
    for (const depth of [3000, 6000]) expect((await raw(backend, '/api/sdk/events?projectId=demo-project', deep(depth))).status, `depth ${depth}`).toBe(400);
    const { status, body } = await timeline(backend);
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(2);
    for (const row of body.rows) expect(typeof row.payload).toBe('string');
    expect(backend.state().refused).toHaveLength(2);
    expect(createMockBackend(undefined, { journal }).state().refused).toHaveLength(2);
  });

  it('so is a deep event inside a batch, and a refused record of a bulk call', async () => {
    const backend = createMockBackend();
    const events = await raw(backend, '/api/sdk/events?projectId=demo-project', `{"events": [${deep(3500)}]}`);
    expect(((await events.json()) as { rejected: unknown[] }).rejected).toHaveLength(1);
    const users = await backend.handle(new Request('http://127.0.0.1:8787/api/users/bulk', { method: 'POST', headers: server, body: `{"users": [${deep(3500)}]}` }));
    expect(users.status).toBe(200);
    const { status, body } = await timeline(backend);
    expect(status).toBe(200);
    expect(body.rows.map((r) => typeof r.payload)).toEqual(['string', 'string']);
    expect(() => backend.state()).not.toThrow();
  });

  it('a push subscription takes only what the browser sends: expirationTime a number or null, keys of key length', async () => {
    const backend = createMockBackend();
    const subscribe = (subscription: Record<string, unknown>) =>
      raw(backend, '/api/sdk/push-subscriptions?projectId=demo-project', JSON.stringify({ anonymousId: 'a', subscription: { endpoint: 'https://push.example/1', keys: { p256dh: 'k', auth: 'a' }, ...subscription } }));
    expect((await subscribe({ expirationTime: 1_900_000_000_000 })).status).toBe(201);
    expect((await subscribe({ expirationTime: null })).status).toBe(201);
    const nested = await raw(backend, '/api/sdk/push-subscriptions?projectId=demo-project', `{"anonymousId": "a", "subscription": {"endpoint": "https://push.example/2", "keys": {"p256dh": "k", "auth": "a"}, "expirationTime": ${deep(6000)}}}`);
    expect(nested.status).toBe(400);
    expect((await subscribe({ keys: { p256dh: 'k'.repeat(100_000), auth: 'a' } })).status).toBe(400);
    expect(backend.state().pushSubscriptions.map((p) => p.subscription.expirationTime)).toEqual([null]);
  });
});

describe('reasons of a refusal, as memory keeps them', () => {
  // 1,000 wrong ids and 1,000 wrong prices: some 3,000 reasons, 180 kB of them, from a 120 kB event.
  const noisy = (messageId: string) => ({ name: 'checkOut', anonymousId: 'a', time: '2026-11-28T12:00:00Z', messageId, itemIdList: Array.from({ length: 1000 }, () => 5), properties: { itemsList: Array.from({ length: 1000 }, () => ({ itemPrice: 'x'.repeat(100) })) } });
  const size = (v: unknown) => JSON.stringify(v).length;

  it('are bounded like the payload, so --max-events rows cannot hold gigabytes; the answer still lists them all', async () => {
    const backend = createMockBackend();
    const res = await post(backend, '/api/sdk/events?projectId=demo-project', { events: [noisy('n1'), noisy('n2')] });
    const answer = (await res.json()) as { rejected: Array<{ errors: string[] }> };
    expect(answer.rejected[0].errors.length).toBeGreaterThan(2000);
    // The same through the server API (one event: its reasons joined in one message) and a bulk call of records.
    await post(backend, '/api/events', { ...noisy('n3'), name: 'purchaseApproved', userId: 'u' }, server);
    await post(backend, '/api/users/bulk', { users: [{ userId: 'u', attributes: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, { deep: { deeper: { deepest: { x: [[[[1]]]] } } } }])) }] }, server);
    const refused = backend.state().refused;
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(size(r.reasons), r.endpoint).toBeLessThan(12_000);
    expect(refused[0].reasons.at(-1)).toMatch(/^… and \d+ more reasons$/);
  });

  it('so are the warnings of a kept event: 3,000 unknown properties in 32 kB earn 160 kB of them', async () => {
    const backend = createMockBackend();
    const properties = Object.fromEntries([['searchQuery', 'tea'], ...Array.from({ length: 3000 }, (_, i) => [`k${i}`, 1])]);
    const res = await post(backend, '/api/sdk/events?projectId=demo-project', { events: [{ name: 'search', anonymousId: 'a', time: '2026-11-28T12:00:00Z', messageId: 'w', properties }] });
    const answer = (await res.json()) as { accepted: number; warnings: Array<{ warnings: string[] }> };
    expect(answer.accepted).toBe(1);
    expect(answer.warnings[0].warnings).toHaveLength(3000);
    const [kept] = backend.state().events;
    expect(Object.keys(kept.event.properties as object)).toHaveLength(3001);
    expect(size(kept.warnings)).toBeLessThan(12_000);
    expect(kept.warnings?.at(-1)).toBe('… and 2980 more warnings');
    expect(backend.state().counts.warnings).toBe(1);
  });
});
