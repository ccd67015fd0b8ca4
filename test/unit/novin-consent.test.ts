/**
 * Consent, the remembered choice, ready() and reset() through createNovin: the policies.
 * (Real-browser proof of the same is in test/browser/consent.test.ts and identity.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createNovin, type Novin, type NovinError, type NovinOptions } from '../../src/index.js';
import { loadVisitor, saveVisitor } from '../../src/queue.js';

const ENDPOINT = 'https://cdp.example.com';
let received: Array<Record<string, unknown>> = [];
let issued = 0;
const server = setupServer(
  http.post(`${ENDPOINT}/api/sdk/anonymous-id`, () => HttpResponse.json({ anonymousId: `anon-${++issued}`, novinAB: 'A' })),
  http.post(`${ENDPOINT}/api/sdk/events`, async ({ request }) => {
    const { events } = (await request.json()) as { events: Array<Record<string, unknown>> };
    received.push(...events);
    return HttpResponse.json({ status: 'ok', accepted: events.length, duplicates: 0, rejected: [] });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  received = [];
  issued = 0;
  localStorage.clear();
  for (const c of document.cookie.split('; '))
    for (const domain of ['', '; domain=example.com']) document.cookie = `${c.split('=')[0]}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/${domain}`;
  await saveVisitor({});
});

function start(extra: NovinOptions = {}): { novin: Novin; errors: NovinError[] } {
  const errors: NovinError[] = [];
  const novin = createNovin({ projectId: 'p1', endpoint: ENDPOINT, flushInterval: 5, batchSize: 500, onError: (e) => errors.push(e), ...extra });
  return { novin, errors };
}
const search = (n: Novin, q: string) => n.event.send({ name: 'search', properties: { searchQuery: q } });
const cookieOf = (name: string) => document.cookie.split('; ').find((c) => c.startsWith(name + '='))?.split('=')[1];

describe("consent: 'pending'", () => {
  it('holds the first 1,000 sends in memory with their send time, asks and writes nothing; optIn() sends them', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => void requests.push(request.url));
    const { novin, errors } = start({ consent: 'pending' });
    const sentAt = Date.now();
    await Promise.all(Array.from({ length: 1001 }, (_, i) => search(novin, `q${i}`)));
    await new Promise((r) => setTimeout(r, 50));
    expect(requests).toEqual([]);
    expect(document.cookie).toBe('');
    expect(localStorage.length).toBe(0);
    expect(errors.filter((e) => e.kind === 'dropped')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    novin.optIn();
    await vi.waitFor(() => expect(received).toHaveLength(1000), { timeout: 10_000 });
    server.events.removeAllListeners();
    expect(received[0]).toMatchObject({ anonymousId: 'anon-1', novinAB: 'A', properties: { searchQuery: 'q0' } });
    for (const e of received) expect(Date.parse(e.time as string) - sentAt).toBeLessThan(60);
    expect(localStorage.getItem('novin:optOut')).toBe('0');
    expect(cookieOf('novinOptOut')).toBe('0');
    expect(cookieOf('novinAnonymousId')).toBe('anon-1');
  });

  it("a choice from an earlier visit wins over the configured default", async () => {
    localStorage.setItem('novin:optOut', '0');
    const agreed = start({ consent: 'pending' }).novin;
    await search(agreed, 'agreed before');
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    localStorage.clear();
    document.cookie = 'novinOptOut=1; path=/; domain=example.com';
    expect(start({ consent: 'pending' }).novin.isOptedOut()).toBe(true);
  });

  it('optOut() drops what was held and remembers the refusal in all three places', async () => {
    const { novin } = start({ consent: 'pending' });
    await search(novin, 'held');
    await novin.optOut();
    expect(localStorage.getItem('novin:optOut')).toBe('1');
    expect(cookieOf('novinOptOut')).toBe('1');
    await vi.waitFor(async () => expect((await loadVisitor()).optedOut).toBe(true));
    novin.optIn();
    await search(novin, 'after');
    await vi.waitFor(() => expect(received.map((e) => (e.properties as { searchQuery: string }).searchQuery)).toEqual(['after']), { timeout: 5000 });
    expect(localStorage.getItem('novin:optOut')).toBe('0');
    expect(cookieOf('novinOptOut')).toBe('0');
    await vi.waitFor(async () => expect((await loadVisitor()).optedOut).toBeUndefined());
  });
});

describe('the refusal', () => {
  it('only IndexedDB still holds it: honoured, and written back to localStorage and the cookie', async () => {
    await saveVisitor({ anonymousId: 'anon-old', optedOut: true });
    const { novin } = start();
    await search(novin, 'at load');
    await vi.waitFor(() => expect(novin.isOptedOut()).toBe(true));
    expect(localStorage.getItem('novin:optOut')).toBe('1');
    expect(cookieOf('novinOptOut')).toBe('1');
    await novin.flush();
    expect(received).toEqual([]);
    expect(issued).toBe(0);
  });

  it('an opt-in localStorage and the cookie remember wins over a refusal IndexedDB still holds (its update was lost)', async () => {
    await saveVisitor({ anonymousId: 'anon-old', optedOut: true });
    localStorage.setItem('novin:optOut', '0');
    document.cookie = 'novinOptOut=0; path=/';
    const { novin } = start();
    await search(novin, 'at load');
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(novin.isOptedOut()).toBe(false);
    expect(received[0]).toMatchObject({ anonymousId: 'anon-old' });
    expect(localStorage.getItem('novin:optOut')).toBe('0');
    await vi.waitFor(async () => expect((await loadVisitor()).optedOut).toBeUndefined());
  });
});

describe('ready() and reset()', () => {
  it('ready() resolves at once for a returning visitor, and once the id arrives on a first visit', async () => {
    // A first visit: the id comes when the collector answers.
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    server.use(
      http.post(`${ENDPOINT}/api/sdk/anonymous-id`, async () => {
        await answered;
        return HttpResponse.json({ anonymousId: 'late', novinAB: 'A' });
      }),
    );
    const first = start().novin;
    let got: unknown;
    void first.ready().then((v) => (got = v));
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toBeUndefined();
    answer();
    await vi.waitFor(() => expect(got).toEqual({ anonymousId: 'late', novinAB: 'A', userId: undefined }));
    server.resetHandlers();
    // A returning visitor: at once.
    document.cookie = 'novinAnonymousId=returning; path=/; domain=example.com';
    await expect(start().novin.ready()).resolves.toMatchObject({ anonymousId: 'returning' });
  });

  it('reset(): sends made before it resolved carry only the new id; earlier events keep theirs', async () => {
    const { novin } = start();
    const first = (await novin.ready()).anonymousId;
    await novin.event.send({ name: 'signIn', userId: 'u-1' });
    const done = novin.reset();
    await search(novin, 'right after reset');
    expect(novin.ids().userId).toBeUndefined();
    await done;
    const fresh = novin.ids().anonymousId;
    expect(fresh).toMatch(/^anon-/);
    expect(fresh).not.toBe(first);
    expect(cookieOf('novinAnonymousId')).toBe(fresh);
    await vi.waitFor(() => expect(received).toHaveLength(2), { timeout: 5000 });
    expect(received.find((e) => e.name === 'signIn')).toMatchObject({ anonymousId: first, userId: 'u-1' });
    const after = received.find((e) => e.name === 'search')!;
    expect(after.anonymousId).toBe(fresh);
    expect(after.userId).toBeUndefined();
    // One reset at a time: a second call while it runs answers the same promise.
    expect(novin.reset()).toBe(novin.reset());
  });

  it('reset() of an opted-out visitor, or with consent pending, settles at once: the new id waits for optIn()', async () => {
    const out = start().novin;
    const old = (await out.ready()).anonymousId;
    await out.optOut();
    const settled = (p: Promise<void>) => Promise.race([p.then(() => 'settled'), new Promise((r) => setTimeout(() => r('hung'), 1000))]);
    expect(await settled(out.reset())).toBe('settled');
    expect(out.ids().anonymousId).toBeUndefined();
    expect(cookieOf('novinAnonymousId') ?? '').toBe('');
    expect((await loadVisitor()).anonymousId).toBeUndefined();
    out.optIn();
    await expect(out.ready()).resolves.toMatchObject({ anonymousId: expect.not.stringMatching(old!) });

    localStorage.clear();
    document.cookie = 'novinOptOut=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
    const pending = start({ consent: 'pending' }).novin;
    expect(await settled(pending.reset())).toBe('settled');
    // Opting out while a reset waits for its id settles it too.
    const racing = start().novin;
    await racing.ready();
    server.use(http.post(`${ENDPOINT}/api/sdk/anonymous-id`, () => new HttpResponse(null, { status: 503 })));
    const waiting = racing.reset();
    await racing.optOut();
    expect(await settled(waiting)).toBe('settled');
    server.resetHandlers();
  });
  it('ready() of an opted-out visitor without an id waits, like consent, for optIn()', async () => {
    localStorage.setItem('novin:optOut', '1');
    const { novin } = start();
    let got: unknown;
    void novin.ready().then((v) => (got = v));
    await novin.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toBeUndefined();
    expect(issued).toBe(0);
    novin.optIn();
    await vi.waitFor(() => expect(got).toMatchObject({ anonymousId: 'anon-1' }));
  });
});
