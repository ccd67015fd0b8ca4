import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEV_CONFIG, createMockBackend, type MockBackend, type MockConfig } from '../../mock/index.js';

const BASE = 'https://mock.test';
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const MIN = 60_000;
let now = T0;
let backend: MockBackend;
const CONFIG: MockConfig = {
  ...DEV_CONFIG,
  apiTokens: [
    { token: 'dev-api-token', endpoints: ['onboarding-goals/complete', 'onboarding-goals/list', 'onboarding-goals/assign'] },
    { token: 'list-only', endpoints: ['onboarding-goals/list'] },
    { token: 'nothing' },
  ],
};
const server = setupServer(http.all(`${BASE}/*`, ({ request }) => backend.handle(request)));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  now = T0;
  backend = createMockBackend(CONFIG, { now: () => now });
});

async function call(method: string, path: string, body?: unknown, token: string | null = 'dev-api-token') {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const complete = (body: unknown, token?: string) => call('POST', '/api/v1/onboarding-goals/complete', body, token);
const assign = (user_id: unknown, goal_codes: string[], timeout_minutes = 60) => call('POST', '/api/v1/onboarding-goals/assign', { user_id, goal_codes, timeout_minutes });
const signUp = (userId: string) =>
  fetch(`${BASE}/api/sdk/events?projectId=demo-project`, {
    method: 'POST',
    body: JSON.stringify({ events: [{ name: 'signUp', userId, anonymousId: 'a', time: new Date(now).toISOString(), messageId: `su-${userId}-${now}` }] }),
  });
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

describe('onboarding goals API', () => {
  it('lists the goals for a whitelisted token', async () => {
    expect(await call('GET', '/api/v1/onboarding-goals/list', undefined, 'list-only')).toEqual({
      status: 200,
      body: { status: 'ok', goals: [{ name: 'Demo', code: 'demo', type: 'simple' }, { name: 'Signed up', code: 'signed-up', type: 'event' }] },
    });
  });
  it('401 for no or unknown token, 403 when not whitelisted (none by default)', async () => {
    expect((await call('GET', '/api/v1/onboarding-goals/list', undefined, null)).status).toBe(401);
    expect((await call('GET', '/api/v1/onboarding-goals/list', undefined, 'dev-access-token')).status).toBe(401);
    expect(await call('GET', '/api/v1/onboarding-goals/list', undefined, 'nothing')).toEqual({
      status: 403,
      body: { status: 'error', message: 'Authorization: this API token is not whitelisted for onboarding-goals/list' },
    });
    expect((await complete({ goal_code: 'demo', user_id: 1 }, 'list-only')).status).toBe(403);
    expect((await call('POST', '/api/v1/onboarding-goals/assign', {}, 'list-only')).status).toBe(403);
    expect((await complete({ goal_code: 'demo', user_id: 1 }, 'wrong')).body).toEqual({ status: 'error', message: 'Authorization: unknown API token' });
    expect((await call('POST', '/api/v1/onboarding-goals/assign', {}, null)).status).toBe(401);
  });
  it('complete: 400 bad body, 404 unknown goal or user, 400 for an event goal, then ok', async () => {
    expect((await complete({ user_id: 1 })).body).toEqual({ status: 'error', message: 'goal_code: is required (the code of a simple goal)' });
    expect((await complete({ goal_code: 'demo', user_id: -3 })).status).toBe(400);
    expect(await complete({ goal_code: 'nope', user_id: 301109 })).toEqual({ status: 404, body: { status: 'error', message: 'goal_code: unknown goal "nope"' } });
    expect(await complete({ goal_code: 'demo', user_id: 301109 })).toEqual({ status: 404, body: { status: 'error', message: 'user_id: unknown user 301109' } });
    expect((await complete({ goal_code: 'signed-up', user_id: 301109 })).status).toBe(400);
    await fetch(`${BASE}/api/users`, { method: 'POST', headers: { authorization: 'Bearer dev-access-token' }, body: JSON.stringify({ userId: '301109' }) });
    expect(await complete({ goal_code: 'demo', user_id: 301109 })).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await complete({ goal_code: 'demo', user_id: '301109' })).toEqual({ status: 200, body: { status: 'ok' } });
    const s = backend.state();
    expect(s.userGoals).toEqual([{ id: 1, userId: '301109', goalCode: 'demo', createdAt: at(0), completedAt: at(0) }]);
    expect(s.goalEvents.map((e) => e.type)).toEqual(['created', 'completed']);
  });
});

