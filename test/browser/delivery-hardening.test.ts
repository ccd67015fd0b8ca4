/**
 * Delivery where real visitors are, in real Chromium with the built files: an opaque origin
 * (sandboxed frame), a browser without AbortSignal.timeout facing a collector that never
 * answers, a plain-http origin (no Web Locks) whose tab closes mid-drain, and a tab closing
 * while the collector asked to wait or while offline.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newPage, useBrowser } from './helpers/browser.js';
import type { Collector } from './helpers/collector.js';
import { register, visitorSaved, workerUrl } from './push.helpers.js';
import { recordRow } from './helpers/table.js';

let collector: Collector;
let ctx: BrowserContext;

useBrowser((s) => ({ collector, ctx } = s), ['--host-resolver-rules=MAP *.sdk.test 127.0.0.1']);

/** A page with the script-tag SDK; `head` runs before it loads. */
function page(config: Record<string, unknown> = {}, head = ''): string {
  const conf = JSON.stringify({ projectId: 'p1', endpoint: collector.url, flushInterval: 50, ...config });
  return `<!doctype html><html><head><meta charset="utf-8"><title>t</title>${head}
<script>window.errs = []; window.novinConfig = Object.assign(${conf}, { onError: function (e) { errs.push({ kind: e.kind, message: e.message }); } });</script>
<script src="/novinSDK.js"></script></head><body></body></html>`;
}

/** Sends n search events ('<tag><i>') and resolves once send() resolved for all. */
const sendMany = (p: Page, n: number, tag: string, pad = 0) =>
  p.evaluate(
    ([n, tag, pad]) =>
      Promise.all(Array.from({ length: n }, (_, i) => window.novin!.event.send({ name: 'search', properties: { searchQuery: `${tag}${i}${'x'.repeat(pad)}` } } as never))),
    [n, tag, pad] as const,
  );

const hasId = (p: Page) => p.waitForFunction(() => (window.novin as { ids?(): { anonymousId?: string } } | undefined)?.ids?.().anonymousId);
const queries = (c: Collector, tag: string) => [...c.unique.values()].filter((e) => String((e.properties as { searchQuery?: string })?.searchQuery).startsWith(tag));
const unloadRequests = (c: Collector) => c.eventRequests().filter((r) => r.headers['content-type']?.startsWith('text/plain'));

