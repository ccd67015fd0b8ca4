/**
 * The built dist/novinSDK.js in real Chromium: the seed's header snippet, the full envelope at
 * the collector, cookies as the browser stores them, subdomains sharing one anonymous id, a
 * plain-http origin, a strict CSP, the stub, and a second load.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { newPage, useBrowser } from './helpers/browser.js';
import { sdkPage, startCollector, type Collector } from './helpers/collector.js';

let collector: Collector;
let ctx: BrowserContext;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The seed's header snippet as the shop serves it, with the collector's URLs and the test's project token. */
const seedSnippet = (origin: string) =>
  `<script>${readFileSync(fileURLToPath(new URL('../../examples/shop/seed-snippet.js', import.meta.url)), 'utf8')
    .replace("fetch('/api/sdk')", `fetch('${origin}/api/sdk')`)
    .replace("'/novinSDK.js?version='", `'${origin}/novinSDK.js?version='`)
    .replace("'demo-project'", "'seed-project'")}</script>`;

/** The stub the README and the shop ship: records calls until the SDK loads and replays them. */
const STUB = `<script>${readFileSync(fileURLToPath(new URL('../../examples/shop/stub.js', import.meta.url)), 'utf8')}</script>`;

useBrowser((s) => ({ collector, ctx } = s), ['--host-resolver-rules=MAP *.sdk.test 127.0.0.1, MAP *.cdn.test 127.0.0.1']);

