import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryConfig } from '../../src/delivery.js';
import type { NovinError } from '../../src/errors.js';

type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | 'network' | 'hang';

/** A fetch double that acts as the collector: records requests, de-duplicates by messageId. */
function fakeCollector() {
  const c = {
    requests: [] as Array<{ events: Array<Record<string, unknown>>; keepalive?: boolean; type: string; at: number }>,
    unique: new Map<string, Record<string, unknown>>(),
    answers: [] as Answer[],
    reject: new Set<string>(),
    beacons: [] as string[],
    beaconResult: true,
  };
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const events = JSON.parse(String(init.body)).events as Array<Record<string, unknown>>;
    c.requests.push({ events, keepalive: init.keepalive, type: new Headers(init.headers).get('content-type') ?? '', at: Date.now() });
    const a = c.answers.shift();
    if (a === 'network') throw new TypeError('Failed to fetch');
    if (a === 'hang') return new Promise(() => {});
    if (a) return new Response(JSON.stringify(a.body ?? {}), { status: a.status, headers: a.headers });
    const rejected = events.filter((e) => c.reject.has(String(e.messageId))).map((e) => ({ messageId: e.messageId, errors: ['bad'] }));
    for (const e of events) if (!c.reject.has(String(e.messageId))) c.unique.set(String(e.messageId), e);
    return new Response(JSON.stringify({ status: 'ok', accepted: events.length - rejected.length, duplicates: 0, rejected }), { status: 200 });
  });
  vi.stubGlobal('navigator', Object.assign(Object.create(navigator), {
    sendBeacon: (_u: string, body: string) => (c.beacons.push(body), c.beaconResult),
  }));
  return c;
}

const settle = () => new Promise<void>((r) => setImmediate(r));
/** Advances fake time in small steps so fake-indexeddb (on real setImmediate) keeps up. */
async function tick(ms: number) {
  for (let t = 0; t < ms; t += 50) {
    await vi.advanceTimersByTimeAsync(50);
    for (let i = 0; i < 30; i++) await settle();
  }
}
async function until(check: () => boolean | Promise<boolean>, ms = 20_000) {
  for (let t = 0; !(await check()); t += 50) {
    if (t > ms) throw new Error('timed out');
    await tick(50);
  }
}

