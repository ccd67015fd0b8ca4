/**
 * Identity policies: where the anonymous id is kept and read back, renewal, consent gating,
 * siblings' ids preferred, Web Locks refused, other tabs followed, and forget().
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createIdentity, type Identity, type Ids } from '../../src/identity.js';
import type { CookieJar } from '../../src/cookies.js';

const ENDPOINT = 'https://cdp.example.com';
let asked = 0;
let hold: Promise<void> | undefined;
const server = setupServer(
  http.post(`${ENDPOINT}/api/sdk/anonymous-id`, async () => {
    asked++;
    await hold;
    return HttpResponse.json({ anonymousId: `anon-${asked}`, novinAB: 'A' });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
// A stopped identity still hears storage events (happy-dom keeps one window): it must write nothing then.
const started: Array<() => void> = [];
beforeEach(() => {
  asked = 0;
  hold = undefined;
  localStorage.clear();
});
afterEach(() => {
  started.splice(0).forEach((stop) => stop());
  vi.restoreAllMocks();
});

function memoryJar(initial: Record<string, string> = {}): CookieJar & { values: Record<string, string> } {
  const values = { ...initial };
  return { values, get: (n) => values[n], set: (n, v) => void (v ? (values[n] = v) : delete values[n]), domain: () => '' };
}

function make(cookies = memoryJar(), may = () => true) {
  const changes: Ids[] = [];
  const forgotten: Ids[] = [];
  let live = true;
  const identity: Identity = createIdentity({
    endpoint: ENDPOINT,
    projectId: 'p1',
    _cookies: cookies,
    _may: () => live && may(),
    _onChange: (v) => changes.push({ ...v }),
    _onForget: (v) => forgotten.push(v),
  });
  started.push(() => ((live = false), identity._stop()));
  return { identity, cookies, changes, forgotten };
}

/** Another tab wrote localStorage: the browser fires `storage` here. */
function otherTab(key: string, value: string | null) {
  if (value === null) localStorage.removeItem(key);
  else localStorage.setItem(key, value);
  window.dispatchEvent(new StorageEvent('storage', { key, newValue: value }));
}

describe('copies of the anonymous id', () => {
  it('renews the cookies on start (same value) and copies the id into localStorage', () => {
    const { identity, cookies } = make(memoryJar({ novinAnonymousId: 'known', 'novin-AB': 'B' }));
    const set = vi.spyOn(cookies, 'set');
    identity._start({});
    expect(set.mock.calls).toEqual([
      ['novinAnonymousId', 'known'],
      ['novin-AB', 'B'],
    ]);
    expect(localStorage.getItem('novin:anonymousId')).toBe('known');
    expect(asked).toBe(0);
  });

  it('reads the localStorage copy when the cookie is gone, and puts the cookie back', () => {
    localStorage.setItem('novin:anonymousId', 'from-local');
    const { identity, cookies } = make();
    expect(identity.ids.anonymousId).toBe('from-local');
    identity._start({});
    expect(cookies.values.novinAnonymousId).toBe('from-local');
    expect(asked).toBe(0);
  });

  it('the cookie wins over the copy (another subdomain may have changed it)', () => {
    localStorage.setItem('novin:anonymousId', 'stale');
    const { identity } = make(memoryJar({ novinAnonymousId: 'current' }));
    identity._start({});
    expect(identity.ids.anonymousId).toBe('current');
    expect(localStorage.getItem('novin:anonymousId')).toBe('current');
  });

  it('takes the IndexedDB record when neither cookie nor localStorage has the id, A/B group included', () => {
    const { identity, cookies, changes } = make();
    identity._start({ anonymousId: 'from-idb', novinAB: 'C', userId: 'not restored' });
    expect(identity.ids).toMatchObject({ anonymousId: 'from-idb', novinAB: 'C' });
    // A userId the site cleared from localStorage (sign-out) is not brought back.
    expect(identity.ids.userId).toBeUndefined();
    expect(cookies.values).toMatchObject({ novinAnonymousId: 'from-idb', 'novin-AB': 'C' });
    expect(changes.at(-1)?.anonymousId).toBe('from-idb');
    expect(asked).toBe(0);
  });

  it('without consent writes nothing and asks nothing; once allowed, stores what it kept in memory', async () => {
    let allowed = false;
    const { identity, cookies } = make(memoryJar(), () => allowed);
    identity._start({});
    identity._setUser('u-1');
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toBe(0);
    expect(cookies.values).toEqual({});
    expect(localStorage.length).toBe(0);
    allowed = true;
    identity._start({});
    await vi.waitFor(() => expect(identity.ids.anonymousId).toBe('anon-1'));
    expect(cookies.values.novinAnonymousId).toBe('anon-1');
    expect(localStorage.getItem('novin:userId')).toBe('u-1');
  });
});

