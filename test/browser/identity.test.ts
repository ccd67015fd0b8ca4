/**
 * One id per visitor where real visitors are, with the built dist/novinSDK.js in Chromium:
 * cookies renewed on every load, cookies that do not stick, a sandboxed (opaque-origin) frame,
 * sign-in / sign-out / reset reaching other tabs, tabs racing for a first id without Web Locks,
 * and `ready()` / `reset()`, also called through the stub before the SDK loaded.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { useBrowser } from './helpers/browser.js';
import { sdkPage, type Collector } from './helpers/collector.js';

let collector: Collector;
let ctx: BrowserContext;

useBrowser((s) => ({ collector, ctx } = s), ['--host-resolver-rules=MAP *.sdk.test 127.0.0.1']);

type Ids = { anonymousId?: string; userId?: string; novinAB?: string };
type Api = {
  event: { send(b: unknown): Promise<void> };
  ids(): Ids;
  ready(): Promise<Ids>;
  reset(): Promise<void>;
  identify(u: string | null): void;
};
declare global {
  interface Window {
    n: Api;
    r: Promise<void>;
    got: Promise<Ids>;
  }
}

const STUB = `<script>${readFileSync(fileURLToPath(new URL('../../examples/shop/stub.js', import.meta.url)), 'utf8')}</script>`;

/** With `?nocookie` in the address, document.cookie ignores every write (blocked, partitioned, or capped away). */
const NO_COOKIE_WRITES = `if (location.search.includes('nocookie')) {
  const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(document, 'cookie', { configurable: true, get() { return d.get.call(document); }, set() {} });
}`;

const api = `<script>window.n = window.novin;</script>`;
const send = (p: Page | Frame, q: string) => p.evaluate((q) => window.n.event.send({ name: 'search', properties: { searchQuery: q } }), q);
const byQuery = (q: string) => [...collector.unique.values()].find((e) => (e.properties as { searchQuery?: string })?.searchQuery === q);
const waitForQuery = (q: string) => collector.waitFor(() => byQuery(q), 15_000, `event ${q}`);
const cookie = async (name: string) => (await ctx.cookies()).find((c) => c.name === name);
const idOf = (p: Page) => p.evaluate(() => window.n.ids().anonymousId);

// Whatever happens to identity, the host page never sees an error from us.
const errors: string[] = [];
beforeEach(() => void (errors.length = 0));
afterEach(() => expect(errors).toEqual([]));

async function open(url = collector.url + '/'): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return page;
}

