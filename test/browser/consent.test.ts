/**
 * Consent and opt-out with the built dist/novinSDK.js in Chromium: `consent: 'pending'` writes
 * and requests nothing until optIn (proved with the collector's request log, the context's
 * cookies and the page's storage), a choice from an earlier visit wins over the configured
 * default, and a refusal survives the site clearing localStorage, localStorage throwing, and
 * cookies that do not stick.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useBrowser } from './helpers/browser.js';
import { sdkPage, type Collector } from './helpers/collector.js';

let collector: Collector;
let ctx: BrowserContext;

useBrowser((s) => ({ collector, ctx } = s));

type Api = {
  event: { send(b: unknown): Promise<void> };
  ids(): { anonymousId?: string };
  optIn(): void;
  optOut(): Promise<void>;
  isOptedOut(): boolean;
  reset(): Promise<void>;
  ready(): Promise<{ anonymousId?: string }>;
  flush(): Promise<void>;
};
declare global {
  interface Window {
    c: Api;
  }
}

const STUB = `<script>${readFileSync(fileURLToPath(new URL('../../examples/shop/stub.js', import.meta.url)), 'utf8')}</script>`;
/** With `?nocookie` in the address, document.cookie ignores every write. */
const NO_COOKIE_WRITES = `if (location.search.includes('nocookie')) {
  const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(document, 'cookie', { configurable: true, get() { return d.get.call(document); }, set() {} });
}`;
const api = `<script>window.c = window.novin;</script>`;

const errors: string[] = [];
beforeEach(() => void (errors.length = 0));
afterEach(() => expect(errors).toEqual([]));

async function open(path = '/'): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(collector.url + path);
  return page;
}

const send = (p: Page, q: string) => p.evaluate((q) => window.c.event.send({ name: 'search', properties: { searchQuery: q } }), q);
const queries = () => [...collector.unique.values()].map((e) => (e.properties as { searchQuery?: string })?.searchQuery);
const apiCalls = () => collector.requests.filter((r) => r.path.startsWith('/api/'));
/** Nothing more reaches the collector for `ms`: the only way to see that nothing comes. */
const quiet = (ms = 1000) => collector.waitFor((c) => Date.now() - (c.requests.at(-1)?.at ?? 0) > ms, 15_000, `${ms} ms of quiet`);

/** What the page stored: localStorage keys and IndexedDB database names. */
const stored = (p: Page) =>
  p.evaluate(async () => ({ local: Object.keys(localStorage), idb: (await indexedDB.databases()).map((d) => d.name) }));

describe("consent: 'pending'", () => {
  it('no cookie, no storage, no request until optIn(); then the held events go out; the next visit needs no optIn', async () => {
    // From the script tag: the stub records sends before the SDK loaded, novinConfig asks for consent.
    const config = { projectId: 'p1', endpoint: collector.url, consent: 'pending', flushInterval: 50 };
    collector.pages['/'] = `<!doctype html><html><head>${STUB}<script>window.novinConfig = ${JSON.stringify(config)};
novin.event.send({ name: 'search', properties: { searchQuery: 'before load' } });</script>
<script src="/novinSDK.js"></script>${api}</head><body></body></html>`;
    const page = await open();
    await page.waitForFunction(() => window.c.ids);
    await send(page, 'after load');
    await page.evaluate(() => window.c.flush());
    await quiet();
    expect(apiCalls()).toEqual([]);
    expect(await ctx.cookies()).toEqual([]);
    expect(await stored(page)).toEqual({ local: [], idb: [] });

    await page.evaluate(() => window.c.optIn());
    await collector.waitFor(() => collector.unique.size >= 2, 15_000, 'the held events');
    const [id] = collector.issuedIds;
    expect(queries().sort()).toEqual(['after load', 'before load']);
    for (const e of collector.unique.values()) expect(e).toMatchObject({ anonymousId: id, novinAB: 'B' });
    // Sent when send() was called, not when consent came.
    const times = [...collector.unique.values()].map((e) => Date.parse(e.time as string));
    for (const t of times) expect(t).toBeLessThan(collector.requests.find((r) => r.path === '/api/sdk/anonymous-id')!.at);
    const cookies = Object.fromEntries((await ctx.cookies()).map((c) => [c.name, c.value]));
    expect(cookies).toMatchObject({ novinAnonymousId: id, 'novin-AB': 'B', novinOptOut: '0', novinProjectId: 'p1' });

    // The choice is remembered: the configured 'pending' no longer holds anything back.
    await page.reload();
    await send(page, 'next visit');
    await collector.waitFor(() => queries().includes('next visit'), 15_000, 'the next visit');
    expect(collector.issuedIds).toHaveLength(1);
  });

  it('optOut() while pending drops the held events and remembers the refusal over the configured default', async () => {
    collector.pages['/'] = sdkPage(collector, { consent: 'pending', flushInterval: 50 }) + api;
    const page = await open();
    await send(page, 'held then dropped');
    await page.evaluate(() => window.c.optOut());
    expect((await ctx.cookies()).map((c) => [c.name, c.value])).toEqual([['novinOptOut', '1']]);
    expect(await page.evaluate(() => localStorage.getItem('novin:optOut'))).toBe('1');
    await page.reload();
    expect(await page.evaluate(() => window.c.isOptedOut())).toBe(true);
    await send(page, 'while refused');
    await quiet();
    expect(apiCalls()).toEqual([]);
    // Consent given later: only what is sent from then on goes out.
    await page.evaluate(() => window.c.optIn());
    await send(page, 'after opt-in');
    await collector.waitFor(() => queries().includes('after opt-in'), 15_000, 'the event after opt-in');
    await quiet(500);
    expect(queries()).toEqual(['after opt-in']);
  });
});

