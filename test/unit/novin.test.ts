import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createNovin, type Novin, type NovinError } from '../../src/index.js';
import { loadVisitor } from '../../src/queue.js';

const ENDPOINT = 'https://cdp.example.com';
let received: Array<Record<string, unknown>> = [];
const server = setupServer(
  http.post(`${ENDPOINT}/api/sdk/anonymous-id`, () => HttpResponse.json({ anonymousId: 'anon-unit', novinAB: 'A' })),
  http.post(`${ENDPOINT}/api/sdk/events`, async ({ request }) => {
    const { events } = (await request.json()) as { events: Array<Record<string, unknown>> };
    received.push(...events);
    return HttpResponse.json({ status: 'ok', accepted: events.length, duplicates: 0, rejected: [] });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  received = [];
  localStorage.clear();
  for (const c of document.cookie.split('; '))
    for (const domain of ['', '; domain=example.com']) document.cookie = `${c.split('=')[0]}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/${domain}`;
});
afterEach(() => vi.restoreAllMocks());

function start(extra: Parameters<typeof createNovin>[0] = {}): { novin: Novin; errors: NovinError[] } {
  const errors: NovinError[] = [];
  const novin = createNovin({ projectId: 'p1', endpoint: ENDPOINT, flushInterval: 5, onError: (e) => errors.push(e), ...extra });
  return { novin, errors };
}

describe('send', () => {
  it('stamps ids, time and messageId, and remembers the user from signIn until signOut is sent', async () => {
    const { novin } = start();
    await novin.event.send({ name: 'itemView', itemId: 'sku-1' });
    await novin.event.send({ name: 'signIn', userId: 'u-1' });
    await novin.event.send({ name: 'search', properties: { searchQuery: 'tea' } });
    await novin.event.send({ name: 'signOut' });
    await novin.event.send({ name: 'search' });
    await vi.waitFor(() => expect(received).toHaveLength(5), { timeout: 5000 });
    expect(received.map((e) => [e.name, e.userId])).toEqual([
      ['itemView', undefined],
      ['signIn', 'u-1'],
      ['search', 'u-1'],
      ['signOut', 'u-1'],
      ['search', undefined],
    ]);
    for (const e of received) expect(e).toMatchObject({ anonymousId: 'anon-unit', novinAB: 'A' });
    expect(new Set(received.map((e) => e.messageId)).size).toBe(5);
    expect((received[0].properties as { fullUrl: string }).fullUrl).toBe(location.href);
  });

  it('identify sets and forgets the user for visitors who arrive signed in', async () => {
    const { novin } = start();
    novin.identify('u-9');
    await novin.event.send({ name: 'pageView' });
    novin.identify(null);
    await expect(novin.event.send({ name: 'pageView' })).rejects.toMatchObject({ kind: 'invalid' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    expect(received[0]).toMatchObject({ name: 'pageView', userId: 'u-9' });
  });

  it('rejects invalid bodies with an error naming event and field, reports them, never throws', async () => {
    const { novin, errors } = start();
    const bad: unknown[] = [undefined, null, 'itemView', { name: 'itemView' }, { name: 'purchaseComplete', itemIdList: ['a'] }];
    for (const b of bad) {
      let p: Promise<void> | undefined;
      expect(() => (p = novin.event.send(b as never))).not.toThrow();
      await expect(p).rejects.toMatchObject({ name: 'NovinError', kind: 'invalid' });
    }
    await expect(novin.event.send({ name: 'itemView' } as never)).rejects.toThrow('itemView: itemId is required');
    await expect(novin.event.send({ name: 'purchaseComplete', itemIdList: ['a'] } as never)).rejects.toThrow(/backend only/);
    const refusals = errors.filter((e) => e.kind === 'invalid');
    expect(refusals.length).toBe(bad.length + 2);
    expect(refusals.find((e) => e.event === 'itemView')?.errors).toEqual(['itemView: itemId is required']);
  });

  it('keeps an unknown property and reports it as a warning; converts a numeric string', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { novin, errors } = start({ debug: true });
    for (let i = 0; i < 3; i++)
      await novin.event.send({ name: 'itemAddToCart', itemId: 'sku-1', properties: { color: 'red', itemsList: [{ itemId: 'sku-1', itemPrice: '120000' }] } } as never);
    await vi.waitFor(() => expect(received).toHaveLength(3), { timeout: 5000 });
    expect(received[0].properties).toEqual({ color: 'red', itemsList: [{ itemId: 'sku-1', itemPrice: 120000 }] });
    const warnings = errors.filter((e) => e.kind === 'warning');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatchObject({ name: 'NovinError', event: 'itemAddToCart', errors: ['itemAddToCart: properties.color is not a known field (kept)'] });
    expect(warnings[0].message).toBe('itemAddToCart: properties.color is not a known field (kept)');
    expect(errors.filter((e) => e.kind !== 'warning')).toEqual([]);
    // The console hears of it once per page, not once per event.
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('properties.color'))).toHaveLength(1);
  });

  it('debug logs each refusal once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { novin } = start({ debug: true });
    for (let i = 0; i < 3; i++) await novin.event.send({ name: 'itemView' } as never).catch(() => {});
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('itemView: itemId is required'))).toHaveLength(1);
  });

  it('a throwing onError hook does not break the SDK', async () => {
    const { novin } = start({ onError: () => { throw new Error('page bug'); } });
    await expect(novin.event.send({ name: 'itemView' } as never)).rejects.toThrow('itemId');
    await novin.event.send({ name: 'search' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
  });
});