describe('script tag', () => {
  it('loads through the seed snippet and stub; events arrive in call order with the full envelope', async () => {
    collector.pages['/'] = `<!doctype html><html><head>${STUB}${seedSnippet(collector.url)}</head><body>
<script>
novin.event.send({ name: 'itemView', itemId: 'sku-1', properties: { itemName: 'Saffron' } });
novin.event.send({ name: 'search', properties: { searchQuery: 'tea' } });
novin.event.send({ name: 'signIn', userId: 'user-42' });
novin.event.send({ name: 'pageView' });
window.refusal = novin.event.send({ name: 'itemView' }).then(() => 'resolved', (e) => e.message);
</script></body></html>`;
    const { page, errors } = await newPage(ctx);
    await page.goto(collector.url + '/');
    await collector.waitForUnique(4);
    const events = [...collector.unique.values()];
    expect(events.map((e) => e.name)).toEqual(['itemView', 'search', 'signIn', 'pageView']);
    const [anonymousId] = collector.issuedIds;
    for (const e of events) {
      expect(e.anonymousId).toBe(anonymousId);
      expect(e.novinAB).toBe('B');
      expect(e.messageId).toMatch(UUID);
      expect(Date.now() - Date.parse(e.time as string)).toBeLessThan(60_000);
    }
    expect(events[0]).toMatchObject({ itemId: 'sku-1', properties: { itemName: 'Saffron', fullUrl: collector.url + '/' } });
    expect(events[0].userId).toBeUndefined();
    expect(events[2].userId).toBe('user-42');
    expect(events[3]).toMatchObject({ userId: 'user-42', properties: { fullUrl: collector.url + '/' } });
    expect(await page.evaluate(() => (window as unknown as { refusal: Promise<string> }).refusal)).toBe('itemView: itemId is required');
    const scriptReq = collector.requests.find((r) => r.path === '/novinSDK.js')!;
    expect(scriptReq).toBeDefined();
    expect(collector.requests.some((r) => r.path === '/api/sdk')).toBe(true);
    expect(collector.eventRequests().every((r) => r.query.get('projectId') === 'seed-project')).toBe(true);
    // A site without push never downloads the push module.
    expect(collector.requests.some((r) => r.path === '/novin-push.js')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('stores the three cookies as SPEC §3 says', async () => {
    collector.pages['/'] = sdkPage(collector, { projectId: 'p-cookies' });
    const { page } = await newPage(ctx);
    await page.goto(collector.url + '/');
    await collector.waitFor((c) => c.issuedIds.length === 1, 10_000, 'an anonymous id');
    await page.waitForFunction(() => document.cookie.includes('novinAnonymousId'));
    const cookies = Object.fromEntries((await ctx.cookies()).map((c) => [c.name, c]));
    for (const name of ['novinProjectId', 'novinAnonymousId', 'novin-AB']) {
      const c = cookies[name];
      expect(c, name).toBeDefined();
      expect(c.path).toBe('/');
      expect(c.sameSite).toBe('Lax');
      expect(c.httpOnly).toBe(false);
      expect(c.domain).toBe('127.0.0.1'); // host-only on an IP address
      expect(Math.round((c.expires * 1000 - Date.now()) / 86_400_000)).toBe(365);
    }
    expect(cookies.novinProjectId.value).toBe('p-cookies');
    expect(cookies.novinAnonymousId.value).toBe(collector.issuedIds[0]);
    expect(cookies['novin-AB'].value).toBe('B');
  });

  it('shares one anonymous id across subdomains of a plain-http, non-localhost site', async () => {
    const www = `http://www.sdk.test:${collector.port}`;
    const app = `http://app.sdk.test:${collector.port}`;
    collector.pages['/'] = `<!doctype html><html><head><script src="/novinSDK.js" data-project-id="p-sub" data-endpoint="${collector.url}"></script></head><body>
<script>novin.event.send({ name: 'search', properties: { searchQuery: location.hostname } });</script></body></html>`;
    const { page, errors } = await newPage(ctx);
    await page.goto(www + '/');
    expect(await page.evaluate(() => [isSecureContext, typeof crypto.randomUUID])).toEqual([false, 'undefined']);
    await collector.waitForUnique(1);
    await page.goto(app + '/');
    await collector.waitForUnique(2);
    const events = [...collector.unique.values()];
    expect(collector.issuedIds).toHaveLength(1);
    expect(events.map((e) => e.anonymousId)).toEqual([collector.issuedIds[0], collector.issuedIds[0]]);
    expect(events.map((e) => (e.properties as { searchQuery: string }).searchQuery)).toEqual(['www.sdk.test', 'app.sdk.test']);
    for (const e of events) expect(e.messageId).toMatch(UUID);
    const anon = (await ctx.cookies()).find((c) => c.name === 'novinAnonymousId')!;
    expect(anon.domain).toBe('.sdk.test');
    expect(errors).toEqual([]);
  });

  it('sends to the origin the script came from when nothing else names an endpoint', async () => {
    const cdn = `http://static.cdn.test:${collector.port}`;
    collector.pages['/'] = `<!doctype html><html><head><script src="${cdn}/novinSDK.js?version=1.0.0" data-project-id="p-cdn"></script></head><body>
<script>novin.event.send({ name: 'search', properties: { searchQuery: 'cdn' } });</script></body></html>`;
    const { page, errors } = await newPage(ctx);
    await page.goto(`http://www.sdk.test:${collector.port}/`);
    await collector.waitForUnique(1);
    for (const r of collector.requests.filter((x) => x.path.startsWith('/api/sdk/'))) expect(r.headers.host).toBe(`static.cdn.test:${collector.port}`);
    expect(collector.eventRequests()[0].query.get('projectId')).toBe('p-cdn');
    expect(errors).toEqual([]);
  });

  it("mints the id in the page with anonymousId: 'local'", async () => {
    collector.pages['/'] = sdkPage(collector, { anonymousId: 'local' }, `<script>novin.event.send({ name: 'search' });</script>`);
    const { page } = await newPage(ctx);
    await page.goto(collector.url + '/');
    await collector.waitForUnique(1);
    const [e] = collector.unique.values();
    expect(e.anonymousId).toMatch(UUID);
    expect(collector.requests.some((r) => r.path === '/api/sdk/anonymous-id')).toBe(false);
  });

  it('works under a strict Content-Security-Policy, configured by data attributes', async () => {
    const csp = await startCollector({
      pageHeaders: { 'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'; require-trusted-types-for 'script'" },
    });
    try {
      csp.pages['/'] = `<!doctype html><html><head><script src="/novinSDK.js" data-project-id="p-csp"></script><script src="/app.js"></script></head><body></body></html>`;
      csp.pages['/app.js'] = `novin.event.send({ name: 'categoryView', categoryId: 'tea' });`;
      const { page, errors, logs } = await newPage(ctx);
      await page.goto(csp.url + '/');
      await csp.waitForUnique(1);
      expect([...csp.unique.values()][0]).toMatchObject({ name: 'categoryView', categoryId: 'tea' });
      expect(csp.eventRequests()[0].query.get('projectId')).toBe('p-csp');
      expect(errors).toEqual([]);
      expect(logs.filter((l) => /Content Security Policy|Trusted Type/i.test(l))).toEqual([]);
    } finally {
      await csp.close();
    }
  });

  it('loading the script twice gives one instance', async () => {
    collector.pages['/'] = `<!doctype html><html><head>
<script src="/novinSDK.js" data-project-id="p-twice"></script><script src="/first.js"></script>
<script src="/novinSDK.js" data-project-id="p-twice"></script></head><body></body></html>`;
    collector.pages['/first.js'] = 'window.first = window.novin;';
    const { page, errors } = await newPage(ctx);
    await page.goto(collector.url + '/');
    expect(await page.evaluate(() => window.novin === (window as unknown as { first: unknown }).first)).toBe(true);
    await page.evaluate(() => (window as unknown as { novin: { event: { send(b: unknown): Promise<void> } } }).novin.event.send({ name: 'search' }));
    await collector.waitForUnique(1);
    expect(collector.requests.filter((r) => r.path === '/api/sdk/anonymous-id')).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