describe('one id per browser', () => {
  it("adopts the id a sibling stored while this tab's own request was in flight", async () => {
    let answer!: () => void;
    hold = new Promise((r) => (answer = r));
    const { identity, cookies } = make();
    identity._start({});
    await vi.waitFor(() => expect(asked).toBe(1));
    cookies.values.novinAnonymousId = 'sibling';
    answer();
    await vi.waitFor(() => expect(identity.ids.anonymousId).toBe('sibling'));
    expect(cookies.values.novinAnonymousId).toBe('sibling');
  });

  it('asks without a lock where Web Locks refuse (opaque origins)', async () => {
    const request = vi.fn(() => Promise.reject(new DOMException('denied', 'SecurityError')));
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request } });
    try {
      const { identity } = make();
      identity._start({});
      await vi.waitFor(() => expect(identity.ids.anonymousId).toBe('anon-1'));
      expect(request).toHaveBeenCalledOnce();
      expect(asked).toBe(1);
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('follows the id another tab stored: the value stored now, not the event’s (the last of two racing tabs wins)', () => {
    const { identity, cookies } = make(memoryJar({ novinAnonymousId: 'mine' }));
    localStorage.setItem('novin:anonymousId', 'last');
    window.dispatchEvent(new StorageEvent('storage', { key: 'novin:anonymousId', newValue: 'earlier' }));
    expect(identity.ids.anonymousId).toBe('last');
    expect(cookies.values.novinAnonymousId).toBe('last');
  });

  it("follows another tab's sign-in and sign-out", () => {
    const { identity, changes } = make(memoryJar({ novinAnonymousId: 'x' }));
    otherTab('novin:userId', 'u-7');
    expect(identity.ids.userId).toBe('u-7');
    expect(changes.at(-1)?.userId).toBe('u-7');
    otherTab('novin:userId', null);
    expect(identity.ids.userId).toBeUndefined();
  });

  it('forget() removes the cookie and the copies, says who the visitor was, and obtains a new id', async () => {
    localStorage.setItem('novin:userId', 'u-1');
    const { identity, cookies, forgotten } = make(memoryJar({ novinAnonymousId: 'old', 'novin-AB': 'B' }));
    identity._start({});
    identity._forget();
    expect(forgotten).toEqual([{ anonymousId: 'old', novinAB: 'B', userId: 'u-1' }]);
    expect(identity.ids.anonymousId).toBeUndefined();
    expect(identity.ids.userId).toBeUndefined();
    expect(cookies.values.novinAnonymousId).toBeUndefined();
    expect(localStorage.getItem('novin:anonymousId')).toBeNull();
    expect(localStorage.getItem('novin:userId')).toBeNull();
    await vi.waitFor(() => expect(identity.ids.anonymousId).toBe('anon-1'));
    // The A/B group is not an identity: it stays.
    expect(identity.ids.novinAB).toBe('B');
    // A stale IndexedDB record read before the reset does not bring the old id back.
    identity._start({ anonymousId: 'old' });
    expect(identity.ids.anonymousId).toBe('anon-1');
  });

  it("follows another tab's reset: forgets, then takes the new id that tab stored", async () => {
    let answer!: () => void;
    hold = new Promise((r) => (answer = r));
    const { identity, cookies, forgotten } = make(memoryJar({ novinAnonymousId: 'old' }));
    identity._start({});
    // The other tab removed the cookie and the copy, then asks the collector.
    delete cookies.values.novinAnonymousId;
    otherTab('novin:anonymousId', null);
    expect(forgotten).toEqual([{ anonymousId: 'old' }]);
    expect(identity.ids.anonymousId).toBeUndefined();
    otherTab('novin:anonymousId', 'new-from-other-tab');
    expect(identity.ids.anonymousId).toBe('new-from-other-tab');
    answer();
  });
});