describe('delivery hardening in Chromium', () => {
  it('a sandboxed frame (opaque origin: Web Locks refused, IndexedDB throwing) delivers its events', async () => {
    collector.pages['/frame'] = page().replace(
      '</body>',
      `<script>window.probe = { origin: self.origin, locks: '', idb: '' };
navigator.locks.request('probe', function () {}).then(function () { probe.locks = 'ok'; }, function (e) { probe.locks = e.name; });
try { indexedDB.open('probe'); probe.idb = 'ok'; } catch (e) { probe.idb = e.name; }
for (var i = 0; i < 5; i++) novin.event.send({ name: 'search', properties: { searchQuery: 'frame' + i } });</script></body>`,
    );
    collector.pages['/'] = `<!doctype html><title>host</title><iframe sandbox="allow-scripts" src="/frame"></iframe>`;
    const { page: p, errors } = await newPage(ctx);
    await p.goto(collector.url + '/');
    const frame = p.frames().find((f) => f.url().endsWith('/frame'))!;
    await frame.waitForFunction(() => (window as unknown as { probe: { locks: string } }).probe.locks);
    // The situation is the real one: an opaque origin where both are refused.
    expect(await frame.evaluate(() => (window as unknown as { probe: unknown }).probe)).toEqual({ origin: 'null', locks: 'SecurityError', idb: 'SecurityError' });
    await collector.waitForUnique(5);
    expect(queries(collector, 'frame')).toHaveLength(5);
    expect(collector.eventRequests().every((r) => r.headers.origin === 'null')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('without AbortSignal.timeout, a collector that never answers releases the lock after the timeout and delivery continues', async () => {
    collector.pages['/'] = page({ anonymousId: 'local' });
    collector.hangEvents = 1;
    const { page: p, errors } = await newPage(ctx);
    // The page's timers run on a test clock: the 30 s request timeout passes in moments.
    await p.clock.install();
    await p.addInitScript({ content: 'delete AbortSignal.timeout;' });
    await p.goto(collector.url + '/');
    expect(await p.evaluate(() => typeof AbortSignal.timeout)).toBe('undefined');
    await hasId(p);
    void sendMany(p, 5, 'hung');
    const run = async (until: () => boolean, what: string) => {
      for (let i = 0; !until(); i++) {
        if (i > 400) throw new Error('timed out waiting for ' + what);
        await p.clock.runFor(250);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await run(() => collector.eventRequests().length === 1, 'the request that hangs');
    // Well past the SDK's 30 s timeout: the hung request is aborted and the lock let go.
    await run(() => collector.unique.size === 5, 'delivery after the timeout');
    expect(collector.eventRequests().length).toBe(2);
    // The drain lets go of the lock once it has settled what was answered.
    await expect.poll(() => p.evaluate(async () => (await navigator.locks.query()).held?.length), { timeout: 10_000 }).toBe(0);
    expect(errors).toEqual([]);
  });

  it('without Web Locks (plain http), a tab closed mid-drain does not block the next page: it delivers within 5 s', async () => {
    const origin = `http://www.sdk.test:${collector.port}`;
    collector.pages['/'] = page({ anonymousId: 'local' });
    // The first page's drain is answered only after its tab is gone.
    collector.eventDelay = 60_000;
    const first = await newPage(ctx);
    await first.page.goto(origin + '/');
    expect(await first.page.evaluate(() => 'locks' in navigator)).toBe(false);
    await hasId(first.page);
    await sendMany(first.page, 5, 'first');
    await collector.waitFor((c) => c.eventRequests().some((r) => r.headers['content-type']?.startsWith('application/json')), 15_000, 'the first drain');
    // Closed as a visitor closes a tab (beforeunload runs): Chromium then tears the page down
    // without running the drain's own clean-up, as it does on navigation.
    await first.page.close({ runBeforeUnload: true });
    collector.eventDelay = 0;
    const t0 = Date.now();
    const next = await newPage(ctx);
    await next.page.goto(origin + '/');
    await hasId(next.page);
    await sendMany(next.page, 5, 'next');
    await collector.waitFor((c) => queries(c, 'next').length === 5, 5_000, "the next page's events within 5 s");
    const ms = Date.now() - t0;
    expect(ms).toBeLessThan(5_000);
    await collector.waitFor((c) => queries(c, 'first').length === 5, 15_000, "the closed tab's events");
    recordRow('hardening', `| plain http (no Web Locks): tab closed mid-drain, next page opened | 10 | ${collector.unique.size} | ${collector.raw.length} | ${collector.eventRequests().length} | next page delivered ${ms} ms after it was opened |`);
  });

  it('a tab closing during a Retry-After hold still hands over one keepalive request', async () => {
    collector.pages['/'] = page();
    collector.eventFaults.push({ status: 429, headers: { 'retry-after': '600' } });
    const { page: p } = await newPage(ctx);
    await p.goto(collector.url + '/');
    await hasId(p);
    await sendMany(p, 10, 'held');
    await collector.waitFor((c) => c.eventRequests().length === 1, 15_000, 'the refused request');
    // ~120 KB more: more than one request's worth, yet only one may go while the collector said wait.
    await sendMany(p, 400, 'more', 200);
    await p.close();
    await collector.waitFor((c) => unloadRequests(c).length === 1, 10_000, 'the hand-off');
    // Nothing more comes from the closing tab.
    await collector.waitFor((c) => Date.now() - c.requests.at(-1)!.at > 1000, 10_000, 'a quiet second');
    const [handed] = unloadRequests(collector);
    expect(collector.eventRequests()).toHaveLength(2);
    expect(Buffer.byteLength(handed.body)).toBeLessThanOrEqual(60_000);
    // The oldest first: the events the collector refused lead.
    expect(handed.events.slice(0, 10).map((e) => (e.properties as { searchQuery: string }).searchQuery)).toEqual(Array.from({ length: 10 }, (_, i) => 'held' + i));
    recordRow('hardening', `| tab closed during a 600 s Retry-After hold, 410 queued (~120 KB) | 410 | ${collector.unique.size} | ${collector.raw.length} | ${collector.eventRequests().length} | one keepalive of ${handed.events.length} events; the rest waits for the next visit |`);
  });

  for (const worker of [false, true])
    it(`a tab closed while offline, ${worker ? 'with' : 'without'} the push worker: what arrives before the next visit`, async () => {
      // No drain is tried while offline: only what the page does as the network goes or the tab closes counts.
      collector.pages['/'] = page({ flushInterval: 60_000 });
      const { page: p } = await newPage(ctx);
      await p.goto(collector.url + '/');
      await visitorSaved(p);
      if (worker) await register(p, workerUrl(collector));
      await ctx.setOffline(true);
      await sendMany(p, 20, 'offline');
      // As the network went, the tab left the worker a Background Sync (where there is a worker).
      if (worker)
        await expect
          .poll(() => p.evaluate(async () => ((await navigator.serviceWorker.getRegistration()) as unknown as { sync: { getTags(): Promise<string[]> } }).sync.getTags()), { timeout: 10_000 })
          .toEqual(['novin-flush']);
      await p.close();
      await ctx.setOffline(false);
      // Background Sync (Chromium only) has the worker drain the queue once the network is back.
      const t0 = Date.now();
      if (worker) await collector.waitForUnique(20, 15_000);
      else await collector.waitFor((c) => Date.now() - Math.max(t0, c.requests.at(-1)?.at ?? 0) > 3000, 10_000, 'three quiet seconds');
      const before = collector.unique.size;
      const next = await newPage(ctx);
      await next.page.goto(collector.url + '/');
      await collector.waitForUnique(20);
      recordRow('hardening', `| tab closed while offline, ${worker ? 'with' : 'no'} service worker, network back, site reopened | 20 | ${collector.unique.size} | ${collector.raw.length} | ${collector.eventRequests().length} | ${before} arrived before the next visit |`);
    });
});
