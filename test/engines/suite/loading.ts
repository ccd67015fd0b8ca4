/**
 * Loading and identity in each engine: the seed's snippet and our stub, the three cookies as
 * the engine stores them, a plain-http site on two subdomains, a strict CSP, the push worker.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startCollector } from '../../browser/helpers/collector.js';
import { harness, HARNESS_TAG, hasId, seen, sendMany, UUID, visit } from '../site.js';
import type { Suite } from './index.js';

const example = (file: string) => readFileSync(fileURLToPath(new URL(`../../../examples/shop/${file}`, import.meta.url)), 'utf8');

/** The seed's header snippet as the shop serves it, with the collector's URLs. */
const seedSnippet = (origin: string) =>
  `<script>${example('seed-snippet.js')
    .replace("fetch('/api/sdk')", `fetch('${origin}/api/sdk')`)
    .replace("'/novinSDK.js?version='", `'${origin}/novinSDK.js?version='`)
    .replace("'demo-project'", "'seed-project'")}</script>`;

const DAY = 86_400;

export function loadingTests(s: Suite): void {
  s.check('the seed snippet and the stub load the SDK; queued calls arrive in order', async () => {
    s.c.pages['/'] = `<!doctype html><html><head>${HARNESS_TAG}<script>${example('stub.js')}</script>${seedSnippet(s.c.url)}</head><body>
<script>
novin.event.send({ name: 'itemView', itemId: 'sku-1', properties: { itemName: 'Saffron' } });
novin.event.send({ name: 'signIn', userId: 'user-42' });
novin.event.send({ name: 'pageView' });
window.refusal = novin.event.send({ name: 'itemView' }).then(function () { return 'resolved'; }, function (e) { return e.message; });
</script></body></html>`;
    const tab = await visit(s.session, s.c.url + '/');
    await s.c.waitForUnique(3);
    const events = [...s.c.unique.values()];
    expect(events.map((e) => e.name)).toEqual(['itemView', 'signIn', 'pageView']);
    for (const e of events) expect(e).toMatchObject({ anonymousId: s.c.issuedIds[0], novinAB: 'B', messageId: expect.stringMatching(UUID) });
    expect(events[2].userId).toBe('user-42');
    expect(await tab.evaluate(() => (window as unknown as { refusal: Promise<string> }).refusal)).toBe('itemView: itemId is required');
    expect(s.c.eventRequests().every((r) => r.query.get('projectId') === 'seed-project')).toBe(true);
    expect(s.c.requests.some((r) => r.path === '/novin-push.js')).toBe(false);
    expect((await seen(tab)).errors).toEqual([]);
  });

  s.check('the three cookies with their attributes', async () => {
    const tab = await s.open({ projectId: 'p-cookies' });
    await hasId(tab);
    const cookies = Object.fromEntries((await tab.cookies()).map((c) => [c.name, c]));
    const now = Date.now() / 1000;
    for (const name of ['novinProjectId', 'novinAnonymousId', 'novin-AB']) {
      const c = cookies[name];
      expect(c, name).toBeDefined();
      expect(c).toMatchObject({ path: '/', sameSite: 'Lax', httpOnly: false, secure: false, domain: '127.0.0.1' });
      expect(Math.round((c.expires - now) / DAY), `${name} lifetime in days`).toBe(365);
    }
    expect([cookies.novinProjectId.value, cookies.novinAnonymousId.value, cookies['novin-AB'].value]).toEqual(['p-cookies', s.c.issuedIds[0], 'B']);
    s.figure('cookies: lifetime as stored (days)', Math.round((cookies.novinAnonymousId.expires - now) / DAY));
  });

  s.check('a plain-http second host name: no Web Locks, no crypto.randomUUID, one visitor across subdomains', async () => {
    const [www, app] = ['www', 'app'].map((h) => `http://${h}.sdk.test:${s.c.port}`);
    const tab = await s.open({ endpoint: www }, '/', www);
    expect(await tab.evaluate(() => [isSecureContext, typeof crypto.randomUUID, typeof navigator.locks])).toEqual([false, 'undefined', 'undefined']);
    await hasId(tab);
    await sendMany(tab, 5);
    await s.c.waitForUnique(5);
    // Events from the second subdomain go to its own host: the cookie, not the endpoint, carries the visitor.
    s.c.pages['/app'] = (s.c.pages['/'] as string).replace(JSON.stringify(www), JSON.stringify(app));
    await tab.goto(app + '/app');
    await sendMany(tab, 5, 5);
    await s.c.waitForUnique(10);
    const events = [...s.c.unique.values()];
    expect(s.c.issuedIds).toHaveLength(1);
    expect(new Set(events.map((e) => e.anonymousId))).toEqual(new Set(s.c.issuedIds));
    for (const e of events) expect(e.messageId).toMatch(UUID);
    expect(new Set(s.c.eventRequests().map((r) => r.headers.host))).toEqual(new Set([`www.sdk.test:${s.c.port}`, `app.sdk.test:${s.c.port}`]));
    const anon = (await tab.cookies()).find((c) => c.name === 'novinAnonymousId');
    expect(anon?.domain).toBe('.sdk.test');
    expect((await seen(tab)).errors).toEqual([]);
  });

  s.check('a strict Content-Security-Policy: no violation, events arrive', async () => {
    const csp = await startCollector({
      pageHeaders: { 'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'; require-trusted-types-for 'script'" },
    });
    try {
      csp.pages['/harness.js'] = harness();
      csp.pages['/'] = `<!doctype html><html><head>${HARNESS_TAG}<script src="/novinSDK.js" data-project-id="p-csp"></script><script src="/app.js"></script></head><body></body></html>`;
      csp.pages['/app.js'] = `novin.event.send({ name: 'categoryView', categoryId: 'tea' });`;
      const tab = await visit(s.session, csp.url + '/');
      await csp.waitForUnique(1);
      expect([...csp.unique.values()][0]).toMatchObject({ name: 'categoryView', categoryId: 'tea' });
      expect(csp.eventRequests()[0].query.get('projectId')).toBe('p-csp');
      const page = await seen(tab);
      expect(page.errors).toEqual([]);
      // The browser's own favicon request is refused too (Firefox reports it); that is not the SDK.
      expect(page.violations.filter((v) => !v.endsWith('/favicon.ico'))).toEqual([]);
    } finally {
      await csp.close();
    }
  });

  s.check('the push worker registers and activates', async () => {
    const tab = await s.open();
    await hasId(tab);
    const url = `/novin-sw.js?projectId=p1&endpoint=${encodeURIComponent(s.c.url)}`;
    const state = await tab.evaluate(async (u: string) => {
      await navigator.serviceWorker.register(u);
      const reg = await navigator.serviceWorker.ready;
      const w = reg.active!;
      if (w.state !== 'activated') await new Promise<void>((resolve) => w.addEventListener('statechange', () => w.state === 'activated' && resolve()));
      return {
        active: reg.active?.state,
        script: reg.active?.scriptURL,
        push: 'pushManager' in reg,
        sync: 'sync' in reg,
        supported: window.novin!.push.isSupported(),
      };
    }, url);
    expect(state).toMatchObject({ active: 'activated', script: s.c.url + url });
    // novin.push answers what the engine offers: no Push API, no push (WebKitGTK).
    expect(state.supported).toBe(state.push);
    s.figure('Push API (PushManager)', state.push ? 'yes' : 'no');
    s.figure('Background Sync', state.sync ? 'yes' : 'no');
    expect((await seen(tab)).errors).toEqual([]);
  });
}