const TARGET = 'https://c.example/api/sdk/events?projectId=p1';
let ids: { anonymousId?: string; novinAB?: string };
let errors: NovinError[];
async function delivery(extra: Partial<DeliveryConfig> = {}) {
  vi.resetModules();
  const { createDelivery } = await import('../../src/delivery.js');
  const d = createDelivery({ endpoint: 'https://c.example', projectId: 'p1', _ids: () => ids, _onError: (e) => errors.push(e), flushInterval: 200, ...extra });
  created.push(d);
  return d;
}
// Listeners outlive a test: a delivery left running would answer the next test's page events.
const created: Array<{ clear(): Promise<void> }> = [];
const ev = (i: number, extra: Record<string, unknown> = {}) => ({ name: 'search', messageId: `m${i}`, time: new Date().toISOString(), properties: { searchQuery: `q${i}` }, ...extra });
const stored = async () => {
  vi.resetModules();
  const { createQueue } = await import('../../src/queue.js');
  return createQueue({ _target: TARGET })._read(10_000);
};

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  localStorage.clear(); // the settled mark belongs to the previous test's database
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
  ids = { anonymousId: 'anon-1', novinAB: 'A' };
  errors = [];
});
afterEach(async () => {
  await Promise.all(created.splice(0).map((d) => d.clear()));
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('delivery', () => {
  it('stores a burst of 1,000 sends in one transaction and delivers it in two requests', async () => {
    const c = fakeCollector();
    const d = await delivery();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    const sends = Array.from({ length: 1000 }, (_, i) => d.enqueue(ev(i)));
    await Promise.all(sends);
    expect(put).toHaveBeenCalledTimes(1000);
    expect(new Set(put.mock.contexts.map((store) => (store as IDBObjectStore).transaction)).size).toBe(1);
    await until(() => c.unique.size === 1000);
    expect(c.requests.map((r) => r.events.length)).toEqual([500, 500]);
    expect([...c.unique.keys()].slice(0, 3)).toEqual(['m0', 'm1', 'm2']); // send order
    await until(async () => !(await stored()).length);
    expect(errors).toEqual([]);
  });

  it('waits for the anonymous id, then stamps only events that lack it', async () => {
    const c = fakeCollector();
    ids = {};
    const d = await delivery();
    await d.enqueue(ev(1));
    await d.enqueue(ev(2, { anonymousId: 'earlier', novinAB: 'Z' }));
    await tick(1000);
    expect(c.requests).toHaveLength(0);
    await d.flush();
    expect(c.requests).toHaveLength(0);
    ids = { anonymousId: 'anon-9', novinAB: 'B' };
    await d.flush();
    await until(() => c.unique.size === 2);
    expect(c.unique.get('m1')).toMatchObject({ anonymousId: 'anon-9', novinAB: 'B' });
    expect(c.unique.get('m2')).toMatchObject({ anonymousId: 'earlier', novinAB: 'Z' });
  });

  it('retries 503 with growing backoff, then delivers everything once', async () => {
    const c = fakeCollector();
    c.answers.push({ status: 503 }, { status: 503 }, 'network');
    const d = await delivery();
    for (let i = 0; i < 5; i++) void d.enqueue(ev(i));
    await until(() => c.unique.size === 5);
    expect(c.requests).toHaveLength(4);
    const gaps = c.requests.slice(1).map((r, i) => r.at - c.requests[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(500);
    expect(gaps[1]).toBeGreaterThanOrEqual(1000);
    expect(gaps[2]).toBeGreaterThanOrEqual(2000);
    expect(errors.filter((e) => e.kind === 'delivery').map((e) => e.status)).toEqual([503, 503, 0]);
    expect(await stored()).toEqual([]);
  });

  it('keeps events through 401, 403 and 404 (a wrong project, a redeploy): only 400/413/422 drop them', async () => {
    const c = fakeCollector();
    c.answers.push({ status: 401 }, { status: 404 }, { status: 403 });
    const d = await delivery();
    for (let i = 0; i < 3; i++) void d.enqueue(ev(i));
    await until(() => c.unique.size === 3);
    expect(c.requests).toHaveLength(4);
    expect(errors.filter((e) => e.kind === 'dropped')).toEqual([]);
    expect(await stored()).toEqual([]);
  });

  it('honours Retry-After, also against an explicit flush()', async () => {
    const c = fakeCollector();
    c.answers.push({ status: 429, headers: { 'Retry-After': '30' } });
    const d = await delivery();
    void d.enqueue(ev(1));
    await until(() => c.requests.length === 1);
    await tick(29_000);
    await d.flush();
    void d.enqueue(ev(2));
    await tick(500);
    expect(c.requests).toHaveLength(1);
    await until(() => c.unique.size === 2);
    expect(c.requests[1].at - c.requests[0].at).toBeGreaterThanOrEqual(30_000);
  });

  it('drops what the collector refuses for good and reports it; the rest arrives', async () => {
    const c = fakeCollector();
    c.reject.add('m2');
    const d = await delivery();
    for (let i = 0; i < 4; i++) void d.enqueue(ev(i));
    await until(() => c.unique.size === 3);
    await until(() => errors.some((e) => e.kind === 'dropped'));
    expect(errors.find((e) => e.kind === 'dropped')).toMatchObject({ count: 1 });
    c.answers.push({ status: 400 });
    await d.enqueue(ev(9));
    await until(() => errors.filter((e) => e.kind === 'dropped').length === 2);
    expect(errors.filter((e) => e.kind === 'dropped')[1]).toMatchObject({ count: 1, status: 400 });
    expect(await stored()).toEqual([]);
    expect(c.requests).toHaveLength(2);
  });

  it('splits a batch the collector finds too large instead of dropping it', async () => {
    const c = fakeCollector();
    c.answers.push({ status: 413 });
    const d = await delivery();
    for (let i = 0; i < 6; i++) void d.enqueue(ev(i));
    await until(() => c.unique.size === 6);
    expect(c.requests.map((r) => r.events.length)).toEqual([6, 3, 3]);
    expect(errors.filter((e) => e.kind === 'dropped')).toEqual([]);
  });

  it('offline, leaves the site\'s worker a Background Sync; other failures and pages without one leave nothing', async () => {
    const c = fakeCollector();
    const tags: string[] = [];
    const sync = { register: async (tag: string) => void tags.push(tag) };
    // What getRegistration() finds, one per failed drain: ours, none, one without Background Sync, a throwing one.
    const found: Array<() => unknown> = [() => ({ sync }), () => undefined, () => ({}), () => { throw new DOMException('no', 'SecurityError'); }];
    let asked = 0;
    Object.defineProperty(navigator, 'serviceWorker', { value: { getRegistration: async () => found[asked++]() } });
    c.answers.push({ status: 503 }, 'network', 'network', 'network', 'network');
    const d = await delivery();
    await d.enqueue(ev(1));
    await until(() => errors.length === 1);
    expect(asked).toBe(0); // the collector answered: the page's own retries are enough
    await until(() => tags.length === 1);
    expect(tags).toEqual(['novin-flush']);
    await until(() => c.unique.size === 1, 40_000); // five growing backoffs
    expect(asked).toBe(4);
    expect(errors.map((e) => e.status)).toEqual([503, 0, 0, 0, 0]);
    expect(tags).toHaveLength(1);
  });

  it('offline without an offline event (a page loaded offline), events stored leave the worker a sync before any drain', async () => {
    const c = fakeCollector();
    const tags: string[] = [];
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: { getRegistration: async () => ({ sync: { register: async (tag: string) => void tags.push(tag) } }) } });
    const d = await delivery({ flushInterval: 60_000 });
    await d.enqueue(ev(1));
    await until(() => tags.length > 0, 5_000);
    expect(tags).toEqual(['novin-flush']);
    expect(c.requests).toHaveLength(0);
  });

  it('clear() forgets stored events and sends nothing until the next enqueue', async () => {
    const c = fakeCollector();
    ids = {};
    const d = await delivery();
    await d.enqueue(ev(1));
    await d.clear();
    ids = { anonymousId: 'a' };
    await d.flush();
    await tick(1000);
    expect(c.requests).toHaveLength(0);
    expect(await stored()).toEqual([]);
    await d.enqueue(ev(2));
    await until(() => c.unique.size === 1);
    expect([...c.unique.keys()]).toEqual(['m2']);
  });

  it('on hide, hands the queue over as text/plain keepalive chunks under 60 KB; unanswered ones stay stored', async () => {
    const c = fakeCollector();
    ids = {}; // no timer or load flush: only the hide sends, with the ids the events carry
    const d = await delivery();
    await d.enqueue(ev(0, { anonymousId: 'anon-0' }));
    const big = 'x'.repeat(1000);
    await Promise.all(Array.from({ length: 150 }, (_, i) => d.enqueue(ev(i + 1, { anonymousId: 'anon-0', properties: { searchQuery: big } }))));
    c.answers.push('hang', 'hang', 'hang');
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    dispatchEvent(new Event('pagehide')); // the second signal must not send the same events again
    await tick(100);
    expect(c.requests.length).toBeGreaterThanOrEqual(3);
    for (const r of c.requests) {
      expect(r.keepalive).toBe(true);
      expect(r.type).toBe('text/plain');
      expect(JSON.stringify({ events: r.events }).length).toBeLessThan(60_000);
    }
    const sent = c.requests.flatMap((r) => r.events.map((e) => e.messageId));
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent).toHaveLength(151);
    expect((await stored()).length).toBe(151); // unconfirmed: re-sent on the next visit
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    await d.clear();
  });

  it('on hide, confirmed keepalive answers remove events; a refused keepalive falls back to sendBeacon', async () => {
    const c = fakeCollector();
    ids = {}; // no timer or load flush: only the hide sends, with the ids the events carry
    const d = await delivery();
    await d.enqueue(ev(0, { anonymousId: 'anon-0' }));
    await d.enqueue(ev(1, { anonymousId: 'anon-0' }));
    c.answers.push('network');
    dispatchEvent(new Event('pagehide'));
    await until(() => c.beacons.length === 1);
    expect(JSON.parse(c.beacons[0]).events.map((e: { messageId: string }) => e.messageId)).toEqual(['m0', 'm1']);
    expect(await stored()).toHaveLength(2); // a beacon is never confirmed
    // The browser took the beacon (Firefox takes them past the keepalive quota): a second signal
    // of the same closing page must not hand the same events over again.
    document.dispatchEvent(new Event('visibilitychange'));
    dispatchEvent(new Event('pagehide'));
    await tick(100);
    expect(c.requests).toHaveLength(1);
    expect(c.beacons).toHaveLength(1);
    // What arrives later is handed over and confirmed as usual.
    await d.enqueue(ev(2, { anonymousId: 'anon-0' }));
    dispatchEvent(new Event('pagehide'));
    await until(() => c.unique.size === 1);
    await tick(100);
    expect([...c.unique.keys()]).toEqual(['m2']);
    expect((await stored()).map((r) => r.e.messageId)).toEqual(['m0', 'm1']);
    await d.clear();
  });

  it('on hide, skips what a sibling tab marked settled, and everything while offline', async () => {
    const c = fakeCollector();
    ids = {};
    const d = await delivery();
    await d.enqueue(ev(0, { anonymousId: 'anon-0' }));
    localStorage.setItem('novin:settled ' + TARGET, `e:${Date.now()}:9`); // a sibling delivered everything up to now
    dispatchEvent(new Event('pagehide'));
    await tick(100);
    expect(c.requests).toHaveLength(0);
    await d.enqueue(ev(1, { anonymousId: 'anon-0' }));
    localStorage.setItem('novin:settled ' + TARGET, 'e:0');
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    dispatchEvent(new Event('pagehide'));
    await tick(100);
    expect(c.requests).toHaveLength(0);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true);
    dispatchEvent(new Event('pagehide'));
    await until(() => c.unique.size === 2);
  });

  it("during a collector's hold, hide hands over one keepalive request, however much is queued", async () => {
    const c = fakeCollector();
    c.answers.push({ status: 429, headers: { 'Retry-After': '600' } });
    const d = await delivery();
    await d.enqueue(ev(0));
    await until(() => c.requests.length === 1);
    const big = 'x'.repeat(1000);
    await Promise.all(Array.from({ length: 150 }, (_, i) => d.enqueue(ev(i + 1, { properties: { searchQuery: big } }))));
    c.answers.push('hang');
    dispatchEvent(new Event('pagehide'));
    dispatchEvent(new Event('pagehide')); // its request is still out: nothing more
    await tick(100);
    expect(c.requests).toHaveLength(2);
    expect(c.requests[1]).toMatchObject({ keepalive: true, type: 'text/plain' });
    expect(c.requests[1].events[0].messageId).toBe('m0'); // the oldest first
    expect(c.requests[1].events.length).toBeLessThan(151);
    await d.clear();
  });

  it('a wall clock stepped back 30 days during a backoff: the retry comes on time, no timer re-arms in a loop', async () => {
    const c = fakeCollector();
    c.answers.push({ status: 503 });
    const d = await delivery();
    void d.enqueue(ev(1));
    await until(() => c.requests.length === 1);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    vi.setSystemTime(Date.now() - 30 * 864e5); // Date only: the monotonic clock runs on
    await until(() => c.unique.size === 1, 2000); // the first backoff is at most a second
    // A delay past setTimeout's range fires at once; re-armed each time, that made hundreds.
    expect(timers.mock.calls.length).toBeLessThan(50);
  });

  it('clamps every wait to the timer range (a huge flushInterval would overflow setTimeout and fire at once)', async () => {
    fakeCollector();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const d = await delivery({ flushInterval: 1e12 });
    await d.enqueue(ev(1));
    await tick(100);
    const waits = timers.mock.calls.map(([, ms]) => ms ?? 0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(3_600_000);
  });

  it('keys the collector answered for, noted by a tab closed before IndexedDB forgot them, are removed unsent', async () => {
    const c = fakeCollector();
    vi.resetModules();
    const { createQueue } = await import('../../src/queue.js');
    const recs = [1, 2, 3].map((i) => ({ k: `e:${Date.now() - 1000 + i}:100000${i}old`, e: ev(i), t: Date.now(), b: 100, u: TARGET }));
    await createQueue({ _target: TARGET })._put(recs);
    localStorage.setItem('novin:answered', `${recs[0].k} ${recs[1].k}`);
    await delivery();
    await until(() => c.unique.size === 1);
    expect([...c.unique.keys()]).toEqual(['m3']);
    expect(localStorage.getItem('novin:answered')).toBeNull();
    expect(await stored()).toEqual([]);
  });

  it('notes what the collector answered for before IndexedDB forgets it, and clears the note once it has', async () => {
    const c = fakeCollector();
    const notes: Array<string | null> = [];
    const setItem = localStorage.setItem.bind(localStorage);
    vi.spyOn(localStorage, 'setItem').mockImplementation((k: string, v: string) => {
      if (k === 'novin:answered') notes.push(v);
      setItem(k, v);
    });
    const d = await delivery();
    await d.enqueue(ev(1));
    await until(() => c.unique.size === 1);
    await until(async () => !(await stored()).length);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^e:\d+:\d+\w+$/);
    expect(localStorage.getItem('novin:answered')).toBeNull();
  });

  it('on hide, ignores a settled mark from a clock that was ahead', async () => {
    const c = fakeCollector();
    ids = {};
    const d = await delivery();
    await d.enqueue(ev(0, { anonymousId: 'anon-0' }));
    localStorage.setItem('novin:settled ' + TARGET, `e:${Date.now() + 864e5}:1000000zz`);
    dispatchEvent(new Event('pagehide'));
    await until(() => c.unique.size === 1);
    await d.clear();
  });

  it("on hide, what the page's own request carries is handed over after everything else", async () => {
    const c = fakeCollector();
    c.answers.push('hang');
    const d = await delivery();
    await Promise.all([1, 2, 3].map((i) => d.enqueue(ev(i))));
    await until(() => c.requests.length === 1); // m1–m3 are on their way
    await d.enqueue(ev(4));
    await d.enqueue(ev(5));
    c.answers.push('hang');
    dispatchEvent(new Event('pagehide'));
    await tick(50);
    expect(c.requests[1].events.map((e) => e.messageId)).toEqual(['m4', 'm5', 'm1', 'm2', 'm3']);
    await d.clear();
  });

  it('every request carries sentAt beside the events', async () => {
    const bodies: string[] = [];
    const c = fakeCollector();
    const fetch = globalThis.fetch;
    vi.stubGlobal('fetch', (u: string, init: RequestInit) => (bodies.push(String(init.body)), fetch(u, init)));
    const d = await delivery();
    await d.enqueue(ev(1));
    await until(() => c.unique.size === 1);
    expect(JSON.parse(bodies[0]).sentAt).toBe(new Date(Date.parse(JSON.parse(bodies[0]).sentAt)).toISOString());
  });
});