describe('opt-out that holds', () => {
  async function optedOutThenReload(path: string, between?: (p: Page) => Promise<unknown>) {
    collector.pages['/'] = sdkPage(collector, { flushInterval: 50 }) + api;
    const page = await open(path);
    await page.waitForFunction(() => window.c.ids().anonymousId);
    await page.evaluate(() => window.c.optOut());
    await between?.(page);
    // Sent at once on the next load, before any IndexedDB read could have answered.
    collector.pages['/'] = sdkPage(collector, { flushInterval: 0 }, `<script>novin.event.send({ name: 'search', properties: { searchQuery: 'at load' } });</script>`) + api;
    await page.reload();
    await page.waitForFunction(() => window.c.isOptedOut(), undefined, { timeout: 10_000 });
    await send(page, 'after load');
    await page.evaluate(() => window.c.flush());
    await quiet();
    expect(collector.eventRequests()).toEqual([]);
    return page;
  }

  it('reset() of an opted-out visitor (a sign-out on a shared device) settles at once and clears the id; optIn() brings a new one', async () => {
    collector.pages['/'] = sdkPage(collector, { flushInterval: 50 }) + api;
    const page = await open();
    const old = await page.evaluate(async () => (await window.c.ready()).anonymousId);
    await page.evaluate(() => window.c.optOut());
    const outcome = await page.evaluate(() => Promise.race([window.c.reset().then(() => 'settled'), new Promise((r) => setTimeout(() => r('hung'), 2000))]));
    expect(outcome).toBe('settled');
    expect((await ctx.cookies()).find((c) => c.name === 'novinAnonymousId')).toBeUndefined();
    await page.evaluate(() => window.c.optIn());
    const fresh = await page.evaluate(async () => (await window.c.ready()).anonymousId);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
  });

  it('an opt-in wins over a refusal only IndexedDB still holds (its update was lost with the tab)', async () => {
    const page = await optedOutThenReload('/');
    const id = await page.evaluate(() => window.c.ids().anonymousId);
    await page.evaluate(() => window.c.optIn());
    // The tab closed before IndexedDB heard of the opt-in (emulated: the refusal is put back).
    await page.evaluate(
      (id) =>
        new Promise((done, fail) => {
          const open = indexedDB.open('novin');
          open.onsuccess = () => {
            const tx = open.result.transaction('kv', 'readwrite');
            tx.objectStore('kv').put({ anonymousId: id, optedOut: true }, 'visitor');
            tx.oncomplete = () => done(open.result.close());
            tx.onerror = () => fail(tx.error);
          };
        }),
      id,
    );
    collector.pages['/'] = sdkPage(collector, { flushInterval: 0 }) + api;
    await page.reload();
    await page.waitForFunction(() => window.c.ids().anonymousId);
    await send(page, 'after opt-in');
    await collector.waitFor(() => queries().includes('after opt-in'), 15_000, 'the event sent after the opt-in');
    expect(await page.evaluate(() => window.c.isOptedOut())).toBe(false);
  });

  it('a page hiding before IndexedDB is read hands over nothing when only IndexedDB holds the refusal', async () => {
    collector.pages['/'] = sdkPage(collector, { flushInterval: 50 }) + api;
    const page = await open();
    await page.waitForFunction(() => window.c.ids().anonymousId);
    await page.evaluate(() => window.c.optOut());
    // The refusal reached IndexedDB; then the site clears localStorage and the cookie is lost.
    await page.waitForFunction(
      () =>
        new Promise((done) => {
          const open = indexedDB.open('novin');
          open.onsuccess = () => {
            const get = open.result.transaction('kv').objectStore('kv').get('visitor');
            get.onsuccess = () => done(open.result.close() ?? get.result?.optedOut === true);
          };
        }),
    );
    await page.evaluate(() => localStorage.clear());
    await ctx.clearCookies({ name: 'novinOptOut' });
    // Sent at load and hidden at once (a tap on a link), before the SDK could read IndexedDB.
    collector.pages['/'] =
      sdkPage(collector, { flushInterval: 0 }, `<script>novin.event.send({ name: 'search', properties: { searchQuery: 'at load' } });
dispatchEvent(new PageTransitionEvent('pagehide'));</script>`) + api;
    await page.reload();
    await page.waitForFunction(() => window.c.isOptedOut(), undefined, { timeout: 10_000 });
    await quiet();
    expect(collector.eventRequests()).toEqual([]);
  });

  it('survives the site clearing localStorage (the cookie and IndexedDB still hold it), and is put back', async () => {
    const page = await optedOutThenReload('/', (p) => p.evaluate(() => localStorage.clear()));
    expect(await page.evaluate(() => localStorage.getItem('novin:optOut'))).toBe('1');
  });

  it('holds where localStorage throws', async () => {
    await ctx.addInitScript({
      content: `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });`,
    });
    await optedOutThenReload('/');
  });

  it('holds with cookies that do not stick and localStorage cleared: IndexedDB still says so', async () => {
    await ctx.addInitScript({ content: NO_COOKIE_WRITES });
    await optedOutThenReload('/?nocookie', (p) => p.evaluate(() => localStorage.clear()));
  });
});
