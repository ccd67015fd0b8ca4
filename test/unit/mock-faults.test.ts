import { beforeEach, describe, expect, it, vi } from 'vitest';
import { serveInMsw } from './helpers/mock-in-msw.js';
import { createMockBackend, parseFaultFlag, type MockBackend } from '../../mock/index.js';
import { INSPECTOR_HTML } from '../../mock/inspector/page.js';

// The page runs at the happy-dom origin, so its relative fetches reach the handler there.
const BASE = location.origin;
let backend: MockBackend;
serveInMsw(BASE, () => backend);
beforeEach(() => {
  backend = createMockBackend();
});

const envelope = (messageId: string) => ({ name: 'itemView', itemId: 'i1', anonymousId: 'a1', time: '2026-11-28T12:00:00Z', messageId });
const sendEvents = (...ids: string[]) => fetch(`${BASE}/api/sdk/events?projectId=demo-project`, { method: 'POST', body: JSON.stringify({ events: ids.map(envelope) }) });
const addFault = async (fault: unknown) => {
  const res = await fetch(`${BASE}/inspector/faults`, { method: 'POST', body: JSON.stringify(fault) });
  return { status: res.status, body: await res.json() };
};

describe('fault injection', () => {
  it('answers the status count times with Retry-After, then the real answer, and stores the event once', async () => {
    expect(await addFault({ path: '/api/sdk/events', status: 503, count: 2, retryAfter: 2 })).toEqual({
      status: 201,
      body: { status: 'ok', fault: { id: 1, path: '/api/sdk/events', status: 503, retryAfter: 2, remaining: 2 } },
    });
    for (const left of [1, 0]) {
      const res = await sendEvents('m1');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After');
      expect((await res.json()).message).toContain(`${left} more pending`);
    }
    const ok = await sendEvents('m1');
    expect(await ok.json()).toMatchObject({ status: 'ok', accepted: 1 });
    const s = backend.state();
    expect(s.events).toHaveLength(1);
    expect(s.faults).toEqual([]);
    expect(s.refused.map((r) => [r.endpoint, r.status])).toEqual([['POST /api/sdk/events', 503], ['POST /api/sdk/events', 503]]);
    expect(s.requests).toBe(3);
  });

  it('matches an exact path, a prefix with *, and a method; the oldest matching fault goes first', async () => {
    await addFault({ path: '/api/events', status: 500 });
    await addFault({ path: '/api/*', method: 'DELETE', status: 429 });
    await addFault({ path: '/api/*', status: 502 });
    const auth = { authorization: 'Bearer dev-access-token' };
    // /api/events/bulk is not /api/events: the prefix fault takes it.
    expect((await fetch(`${BASE}/api/events/bulk`, { method: 'POST', headers: auth, body: '{"events": []}' })).status).toBe(502);
    expect((await fetch(`${BASE}/api/items/x`, { method: 'DELETE', headers: auth })).status).toBe(429);
    expect(backend.state().faults.map((f) => f.path)).toEqual(['/api/events']);
    expect((await fetch(`${BASE}/api/users`, { method: 'POST', headers: auth, body: '{"userId": "u1"}' })).status).toBe(200);
    expect((await fetch(`${BASE}/api/events`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(500);
  });

  it('drops the connection: fetch fails with no answer', async () => {
    await addFault({ path: '/api/sdk/anonymous-id', drop: true });
    await expect(fetch(`${BASE}/api/sdk/anonymous-id?projectId=demo-project`, { method: 'POST' })).rejects.toThrow(TypeError);
    expect(backend.state().refused[0]).toMatchObject({ status: 0, projectId: 'demo-project', reasons: [expect.stringContaining('connection dropped')] });
    expect((await fetch(`${BASE}/api/sdk/anonymous-id?projectId=demo-project`, { method: 'POST' })).status).toBe(200);
  });

  it('delays the real answer', async () => {
    await addFault({ path: '/api/sdk', delayMs: 150 });
    const t0 = performance.now();
    const res = await fetch(`${BASE}/api/sdk`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(await res.json()).toEqual({ sdkVersion: 'dev' });
    expect(backend.state().refused).toEqual([]);
  });

  it('leaves preflights and the inspector alone', async () => {
    await addFault({ path: '/api/*', status: 503, count: 5 });
    const pre = await fetch(`${BASE}/api/sdk/events`, { method: 'OPTIONS', headers: { origin: 'https://shop.test', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect((await fetch(`${BASE}/inspector/state`)).status).toBe(200);
    expect(backend.state().faults[0].remaining).toBe(5);
  });

  it('GET lists, DELETE clears, and reset clears too', async () => {
    await addFault({ path: '/api/sdk/events', status: 503, count: 3 });
    await addFault({ path: '/api/users', drop: true, method: 'POST' });
    const listed = await (await fetch(`${BASE}/inspector/faults`)).json();
    expect(listed.faults.map((f: { id: number; remaining: number }) => [f.id, f.remaining])).toEqual([[1, 3], [2, 1]]);
    expect(await (await fetch(`${BASE}/inspector/faults`, { method: 'DELETE' })).json()).toEqual({ status: 'ok', cleared: 2 });
    expect((await sendEvents('m2')).status).toBe(200);
    await addFault({ path: '/api/sdk/events', status: 503 });
    await fetch(`${BASE}/inspector/reset`, { method: 'POST' });
    expect(backend.state().faults).toEqual([]);
    expect((await sendEvents('m3')).status).toBe(200);
  });

  it('refuses a wrong fault with a 400 naming each field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ path: '/inspector/state', status: 503 }, 'path: must start with /api/'],
      [{ path: '/api/*/events', status: 503 }, 'path: must start with /api/'],
      [{ path: '/api/sdk', status: 200 }, 'status: must be an HTTP error status'],
      [{ path: '/api/sdk', status: 503, drop: true }, 'drop: a dropped connection has no status'],
      [{ path: '/api/sdk' }, 'status: give a status, drop: true, or a delayMs'],
      [{ path: '/api/sdk', drop: true, retryAfter: 1 }, 'retryAfter: must be whole seconds'],
      [{ path: '/api/sdk', status: 503, count: 0 }, 'count: must be a whole number, 1 to 1000'],
      [{ path: '/api/sdk', status: 503, method: 'get' }, 'method: must be one of GET, POST, DELETE'],
      [{ path: '/api/sdk', delayMs: 1e9 }, 'delayMs: must be a whole number of milliseconds'],
    ];
    for (const [fault, message] of cases) {
      const res = await addFault(fault);
      expect(res.status, JSON.stringify(fault)).toBe(400);
      expect(res.body.message, JSON.stringify(fault)).toContain(message);
    }
    expect(backend.state().faults).toEqual([]);
  });

  it('starts with the faults given as an option, checked the same way', async () => {
    backend = createMockBackend(undefined, { faults: [{ path: '/api/sdk', status: 500 }] });
    expect((await fetch(`${BASE}/api/sdk`)).status).toBe(500);
    expect((await fetch(`${BASE}/api/sdk`)).status).toBe(200);
    expect(() => createMockBackend(undefined, { faults: [{ path: 'api/sdk', status: 500 }] })).toThrow('path: must start with /api/');
  });

  it('shows pending faults on the inspector page and drops them from it once consumed', async () => {
    document.body.innerHTML = INSPECTOR_HTML.replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '');
    new Function(await (await fetch(`${BASE}/inspector/app.js`)).text())();
    document.querySelector<HTMLButtonElement>('nav.tabs button[data-tab="faults"]')!.click();
    const faults = () => document.querySelector('#tab-faults .tables')?.textContent ?? '';
    await vi.waitFor(() => expect(faults()).toContain('nothing yet'), { timeout: 3000 });
    await addFault({ path: '/api/sdk/events', status: 429, retryAfter: 7 });
    await vi.waitFor(() => expect(faults()).toContain('/api/sdk/events'), { timeout: 3000 });
    expect(faults()).toContain('429');
    await vi.waitFor(() => expect(document.getElementById('count-faults')?.textContent).toBe('(1)'), { timeout: 3000 });
    await sendEvents('m4');
    await vi.waitFor(() => expect(document.getElementById('count-faults')?.textContent).toBe('(0)'), { timeout: 3000 });
    expect(document.getElementById('timeline')?.textContent).toContain('429 answered on purpose');
  });
});

describe('--fail values', () => {
  it('reads status, count and options', () => {
    expect(parseFaultFlag('/api/sdk/events=503x3,retryAfter=2')).toEqual({ path: '/api/sdk/events', status: 503, count: 3, retryAfter: 2 });
    expect(parseFaultFlag('/api/*=drop,method=post')).toEqual({ path: '/api/*', drop: true, count: 1, method: 'POST' });
    expect(parseFaultFlag('/api/users=delayx2,delayMs=500')).toEqual({ path: '/api/users', delayMs: 500, count: 2 });
  });
  it('names what is wrong', () => {
    expect(() => parseFaultFlag('/api/sdk/events')).toThrow('expected PATH=STATUS[xCOUNT]');
    expect(() => parseFaultFlag('/api/sdk=503x')).toThrow('expected PATH=STATUS[xCOUNT]');
    expect(() => parseFaultFlag('/api/sdk=503,wait=1')).toThrow('unknown option "wait"');
    expect(() => parseFaultFlag('/api/sdk=503,retryAfter=soon')).toThrow('retryAfter: must be whole seconds');
    expect(() => parseFaultFlag('/api/sdk=delay')).toThrow('give a status, drop: true, or a delayMs');
  });
});
