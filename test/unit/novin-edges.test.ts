/**
 * What must not leave, and with which ids, at the edges of the visitor's choice and identity:
 * a page hiding before the IndexedDB check, going offline before consent, events other tabs
 * stored around a reset(). Its own file: every SDK made here lives on, and one made by an
 * earlier test would hand over or drain what these tests watch.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createNovin, type Novin, type NovinError, type NovinOptions } from '../../src/index.js';
import { createQueue, recordKey, saveVisitor } from '../../src/queue.js';
import { eventsUrl } from '../../src/transport.js';

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

describe('nothing leaves before the IndexedDB check or consent', () => {
  const eventFetches = () => {
    const calls: string[] = [];
    const real = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const u = String(input instanceof Request ? input.url : input);
      if (u.includes('/api/sdk/events')) calls.push(u);
      return real(input, init);
    });
    return { calls, restore: () => spy.mockRestore() };
  };

  it('a page hiding before the check hands over nothing of a visitor whose refusal only IndexedDB holds', async () => {
    await saveVisitor({ anonymousId: 'anon-old', optedOut: true });
    document.cookie = 'novinAnonymousId=anon-old; path=/';
    const spy = eventFetches();
    try {
      const { novin } = start();
      void search(novin, 'sent, then the page hides at once');
      dispatchEvent(new Event('pagehide'));
      expect(spy.calls).toEqual([]);
      await vi.waitFor(() => expect(novin.isOptedOut()).toBe(true));
      dispatchEvent(new Event('pagehide'));
      await novin.flush();
      expect(spy.calls).toEqual([]);
    } finally {
      spy.restore();
    }
  });

  it('going offline with consent pending leaves the worker no Background Sync (it would open IndexedDB)', async () => {
    let asked = 0;
    const worker = { getRegistration: async () => void asked++ };
    Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: worker });
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      start({ consent: 'pending' });
      dispatchEvent(new Event('offline'));
      await new Promise((r) => setTimeout(r, 20));
      expect(asked).toBe(0);
    } finally {
      delete (navigator as { onLine?: boolean }).onLine;
      delete (navigator as { serviceWorker?: unknown }).serviceWorker;
    }
  });
});

describe('reset() and the other tabs', () => {
  it('reset(): an id-less event another tab stored after the reset gets the new id; one stored before it, the old', async () => {
    const { novin } = start();
    const old = (await novin.ready()).anonymousId;
    const beforeReset = Date.now() - 1;
    await novin.reset();
    const fresh = novin.ids().anonymousId;
    // Events without an id in the shared queue: one from a tab that had none before the reset (not
    // delivered yet), one from a tab opened while the cookie was gone (sent after the call).
    const url = eventsUrl(ENDPOINT, 'p1');
    const rec = (t: number, q: string, tab: string) => {
      const e = { name: 'search', properties: { searchQuery: q }, time: new Date(t).toISOString(), messageId: q };
      return { k: recordKey(t, 0, tab), e, t, b: JSON.stringify(e).length, u: url };
    };
    await createQueue({ _target: url })._put([rec(beforeReset, 'before the reset', 'tabA00'), rec(Date.now(), 'after the reset', 'tabB00')]);
    await novin.flush();
    await vi.waitFor(() => expect(received).toHaveLength(2), { timeout: 5000 });
    const by = (q: string) => received.find((e) => (e.properties as { searchQuery: string }).searchQuery === q)!;
    expect(by('before the reset').anonymousId).toBe(old);
    expect(by('after the reset').anonymousId).toBe(fresh);
  });
});
