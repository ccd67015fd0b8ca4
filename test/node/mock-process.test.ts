import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, api, runMockExpectingFailure, startMock, type MockProcess } from './helpers/mock-process.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const SERVER = { authorization: 'Bearer dev-access-token' };
const GOALS = { authorization: 'Bearer dev-api-token' };
const envelope = (messageId: string, over: Record<string, unknown> = {}) => ({ name: 'itemView', itemId: 'i1', anonymousId: 'a1', time: '2026-11-28T12:00:00Z', messageId, ...over });

let mock: MockProcess;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(async () => {
  await api(mock.url, 'POST', '/inspector/reset');
});

describe('novin-mock start-up', () => {
  it('prints its URL, the project, the tokens, the dev default and memory only', () => {
    const out = mock.output();
    expect(out).toMatch(/^novin-mock listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toContain('config: dev default (no --config given)');
    expect(out).toContain('project: demo-project   access token (server API): dev-access-token');
    expect(out).toContain('API token: dev-api-token   whitelisted: onboarding-goals/complete, onboarding-goals/list, onboarding-goals/assign');
    expect(out).toContain('data: memory only');
  });
  it('reads --config and refuses a broken one naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'novin-mock-config-'));
    try {
      const file = join(dir, 'c.json');
      writeFileSync(file, JSON.stringify({ projects: [{ projectId: 'shop', accessToken: 'shop-secret' }], apiTokens: [{ token: 'crm' }] }));
      const other = await startMock(['--config', file]);
      try {
        expect(other.output()).toContain(`config: ${file}`);
        expect(other.output()).toContain('project: shop   access token (server API): shop-secret');
        expect(other.output()).toContain('API token: crm   whitelisted: nothing');
        expect((await api(other.url, 'GET', '/api/v1/onboarding-goals/list', undefined, { authorization: 'Bearer crm' })).status).toBe(403);
        expect((await api(other.url, 'POST', '/api/sdk/anonymous-id?projectId=demo-project')).status).toBe(401);
      } finally {
        await other.stop();
      }
      writeFileSync(file, JSON.stringify({ projects: [{ projectId: 'shop' }] }));
      const bad = runMockExpectingFailure(['--config', file, '--port', '0']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('config.projects[0].accessToken: must be a non-empty string');
      writeFileSync(file, '{not json');
      expect(runMockExpectingFailure(['--config', file]).stderr).toContain('is not valid JSON');
      expect(runMockExpectingFailure(['--port', 'abc']).stderr).toContain('--port: "abc" is not a port number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('serves the inspector page and a script that compiles, from the built bundle', async () => {
    const page = await fetch(`${mock.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<script src="/inspector/app.js" defer></script>');
    const js = await (await fetch(`${mock.url}/inspector/app.js`)).text();
    expect(() => new Function(js)).not.toThrow();
    expect(js).toContain('textContent');
  });
  it('--version prints the package version; --max-events is checked; the start-up says what memory keeps', () => {
    const v = spawnSync(process.execPath, [join(ROOT, 'bin/novin-mock.mjs'), '--version'], { encoding: 'utf8', timeout: 10_000 });
    expect([v.status, v.stdout]).toEqual([0, `novin-mock ${version}\n`]);
    expect(runMockExpectingFailure(['--max-events', '0']).stderr).toContain('--max-events: "0" is not a whole number from 1 to 10000000');
    expect(runMockExpectingFailure(['--max-events', 'lots']).status).toBe(2);
    expect(mock.output()).toContain('memory: the newest 10000 events and refusals (--max-events); counts stay exact');
    expect(mock.output()).toContain(`inspector: ${mock.url}/   (also ${mock.url}/inspector/`);
  });
  it('serves the inspector at / and /inspector/, with its icon (no favicon 404)', async () => {
    for (const path of ['/', '/inspector/']) expect(await (await fetch(`${mock.url}${path}`)).text()).toContain('<title>novin-mock inspector</title>');
    const bare = await fetch(`${mock.url}/inspector`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/inspector/']);
    expect((await fetch(`${mock.url}/favicon.ico`)).status).toBe(200);
    expect((await fetch(`${mock.url}/inspector/favicon.svg`)).status).toBe(200);
  });
  it('keeps --max-events rows in memory, counts all, and --data keeps everything across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'novin-mock-max-'));
    try {
      const small = await startMock(['--max-events', '5', '--data', dir]);
      const events = Array.from({ length: 12 }, (_, i) => envelope(`cap-${i}`));
      expect((await api(small.url, 'POST', '/api/sdk/events?projectId=demo-project', { events })).body.accepted).toBe(12);
      const s = (await api(small.url, 'GET', '/inspector/state')).body;
      expect(s.events.map((e: any) => e.event.messageId)).toEqual(['cap-7', 'cap-8', 'cap-9', 'cap-10', 'cap-11']);
      expect(s).toMatchObject({ maxEvents: 5, counts: { events: 12 }, dropped: { events: 7 } });
      await small.stop();
      const again = await startMock(['--max-events', '20', '--data', dir]);
      try {
        expect((await api(again.url, 'GET', '/inspector/state')).body.events).toHaveLength(12);
        expect((await api(again.url, 'POST', '/api/sdk/events?projectId=demo-project', { events: [envelope('cap-0')] })).body.duplicates).toBe(1);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('answers the package version', async () => {
    expect((await api(mock.url, 'GET', '/api/sdk')).body).toEqual({ sdkVersion: version });
  });
});

describe('over HTTP', () => {
  it('auth matrix: project id for the browser, access token for the server API, whitelisted API token for goals', async () => {
    const cases: Array<[string, string, Record<string, string>, unknown, number]> = [
      ['POST', '/api/sdk/events?projectId=demo-project', {}, { events: [] }, 200],
      ['POST', '/api/sdk/events?projectId=other', {}, { events: [] }, 401],
      ['POST', '/api/sdk/events', SERVER, { events: [] }, 401],
      ['POST', '/api/events/bulk', SERVER, { events: [] }, 200],
      ['POST', '/api/events/bulk', {}, { events: [] }, 401],
      ['POST', '/api/events/bulk', GOALS, { events: [] }, 401],
      ['POST', '/api/users/bulk', { authorization: 'Bearer dev-access-tokenX' }, { users: [] }, 401],
      ['GET', '/api/v1/onboarding-goals/list', GOALS, undefined, 200],
      ['GET', '/api/v1/onboarding-goals/list', SERVER, undefined, 401],
      ['GET', '/api/v1/onboarding-goals/list', {}, undefined, 401],
    ];
    for (const [method, path, headers, body, status] of cases) expect((await api(mock.url, method, path, body, headers)).status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(status);
  });
  it('bulk limits: 500 taken, 501 refused with 413', async () => {
    const users = (n: number) => Array.from({ length: n }, (_, i) => ({ userId: `u${i}` }));
    expect((await api(mock.url, 'POST', '/api/users/bulk', { users: users(500) }, SERVER)).body).toEqual({ status: 'ok', accepted: 500, rejected: [] });
    expect(await api(mock.url, 'POST', '/api/users/bulk', { users: users(501) }, SERVER)).toMatchObject({ status: 413, body: { status: 'error', message: 'users: has 501 entries, at most 500 per request' } });
  });
  it('bad JSON is a 400 naming the body', async () => {
    const res = await api(mock.url, 'POST', '/api/items', '{"itemId": ', SERVER);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^body: is not valid JSON/);
  });
  it('a body over 1 MB is a 413, declared or streamed, and the server keeps serving', async () => {
    const big = JSON.stringify({ events: [envelope('big', { properties: { fullUrl: 'x'.repeat(2 * 1024 * 1024) } })] });
    const declared = await api(mock.url, 'POST', '/api/sdk/events?projectId=demo-project', big);
    expect(declared.status).toBe(413);
    expect(declared.body.message).toMatch(/^body: is too large/);
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if ((sent += chunk.length) > 3 * 1024 * 1024) c.close();
        else c.enqueue(chunk);
      },
    });
    const streamed = await fetch(`${mock.url}/api/sdk/events?projectId=demo-project`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await api(mock.url, 'GET', '/api/sdk')).status).toBe(200);
  });
  it('duplicates by messageId across requests', async () => {
    const send = () => api(mock.url, 'POST', '/api/sdk/events?projectId=demo-project', { events: [envelope('dup-1'), envelope('dup-2')] }, { 'content-type': 'text/plain;charset=UTF-8' });
    expect((await send()).body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await send()).body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await api(mock.url, 'GET', '/inspector/state')).body.events).toHaveLength(2);
  });
  it('CORS: preflight and answers echo the page origin', async () => {
    const pre = await fetch(`${mock.url}/api/sdk/events?projectId=demo-project`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    const res = await api(mock.url, 'POST', '/api/sdk/anonymous-id?projectId=demo-project', undefined, { origin: 'https://shop.example.com' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(res.body.novinAB).toMatch(/^[AB]$/);
  });
  it('the inspector is same-origin only: another site can neither read nor change it, while the API keeps its CORS', async () => {
    const evil = { origin: 'https://evil.example' };
    await api(mock.url, 'POST', '/api/sdk/events?projectId=demo-project', { events: [envelope('pii-1', { name: 'tryToSignIn', itemId: undefined, properties: { email: 'sara@example.com' } })] });
    // text/plain is what a page can POST cross-origin without a preflight.
    const plain = { ...evil, 'content-type': 'text/plain' };
    const attempts = [
      await api(mock.url, 'GET', '/inspector/state', undefined, evil),
      await api(mock.url, 'GET', '/', undefined, evil),
      await api(mock.url, 'OPTIONS', '/inspector/reset', undefined, { ...evil, 'access-control-request-method': 'POST' }),
      await api(mock.url, 'POST', '/inspector/reset', undefined, plain),
      await api(mock.url, 'POST', '/inspector/faults', { path: '/api/sdk/events', status: 503 }, plain),
      await api(mock.url, 'POST', '/inspector/clock', { advanceMs: 60_000 }, plain),
      await api(mock.url, 'GET', '/inspector/state', undefined, { origin: 'null' }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(JSON.stringify(res.body)).not.toContain('sara@example.com');
    }
    const s = (await api(mock.url, 'GET', '/inspector/state')).body;
    expect(s.events.map((e: any) => e.event.messageId)).toEqual(['pii-1']);
    expect(s.faults).toEqual([]);
    // The page's own requests (same origin, as the browser sends them) still work.
    const own = await api(mock.url, 'POST', '/inspector/faults', { path: '/api/sdk', status: 503 }, { origin: mock.url });
    expect(own.status).toBe(201);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    expect((await api(mock.url, 'GET', '/inspector/state', undefined, { origin: mock.url })).body.events).toHaveLength(1);
    // Reached by another name for the same host, the page's origin matches Host, not the URL the server builds.
    const byName = mock.url.replace('127.0.0.1', 'localhost');
    expect((await api(byName, 'POST', '/inspector/clock', { advanceMs: 0 }, { origin: byName })).status).toBe(200);
    expect((await api(mock.url, 'POST', '/inspector/clock', { advanceMs: 0 }, { origin: byName })).status).toBe(403);
    // And the API is as open as before, from that same foreign origin.
    const events = await api(mock.url, 'POST', '/api/sdk/events?projectId=demo-project', { events: [envelope('pii-2')] }, evil);
    expect(events.status).toBe(200);
    expect(events.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(events.headers.get('access-control-allow-credentials')).toBe('true');
  });
  it('goals time out by the (advanced) clock, and the late goal stays timed out', async () => {
    const assigned = await api(mock.url, 'POST', '/api/v1/onboarding-goals/assign', { user_id: 42, goal_codes: ['demo', 'signed-up'], timeout_minutes: 90 }, GOALS);
    expect(assigned.status).toBe(201);
    await api(mock.url, 'POST', '/api/sdk/events?projectId=demo-project', { events: [envelope('s1', { name: 'signUp', itemId: undefined, userId: '42' })] });
    await api(mock.url, 'POST', '/inspector/clock', { advanceMs: 91 * 60_000 });
    expect((await api(mock.url, 'POST', '/api/v1/onboarding-goals/complete', { goal_code: 'demo', user_id: 42 }, GOALS)).status).toBe(200);
    const s = (await api(mock.url, 'GET', '/inspector/state')).body;
    const byGoal = Object.fromEntries(s.userGoals.filter((e: any) => e.id <= 2).map((e: any) => [e.goalCode, e]));
    expect(byGoal['signed-up'].completedAt).toBeDefined();
    expect(byGoal.demo.timedOutAt).toBe(byGoal.demo.timeoutAt);
    expect(s.goalEvents.map((e: any) => `${e.type}:${e.goalCode}`)).toEqual(['created:demo', 'created:signed-up', 'completed:signed-up', 'timedOut:demo', 'created:demo', 'completed:demo']);
    expect(s.assignments[0].outcome).toBe('failure');
    expect(s.goals.every((g: any) => g.segment.length === 0)).toBe(true);
  });
});