describe('identity in Chromium', () => {
  it('renews both cookies on every page load: same value, a full 365 days (Safari caps script-written ones at 7)', async () => {
    collector.pages['/'] = sdkPage(collector) + api;
    const soon = Math.round(Date.now() / 1000) + 2 * 86_400;
    await ctx.addCookies([
      { name: 'novinAnonymousId', value: 'anon-returning', domain: '127.0.0.1', path: '/', expires: soon, sameSite: 'Lax' },
      { name: 'novin-AB', value: 'A', domain: '127.0.0.1', path: '/', expires: soon, sameSite: 'Lax' },
    ]);
    const page = await open();
    const days = async (name: string) => Math.round((((await cookie(name))?.expires ?? 0) * 1000 - Date.now()) / 86_400_000);
    await expect.poll(() => days('novinAnonymousId'), { timeout: 10_000 }).toBe(365);
    await expect.poll(() => days('novin-AB'), { timeout: 10_000 }).toBe(365);
    expect((await cookie('novinAnonymousId'))?.value).toBe('anon-returning');
    expect((await cookie('novin-AB'))?.value).toBe('A');
    await send(page, 'returning');
    expect((await waitForQuery('returning')).anonymousId).toBe('anon-returning');
    expect(collector.issuedIds).toEqual([]);
    await page.close();
  });

  it('cookies that do not stick: the id comes back from localStorage, then IndexedDB, and the cookie returns once cookies work', async () => {
    await ctx.addInitScript({ content: NO_COOKIE_WRITES });
    collector.pages['/'] = sdkPage(collector) + api;
    const page = await open(collector.url + '/?nocookie');
    await send(page, 'first');
    await waitForQuery('first');
    expect(await cookie('novinAnonymousId')).toBeUndefined();
    await page.reload();
    await send(page, 'reloaded');
    await waitForQuery('reloaded');
    // The site clears localStorage (common on sign-out): IndexedDB still has the id.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await send(page, 'storage cleared');
    await waitForQuery('storage cleared');
    // Cookies work again: the cookie is put back with the same id.
    await page.goto(collector.url + '/');
    await send(page, 'cookies back');
    await waitForQuery('cookies back');
    await expect.poll(async () => (await cookie('novinAnonymousId'))?.value, { timeout: 10_000 }).toBe(collector.issuedIds[0]);
    expect(collector.issuedIds).toHaveLength(1);
    expect(new Set([...collector.unique.values()].map((e) => e.anonymousId))).toEqual(new Set([collector.issuedIds[0]]));
    await page.close();
  });

  it('a sandboxed frame (opaque origin: Web Locks, cookies and storage all refuse) still obtains the id', async () => {
    collector.pages['/frame'] = sdkPage(collector) + api;
    collector.pages['/'] = `<!doctype html><html><body><iframe sandbox="allow-scripts" src="/frame"></iframe></body></html>`;
    const page = await open();
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    await frame!.waitForFunction(() => window.n);
    expect(await frame!.evaluate(() => origin)).toBe('null');
    await frame!.waitForFunction(() => window.n.ids().anonymousId, undefined, { timeout: 15_000 });
    const ready = await frame!.evaluate(() => window.n.ready());
    expect(collector.issuedIds).toHaveLength(1);
    expect(ready).toMatchObject({ anonymousId: collector.issuedIds[0], novinAB: 'B' });
  });

  it('sign-in, sign-out and sign-in as someone else in one tab reach the other tab before its next event', async () => {
    collector.pages['/'] = sdkPage(collector) + api;
    const a = await open();
    const b = await open();
    await a.waitForFunction(() => window.n.ids().anonymousId);
    const userOf = (p: Page, want: string | undefined) =>
      p.waitForFunction((want) => window.n.ids().userId === (want ?? undefined), want ?? null, { timeout: 10_000 });
    await a.evaluate(() => window.n.event.send({ name: 'signIn', userId: 'u-1' }));
    await userOf(b, 'u-1');
    await send(b, 'b signed in');
    await a.evaluate(() => window.n.event.send({ name: 'signOut' }));
    await userOf(b, undefined);
    await send(b, 'b signed out');
    await a.evaluate(() => window.n.identify('u-2'));
    await userOf(b, 'u-2');
    await send(b, 'b as u-2');
    expect((await waitForQuery('b signed in')).userId).toBe('u-1');
    expect((await waitForQuery('b signed out')).userId).toBeUndefined();
    expect((await waitForQuery('b as u-2')).userId).toBe('u-2');
    await a.close();
    await b.close();
  });

  it('three tabs on a first visit without Web Locks (plain http) converge on one id', async () => {
    collector.pages['/'] = sdkPage(collector) + api;
    // Every tab's request is in flight at once: today each would adopt the answer it got.
    collector.idDelay = 400;
    const url = `http://www.sdk.test:${collector.port}/`;
    const tabs = await Promise.all([0, 1, 2].map(() => open(url)));
    expect(await tabs[0].evaluate(() => [isSecureContext, 'locks' in navigator])).toEqual([false, false]);
    await collector.waitFor((c) => c.issuedIds.length >= 1, 10_000, 'an anonymous id');
    await expect
      .poll(async () => new Set(await Promise.all(tabs.map(idOf))).size === 1 && (await idOf(tabs[0])), { timeout: 15_000 })
      .toBeTruthy();
    const id = await idOf(tabs[0]);
    expect(collector.issuedIds).toContain(id);
    expect((await cookie('novinAnonymousId'))?.value).toBe(id);
    await Promise.all(tabs.map((t, i) => send(t, `tab ${i}`)));
    for (const i of [0, 1, 2]) expect((await waitForQuery(`tab ${i}`)).anonymousId).toBe(id);
    for (const t of tabs) await t.close();
  });

  it('reset(): a new id and no userId from then on, in this tab and the other; earlier events keep theirs', async () => {
    collector.pages['/'] = sdkPage(collector) + api;
    const a = await open();
    const b = await open();
    const [first] = await Promise.all([a.evaluate(() => window.n.ready()), b.evaluate(() => window.n.ready())]);
    await a.evaluate(() => window.n.event.send({ name: 'signIn', userId: 'u-1' }));
    await send(a, 'before');
    await a.evaluate(() => window.n.reset());
    const after = await a.evaluate(() => window.n.ready());
    expect(after.anonymousId).toBe(collector.issuedIds[1]);
    expect(after.anonymousId).not.toBe(first.anonymousId);
    expect(after.userId).toBeUndefined();
    await send(a, 'after in a');
    await b.waitForFunction((id) => window.n.ids().anonymousId === id && !window.n.ids().userId, after.anonymousId, { timeout: 10_000 });
    await send(b, 'after in b');
    expect(await waitForQuery('before')).toMatchObject({ anonymousId: first.anonymousId, userId: 'u-1' });
    for (const q of ['after in a', 'after in b']) {
      const e = await waitForQuery(q);
      expect(e.anonymousId).toBe(after.anonymousId);
      expect(e.userId).toBeUndefined();
    }
    expect((await cookie('novinAnonymousId'))?.value).toBe(after.anonymousId);
    expect(await a.evaluate(() => localStorage.getItem('novin:userId'))).toBeNull();
    expect(collector.issuedIds).toHaveLength(2);
    await a.close();
    await b.close();
  });

  it('reset() while events still wait for the first id: they get that id, only later events the new one', async () => {
    collector.refuseIds = true;
    collector.pages['/'] = sdkPage(collector) + api;
    const page = await open();
    await page.evaluate(() => window.n.event.send({ name: 'signIn', userId: 'u-1' }));
    await send(page, 'queued before reset');
    await page.evaluate(() => void (window.r = window.n.reset()));
    await send(page, 'sent after reset');
    collector.refuseIds = false;
    await page.evaluate(() => window.r);
    const [old, fresh] = collector.issuedIds;
    expect(await page.evaluate(() => window.n.ready())).toMatchObject({ anonymousId: fresh });
    expect(await waitForQuery('queued before reset')).toMatchObject({ anonymousId: old, userId: 'u-1' });
    const after = await waitForQuery('sent after reset');
    expect(after.anonymousId).toBe(fresh);
    expect(after.userId).toBeUndefined();
    expect(collector.raw.find((e) => e.name === 'signIn')).toMatchObject({ anonymousId: old, userId: 'u-1' });
    await page.close();
  });

  it('ready() and reset() called through the stub before the script loaded', async () => {
    const later = (body: string) =>
      `<!doctype html><html><head>${STUB}<script>${body}</script>
<script src="/novinSDK.js" data-project-id="p-stub" data-endpoint="${collector.url}"></script></head><body></body></html>`;
    collector.pages['/'] = later(`window.got = novin.ready();`);
    const page = await open();
    const first = await page.evaluate(() => window.got);
    expect(first).toEqual({ anonymousId: collector.issuedIds[0], novinAB: 'B' });
    collector.pages['/'] = later(`window.got = novin.reset().then(function () { return novin.ready(); });`);
    await page.reload();
    const second = await page.evaluate(() => window.got);
    expect(second.anonymousId).toBe(collector.issuedIds[1]);
    expect((await cookie('novinAnonymousId'))?.value).toBe(collector.issuedIds[1]);
    await page.close();
  });
});