describe('opt-out', () => {
  it('stores and sends nothing while opted out, and the choice persists', async () => {
    const { novin } = start();
    await novin.optOut();
    await novin.event.send({ name: 'search', properties: { searchQuery: 'private' } });
    expect(start().novin.isOptedOut()).toBe(true);
    // The push worker cannot read localStorage: the choice is stored where it looks.
    await vi.waitFor(async () => expect((await loadVisitor()).optedOut).toBe(true));
    novin.optIn();
    await vi.waitFor(async () => expect((await loadVisitor()).optedOut).toBeUndefined());
    expect(start().novin.isOptedOut()).toBe(false);
    await novin.event.send({ name: 'search', properties: { searchQuery: 'public' } });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    expect((received[0].properties as { searchQuery: string }).searchQuery).toBe('public');
  });
});

describe('opt-out across tabs and for the worker', () => {
  it('follows an opt-out or opt-in made in another tab', async () => {
    const { novin } = start();
    // Another tab opts out: this tab hears it through the storage event.
    localStorage.setItem('novin:optOut', '1');
    window.dispatchEvent(new StorageEvent('storage', { key: 'novin:optOut', newValue: '1' }));
    expect(novin.isOptedOut()).toBe(true);
    await novin.event.send({ name: 'search', properties: { searchQuery: 'private' } });
    // An id change in this (formerly stale) tab keeps the worker's record opted out.
    novin.identify('u-5');
    await vi.waitFor(async () => expect(await loadVisitor()).toMatchObject({ userId: 'u-5', optedOut: true }));
    localStorage.setItem('novin:optOut', '0');
    window.dispatchEvent(new StorageEvent('storage', { key: 'novin:optOut', newValue: '0' }));
    expect(novin.isOptedOut()).toBe(false);
    await novin.event.send({ name: 'search', properties: { searchQuery: 'public' } });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    expect((received[0].properties as { searchQuery: string }).searchQuery).toBe('public');
  });

  it("stores a returning visitor's ids for the worker, though they did not change", async () => {
    document.cookie = 'novinAnonymousId=returning-1; path=/';
    const { novin } = start();
    expect(novin.ids().anonymousId).toBe('returning-1');
    await vi.waitFor(async () => expect((await loadVisitor()).anonymousId).toBe('returning-1'));
  });
});
