import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createNovin, type Envelope, type Novin, type NovinError } from '../../src/index.js';
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

describe('beforeSend', () => {
  it('sees the stamped event and may change it; what it returns is what is stored and sent', async () => {
    const seen: Envelope[] = [];
    const { novin, errors } = start({
      beforeSend(e) {
        seen.push(structuredClone(e));
        const props = (e.properties ??= {});
        delete props.email;
        props.consent = 'granted';
        return e;
      },
    });
    novin.identify('u-1');
    await novin.event.send({ name: 'tryToSignIn', properties: { email: 'a@example.com', mobile: '0912' } });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    expect(seen[0]).toMatchObject({ name: 'tryToSignIn', userId: 'u-1', properties: { email: 'a@example.com', mobile: '0912' } });
    expect(Date.now() - Date.parse(seen[0].time as string)).toBeLessThan(5000);
    expect(seen[0].messageId).toMatch(/^[0-9a-f-]{36}$/);
    // The hook's time and messageId are the ones that go out; its change is kept, with a warning.
    expect(received[0]).toMatchObject({ time: seen[0].time, messageId: seen[0].messageId, properties: { mobile: '0912', consent: 'granted' } });
    expect((received[0].properties as Record<string, unknown>).email).toBeUndefined();
    expect(errors.map((e) => [e.kind, e.message])).toEqual([['warning', 'tryToSignIn: properties.consent is not a known field (kept)']]);
  });

  it('returning null or undefined drops the event: send() resolves, nothing is stored', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { novin, errors } = start({ debug: true, beforeSend: (e) => (e.name === 'search' ? null : e.name === 'custom' ? undefined : e) });
    await expect(novin.event.send({ name: 'search', properties: { searchQuery: 'private' } })).resolves.toBeUndefined();
    await expect(novin.event.send({ name: 'custom' })).resolves.toBeUndefined();
    await novin.event.send({ name: 'itemView', itemId: 'kept' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    expect(received[0]).toMatchObject({ name: 'itemView', itemId: 'kept' });
    expect(errors).toEqual([]);
    expect(debug.mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['[novin] beforeSend dropped search', '[novin] beforeSend dropped custom']));
  });

  it('a broken change refuses the event, naming the hook; the next event is unaffected', async () => {
    const { novin, errors } = start({
      beforeSend(e) {
        if (e.name === 'itemView') delete (e as { itemId?: string }).itemId;
        if (e.name === 'categoryView') (e as { time: string }).time = 'yesterday';
        return e;
      },
    });
    await expect(novin.event.send({ name: 'itemView', itemId: 'sku-1' })).rejects.toThrow('beforeSend: itemView: itemId is required');
    await expect(novin.event.send({ name: 'categoryView', categoryId: 'c' })).rejects.toThrow('beforeSend: categoryView: time must be an ISO 8601 date');
    await novin.event.send({ name: 'search' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    expect(errors.map((e) => [e.kind, e.event, e.errors])).toEqual([
      ['invalid', 'itemView', ['beforeSend: itemView: itemId is required']],
      ['invalid', 'categoryView', ['beforeSend: categoryView: time must be an ISO 8601 date']],
    ]);
  });

  it('a hook that throws costs only that event, reported through onError', async () => {
    const { novin, errors } = start({
      beforeSend(e) {
        if (e.name === 'search') throw new Error('page bug');
        return e;
      },
    });
    let p: Promise<void> | undefined;
    expect(() => (p = novin.event.send({ name: 'search' }))).not.toThrow();
    await expect(p).rejects.toMatchObject({ kind: 'invalid', event: 'search', message: 'beforeSend: search: threw Error: page bug' });
    await novin.event.send({ name: 'itemView', itemId: 'after' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    expect(received[0].itemId).toBe('after');
    expect(errors.map((e) => e.message)).toEqual(['beforeSend: search: threw Error: page bug']);
  });

  it('sign-in and sign-out follow the call, whatever the hook makes of the event', async () => {
    const { novin } = start({ beforeSend: (e) => (e.name === 'signIn' ? null : e) });
    await novin.event.send({ name: 'signIn', userId: 'u-7' });
    expect(novin.ids().userId).toBe('u-7');
    await novin.event.send({ name: 'search' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    expect(received[0]).toMatchObject({ name: 'search', userId: 'u-7' });
  });

  it('without a hook, send() stamps neither time nor messageId itself (delivery does, once per burst)', async () => {
    const { novin } = start();
    const uuid = vi.spyOn(crypto, 'randomUUID');
    const toISO = vi.spyOn(Date.prototype, 'toISOString');
    const sends = [novin.event.send({ name: 'search' }), novin.event.send({ name: 'search' })];
    // Synchronously within send(): nothing stamped yet.
    expect(uuid).not.toHaveBeenCalled();
    expect(toISO).not.toHaveBeenCalled();
    await Promise.all(sends);
    await vi.waitFor(() => expect(received).toHaveLength(2), { timeout: 5000 });
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