describe('goal entries, timeouts and segments (fake clock)', () => {
  it('an assigned goal times out on its own at its deadline and leaves the segment', async () => {
    const res = await assign(7, ['demo', 'signed-up'], 30);
    expect(res.status).toBe(201);
    expect(res.body.entries.map((e: { timeoutAt: string }) => e.timeoutAt)).toEqual([at(30), at(30)]);
    expect(backend.state().goals.map((g) => g.segment)).toEqual([['7'], ['7']]);
    now = T0 + 10 * MIN;
    await complete({ goal_code: 'demo', user_id: 7 });
    now = T0 + 29 * MIN;
    backend.tick();
    expect(backend.state().goals.map((g) => g.segment)).toEqual([[], ['7']]);
    now = T0 + 45 * MIN;
    backend.tick();
    const s = backend.state();
    expect(s.goals.map((g) => g.segment)).toEqual([[], []]);
    expect(s.userGoals.map((e) => [e.goalCode, e.completedAt, e.timedOutAt])).toEqual([['demo', at(10), undefined], ['signed-up', undefined, at(30)]]);
    expect(s.goalEvents.map((e) => `${e.type} ${e.goalCode} ${e.at}`)).toEqual([
      `created demo ${at(0)}`, `created signed-up ${at(0)}`, `completed demo ${at(10)}`, `timedOut signed-up ${at(30)}`,
    ]);
    expect(s.assignments[0]).toMatchObject({ outcome: 'failure', decidedAt: at(30) });
  });
  it('an event goal completes when its event arrives for the user; all done is a success', async () => {
    await assign('u9', ['signed-up', 'demo'], 60);
    now = T0 + 5 * MIN;
    await signUp('u9');
    await complete({ goal_code: 'demo', user_id: 'u9' });
    const s = backend.state();
    expect(s.userGoals.every((e) => e.completedAt === at(5))).toBe(true);
    expect(s.assignments[0]).toMatchObject({ outcome: 'success', decidedAt: at(5) });
    now = T0 + 120 * MIN;
    backend.tick();
    expect(backend.state().goalEvents.filter((e) => e.type === 'timedOut')).toEqual([]);
  });
  it('a late completion after the deadline does not undo the timeout, even before any tick', async () => {
    await assign('u1', ['demo'], 1);
    now = T0 + 2 * MIN;
    await complete({ goal_code: 'demo', user_id: 'u1' });
    const s = backend.state();
    expect(s.userGoals.map((e) => [e.id, e.timedOutAt, e.completedAt])).toEqual([[1, at(1), undefined], [2, undefined, at(2)]]);
    expect(s.assignments[0].outcome).toBe('failure');
  });
  it('the inspector clock moves time forward in a running backend', async () => {
    await assign('u1', ['demo'], 60);
    const res = await fetch(`${BASE}/inspector/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 61 * MIN }) });
    expect(await res.json()).toEqual({ status: 'ok', now: at(61) });
    expect(backend.state().userGoals[0].timedOutAt).toBe(at(60));
  });
  it('the inspector clock refuses a bad advanceMs with a 400 and does not move', async () => {
    await assign('u1', ['demo'], 60);
    for (const body of ['{"advanceMs": -1}', '{"advanceMs": "3600000"}', '{}', '{"advanceMs": 315360000001}', '{"advanceMs": null}', 'soon']) {
      const res = await fetch(`${BASE}/inspector/clock`, { method: 'POST', body });
      expect(res.status, body).toBe(400);
      expect((await res.json()).message, body).toMatch(body === 'soon' ? /^body: is not valid JSON/ : /^advanceMs: must be a number of milliseconds/);
    }
    now += 61 * MIN;
    backend.tick();
    // Only the real minute passed: the entry is due at 60, so it times out now and not earlier.
    expect(backend.state().now).toBe(at(61));
    expect(backend.state().userGoals[0].timedOutAt).toBe(at(60));
  });
  it('a deleted user leaves every segment', async () => {
    await fetch(`${BASE}/api/users`, { method: 'POST', headers: { authorization: 'Bearer dev-access-token' }, body: JSON.stringify({ userId: 'u2' }) });
    await assign('u2', ['demo'], 60);
    expect(backend.state().goals[0].segment).toEqual(['u2']);
    await fetch(`${BASE}/api/users/u2`, { method: 'DELETE', headers: { authorization: 'Bearer dev-access-token' } });
    expect(backend.state().goals[0].segment).toEqual([]);
  });
  it('assign: 400 bad body, 404 unknown goal', async () => {
    expect((await assign(1, [], 10)).status).toBe(400);
    expect((await assign(1, ['demo'], 0)).body.message).toContain('timeout_minutes');
    expect((await assign(1, ['demo', 'ghost'], 10)).status).toBe(404);
    expect(backend.state().userGoals).toEqual([]);
  });
});
