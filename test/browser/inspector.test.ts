/**
 * The mock's inspector page in real Chromium, under its strict CSP: an event sent by the
 * built SDK (dist/novinSDK.js, served from the mock's own origin) shows up live, and so does
 * a refused request; hostile text stays text. Falls back to a page fetch without the SDK build.
 * Pages of another origin, and of a DNS name rebound to 127.0.0.1, cannot reach it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SDK = join(ROOT, 'dist/novinSDK.js');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let server: MockServer;
let dir = '';
const viaSdk = existsSync(SDK);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'novin-inspector-'));
  const page = join(dir, 'shop.html');
  const files: Record<string, string> = { '/shop.html': page };
  if (viaSdk) files['/novinSDK.js'] = SDK;
  server = await startMockServer({ port: 0, files });
  const tag = viaSdk ? `<script src="/novinSDK.js" data-project-id="demo-project" data-endpoint="${server.url}"></script>` : '';
  writeFileSync(page, `<!doctype html><html><head><meta charset="utf-8">${tag}</head><body>shop</body></html>`);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls the server's own state (no fixed sleeps). */
async function waitForServer<T>(pick: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = pick();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('the mock never saw it');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('inspector in Chromium', () => {
  it(`shows an event sent ${viaSdk ? 'through the SDK' : 'with fetch (no dist/novinSDK.js)'}, live and as text, with no CSP violation`, async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const shop = await ctx.newPage();
    await shop.goto(`${server.url}/shop.html`);
    const hostile = '<img src=x id=pwned onerror=window.pwned=1>';
    if (viaSdk) {
      await shop.waitForFunction(() => typeof (window as { novin?: unknown }).novin === 'object');
      await shop.evaluate(async (itemName) => {
        const novin = (window as unknown as { novin: { event: { send(b: unknown): Promise<unknown> }; flush?: () => Promise<unknown> } }).novin;
        await novin.event.send({ name: 'itemView', itemId: 'tea-42', properties: { itemName } });
        await novin.flush?.();
      }, hostile);
    } else {
      await shop.evaluate(async (itemName) => {
        const events = [{ name: 'itemView', itemId: 'tea-42', anonymousId: 'a-1', time: new Date().toISOString(), messageId: crypto.randomUUID(), properties: { itemName } }];
        await fetch('/api/sdk/events?projectId=demo-project', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      }, hostile);
    }
    const stored = await waitForServer(() => server.backend.state().events.find((e) => e.event.itemId === 'tea-42'));
    expect(stored.event.properties).toMatchObject({ itemName: hostile });
    expect(typeof stored.event.anonymousId).toBe('string');

    const inspector = await ctx.newPage();
    const problems: string[] = [];
    inspector.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
    });
    inspector.on('pageerror', (e) => problems.push(e.message));
    const res = await inspector.goto(`${server.url}/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await inspector.waitForSelector('#timeline li.event');
    await inspector.locator('#timeline li.event button.sum').first().click();
    await inspector.waitForFunction(() => document.querySelector('#timeline pre.json')?.textContent?.includes('tea-42'));
    expect(await inspector.locator('#timeline pre.json').textContent()).toContain(hostile);
    expect(await inspector.evaluate(() => [document.getElementById('pwned'), (window as { pwned?: number }).pwned])).toEqual([null, undefined]);

    // Live: a refused request made after the page loaded appears without a reload.
    await shop.evaluate(() => fetch('/api/sdk/events?projectId=not-a-project', { method: 'POST', body: '{"events": []}' }));
    await inspector.waitForFunction(() => document.getElementById('timeline')?.textContent?.includes('unknown project "not-a-project"'));
    expect(problems).toEqual([]);

    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    await inspector.screenshot({ path: join(ROOT, 'test-output/inspector-sdk.png') });
    await ctx.close();
  });

  it('is out of reach of a page on another origin, which still posts events to the API', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    // Same server, other host name: another origin to the browser.
    const other = server.url.replace('127.0.0.1', 'localhost');
    await page.goto(`${other}/shop.html`);
    // What the mock answered, as the network saw it before Chromium blocked the body (ORB):
    // the page itself can read none of it.
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    // CDP does not order the two events: the extra info may come before the request itself.
    const viaImg = new Set<string>();
    const statusById = new Map<string, number>();
    const answered = () => [...viaImg].filter((id) => statusById.has(id)).map((id) => statusById.get(id));
    cdp.on('Network.requestWillBeSent', (e) => void (e.request.url.includes('via=img') && viaImg.add(e.requestId)));
    cdp.on('Network.responseReceivedExtraInfo', (e) => void statusById.set(e.requestId, e.statusCode));
    const seen = await page.evaluate(async (mock) => {
      // An image sends no Origin: only its fetch metadata says it is another site's.
      await new Promise((done) => {
        const img = new Image();
        img.onload = img.onerror = done;
        img.src = `${mock}/inspector/state?via=img`;
      });
      const events = [{ name: 'itemView', itemId: 'cors-1', anonymousId: 'a-2', time: new Date().toISOString(), messageId: crypto.randomUUID() }];
      const api = await fetch(`${mock}/api/sdk/events?projectId=demo-project`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      const read = await fetch(`${mock}/inspector/state`).then(() => 'read', (e: Error) => e.name);
      // no-cors: the answer stays opaque, but the request would run unless the mock refuses it.
      await fetch(`${mock}/inspector/reset`, { method: 'POST', mode: 'no-cors', body: '{}' });
      return { api: api.status, accepted: ((await api.json()) as { accepted: number }).accepted, read };
    }, server.url);
    expect(seen).toEqual({ api: 200, accepted: 1, read: 'TypeError' });
    await expect.poll(answered, { timeout: 10_000 }).toEqual([403]);
    expect(server.backend.state().events.some((e) => e.event.itemId === 'cors-1')).toBe(true);
    await ctx.close();
  });

  it('is out of reach of a rebound DNS name: a page on attacker.test (resolving to 127.0.0.1) gets 403', async () => {
    // Chromium resolves attacker.test to the mock, as a rebinding attacker's DNS would.
    const rebound = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, '--host-resolver-rules=MAP attacker.test 127.0.0.1'] });
    try {
      const page = await (await rebound.newContext()).newPage();
      const origin = `http://attacker.test:${server.port}`;
      await page.goto(`${origin}/shop.html`);
      const seen = await page.evaluate(async () => {
        const state = await fetch('/inspector/state');
        const reset = await fetch('/inspector/reset', { method: 'POST', body: '{}' });
        const inspector = await fetch('/');
        return { state: state.status, body: await state.text(), reset: reset.status, page: inspector.status };
      });
      expect(seen).toMatchObject({ state: 403, reset: 403, page: 403 });
      expect(seen.body).toContain('host:');
      expect(seen.body).not.toContain('tea-42');
      expect(server.backend.state().events.some((e) => e.event.itemId === 'tea-42')).toBe(true);
    } finally {
      await rebound.close();
    }
  });
});
