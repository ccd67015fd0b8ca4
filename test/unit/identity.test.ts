import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createIdentity, type Ids } from '../../src/identity.js';
import { uuid } from '../../src/uuid.js';
import type { CookieJar } from '../../src/cookies.js';

const ENDPOINT = 'https://cdp.example.com';
let answers: Array<() => Response> = [];
let asked = 0;
const server = setupServer(
  http.post(`${ENDPOINT}/api/sdk/anonymous-id`, ({ request }) => {
    asked++;
    expect(new URL(request.url).searchParams.get('projectId')).toBe('p1');
    const next = answers.shift();
    return next ? next() : HttpResponse.json({ anonymousId: `anon-${asked}`, novinAB: 'A' });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  answers = [];
  asked = 0;
  localStorage.clear();
});

const BASE = { endpoint: ENDPOINT, projectId: 'p1', _may: () => true, _onChange: () => {}, _onForget: () => {} };

function memoryJar(initial: Record<string, string> = {}): CookieJar & { values: Record<string, string> } {
  const values = { ...initial };
  return { values, get: (n) => values[n], set: (n, v) => void (v ? (values[n] = v) : delete values[n]), domain: () => '' };
}

function start(cookies = memoryJar(), anonymousId?: 'local') {
  const changes: Ids[] = [];
  const identity = createIdentity({ ...BASE, _cookies: cookies, anonymousId, _onChange: (v) => changes.push({ ...v }) });
  identity._start({});
  return { identity, cookies, changes };
}

describe('uuid', () => {
  it('is an RFC 4122 version 4 id without crypto.randomUUID (plain-http pages), across pool refills', () => {
    const real = globalThis.crypto;
    const fake = { getRandomValues: vi.fn((a: Uint8Array<ArrayBuffer>) => real.getRandomValues(a)) };
    vi.stubGlobal('crypto', fake);
    try {
      const ids = new Set(Array.from({ length: 600 }, uuid));
      expect(ids.size).toBe(600);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // 600 ids from blocks of 256: a handful of calls, not one per id.
      expect(fake.getRandomValues.mock.calls.length).toBeLessThanOrEqual(4);
    } finally {
      vi.unstubAllGlobals();
    }
  });
  it('uses crypto.randomUUID where the page has it', () => {
    const spy = vi.spyOn(crypto, 'randomUUID');
    uuid();
    expect(spy).toHaveBeenCalledOnce();
  });
});

describe('anonymous id', () => {
  it('comes from the cookie without asking the collector', () => {
    const { identity } = start(memoryJar({ novinAnonymousId: 'known', 'novin-AB': 'B' }));
    expect(identity.ids).toMatchObject({ anonymousId: 'known', novinAB: 'B' });
    expect(asked).toBe(0);
  });

  it('is issued by the collector once, with the A/B group, and stored in both cookies', async () => {
    const { identity, cookies, changes } = start();
    await vi.waitFor(() => expect(identity.ids.anonymousId).toBe('anon-1'));
    expect(identity.ids.novinAB).toBe('A');
    expect(cookies.values).toMatchObject({ novinAnonymousId: 'anon-1', 'novin-AB': 'A' });
    expect(changes.at(-1)).toMatchObject({ anonymousId: 'anon-1' });
    expect(asked).toBe(1);
  });

  it('keeps an A/B group the site already set', async () => {
    const { identity } = start(memoryJar({ 'novin-AB': 'site-choice' }));
    await vi.waitFor(() => expect(identity.ids.anonymousId).toBe('anon-1'));
    expect(identity.ids.novinAB).toBe('site-choice');
  });

  it('retries with growing waits while the collector fails', async () => {
    answers = [() => new HttpResponse(null, { status: 503 }), () => HttpResponse.json({ wrong: true }), () => HttpResponse.error()];
    const times: number[] = [];
    server.events.on('request:start', () => void times.push(performance.now()));
    const identity = createIdentity({ ...BASE, _cookies: memoryJar(), _retryBase: 40 });
    identity._start({});
    await vi.waitFor(() => expect(identity.ids.anonymousId).toBe('anon-4'), { timeout: 3000 });
    server.events.removeAllListeners();
    expect(asked).toBe(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // Each wait is at least half its ceiling: 20, 40, 80 ms.
    gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(20 * 2 ** i - 2));
    identity._stop();
  });

  it('gives up on a collector that never answers and asks again', async () => {
    answers = [() => new Promise<Response>(() => {}) as unknown as Response];
    const identity = createIdentity({ ...BASE, _cookies: memoryJar(), _retryBase: 10, timeout: 100 });
    identity._start({});
    await vi.waitFor(() => expect(identity.ids.anonymousId).toBe('anon-2'), { timeout: 3000 });
    expect(asked).toBe(2);
    identity._stop();
  });

  it("'local' mints the id in the page", async () => {
    const { identity, cookies } = start(memoryJar(), 'local');
    await vi.waitFor(() => expect(identity.ids.anonymousId).toMatch(/^[0-9a-f-]{36}$/));
    expect(cookies.values.novinAnonymousId).toBe(identity.ids.anonymousId);
    expect(asked).toBe(0);
  });
});

describe('userId', () => {
  it('is remembered across pages and forgotten on sign-out', () => {
    const a = start(memoryJar({ novinAnonymousId: 'x' }));
    a.identity._setUser('u-7');
    expect(a.changes.at(-1)).toMatchObject({ userId: 'u-7' });
    const b = start(memoryJar({ novinAnonymousId: 'x' }));
    expect(b.identity.ids.userId).toBe('u-7');
    b.identity._setUser(undefined);
    expect(start(memoryJar({ novinAnonymousId: 'x' })).identity.ids.userId).toBeUndefined();
  });
});
