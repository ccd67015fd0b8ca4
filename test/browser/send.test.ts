/**
 * What `novin.event.send` does with real pages' bodies in real Chromium, through the built
 * script-tag file: no event lost to a strict check (unknown properties kept with a warning,
 * numbers read from DOM attributes); whatever send() accepts, the real mock backend accepts
 * (a page address over the field limit, an event at the size limit once stamped).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { startMockServer } from '../../mock/index.js';
import { newPage, useBrowser } from './helpers/browser.js';
import type { Collector } from './helpers/collector.js';

let collector: Collector;
let ctx: BrowserContext;

useBrowser((s) => ({ collector, ctx } = s));

/** A page that loads novinSDK.js configured in `novinConfig` (which may hold functions), then runs `body`. */
function page(config: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>send</title>
<script>window.reported = []; window.novinConfig = { projectId: 'p1', endpoint: location.origin, flushInterval: 10,
  onError: function (e) { reported.push({ kind: e.kind, event: e.event, message: e.message }); }, ${config} };</script>
<script src="/novinSDK.js"></script></head><body>${body}</body></html>`;
}

type Win = { outcome: Promise<string[]>; reported: Array<{ kind: string; event?: string; message: string }> };

describe('no event lost to a strict check', () => {
  it('keeps an unknown property (warning through onError) and reads a price from a data attribute', async () => {
    collector.pages['/'] = page(
      '',
      `<button id="add" data-sku="sku-7" data-price="120000" data-count=" 2 ">Add</button>
<script>
var b = document.getElementById('add');
var outcome = (p) => p.then(() => 'resolved', (e) => e.message);
window.outcome = Promise.all([
  outcome(novin.event.send({ name: 'itemAddToCart', itemId: b.dataset.sku,
    properties: { color: 'red', itemsList: [{ itemId: b.dataset.sku, itemPrice: b.dataset.price, itemCount: b.dataset.count, size: 'XL' }] } })),
  outcome(novin.event.send({ name: 'checkOut', itemIdList: [b.dataset.sku], properties: { purchaseId: 'o-1', totalPrice: b.dataset.price } })),
  // Still refused: a missing required field, a value of the wrong kind.
  outcome(novin.event.send({ name: 'itemView', properties: { itemName: 'Tea' } })),
  outcome(novin.event.send({ name: 'itemRate', itemId: 'sku-7', userId: 'u', properties: { rate: '4 stars' } })),
]);
</script>`,
    );
    const { page: p, errors } = await newPage(ctx);
    await p.goto(collector.url + '/');
    expect(await p.evaluate(() => (window as unknown as Win).outcome)).toEqual([
      'resolved',
      'resolved',
      'itemView: itemId is required',
      'itemRate: properties.rate must be a finite number',
    ]);
    await collector.waitForUnique(2);
    const [cart, checkout] = [...collector.unique.values()];
    expect(cart).toMatchObject({
      name: 'itemAddToCart',
      properties: { color: 'red', itemsList: [{ itemId: 'sku-7', itemPrice: 120000, itemCount: 2, size: 'XL' }] },
    });
    expect(checkout).toMatchObject({ name: 'checkOut', properties: { purchaseId: 'o-1', totalPrice: 120000 } });
    const reported = await p.evaluate(() => (window as unknown as Win).reported);
    expect(reported.filter((r) => r.kind === 'warning')).toEqual([
      {
        kind: 'warning',
        event: 'itemAddToCart',
        message: 'itemAddToCart: properties.color is not a known field (kept); itemAddToCart: properties.itemsList[0].size is not a known field (kept)',
      },
      { kind: 'warning', event: 'checkOut', message: 'checkOut: properties.purchaseId is not a known field (kept)' },
    ]);
    expect(reported.filter((r) => r.kind === 'invalid').map((r) => r.event)).toEqual(['itemView', 'itemRate']);
    expect(errors).toEqual([]);
  });
});

describe('whatever send() accepts, the mock backend accepts', () => {
  it('a page address over the field limit is cut, and an event exactly at the size limit once stamped goes through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'novin-send-'));
    const html = join(dir, 'page.html');
    writeFileSync(
      html,
      `<!doctype html><html><head><meta charset="utf-8"><script src="/novinSDK.js" data-project-id="demo-project"></script></head><body></body></html>`,
    );
    const mock = await startMockServer({ port: 0, files: { '/page.html': html, '/novinSDK.js': fileURLToPath(new URL('../../dist/novinSDK.js', import.meta.url)) } });
    try {
      const { page: p, errors } = await newPage(ctx);
      const address = `${mock.url}/page.html?q=${'a'.repeat(9000)}`;
      await p.goto(address);
      const outcome = await p.evaluate(async () => {
        type N = { event: { send(b: unknown): Promise<void> }; ids(): { anonymousId?: string; novinAB?: string }; flush(): Promise<void> };
        const novin = (window as unknown as { novin: N }).novin;
        // Measured exactly once the collector has issued the ids (before that, room for the largest is kept).
        while (!novin.ids().anonymousId) await new Promise((r) => setTimeout(r, 20));
        const result = (p: Promise<void>) => p.then(() => 'resolved', (e: Error) => e.message);
        const body = (fill: number) => ({
          name: 'search',
          properties: { searchQuery: 'زعفران', a: 'ز'.repeat(8000), b: 'ز'.repeat(7000), c: 'x'.repeat(fill) },
        });
        const onWire = (b: object) =>
          new TextEncoder().encode(JSON.stringify({ ...b, ...novin.ids(), time: new Date().toISOString(), messageId: crypto.randomUUID() })).length;
        const fill = 32_000 - onWire(body(0));
        return Promise.all([
          result(novin.event.send({ name: 'itemView', itemId: 'sku-1' })),
          result(novin.event.send(body(fill))),
          result(novin.event.send(body(fill + 1))),
        ]).then(async (r) => (await novin.flush(), r));
      });
      expect(outcome).toEqual(['resolved', 'resolved', 'search: body is too large (32001 bytes, at most 32000)']);
      const end = Date.now() + 15_000;
      while (mock.backend.state().events.length + mock.backend.state().refused.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      const state = mock.backend.state();
      expect(state.refused).toEqual([]);
      expect(state.events.map((e) => e.event.name)).toEqual(['itemView', 'search']);
      const view = state.events[0].event as { properties: { fullUrl: string } };
      expect(view.properties.fullUrl).toBe(address.slice(0, 8192));
      expect(errors).toEqual([]);
    } finally {
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the stub keeps the moment of a call', () => {
  it('a call recorded before the SDK loaded carries the time and address it was made at', async () => {
    const stub = readFileSync(fileURLToPath(new URL('../../examples/shop/stub.js', import.meta.url)), 'utf8');
    collector.pages['/'] = `<!doctype html><html><head><meta charset="utf-8"><script>${stub}</script></head><body><script>
window.calledAt = [Date.now()];
novin.event.send({ name: 'itemView', itemId: 'sku-1' });
window.calledAt.push(Date.now());
// A single-page app moves on before the SDK has arrived.
history.pushState({}, '', '/checkout?step=2');
novin.event.send({ name: 'categoryView', categoryId: 'tea' });
window.calledAt.push(Date.now());
var s = document.createElement('script');
s.src = '/novinSDK.js';
s.dataset.projectId = 'p1';
s.onload = function () { window.loadedAt = Date.now(); };
document.head.appendChild(s);
</script></body></html>`;
    // A slow network: the script arrives over a second after the calls.
    await ctx.route('**/novinSDK.js', async (route) => {
      await new Promise((r) => setTimeout(r, 1200));
      await route.continue();
    });
    const { page: p, errors } = await newPage(ctx);
    await p.goto(collector.url + '/');
    await collector.waitForUnique(2);
    const [view, category] = [...collector.unique.values()] as Array<{ time: string; properties: { fullUrl: string } }>;
    const { calledAt, loadedAt } = await p.evaluate(() => {
      const w = window as unknown as { calledAt: number[]; loadedAt: number };
      return { calledAt: w.calledAt, loadedAt: w.loadedAt };
    });
    expect(loadedAt - calledAt[2]).toBeGreaterThanOrEqual(1000);
    expect(Date.parse(view.time)).toBeGreaterThanOrEqual(calledAt[0]);
    expect(Date.parse(view.time)).toBeLessThanOrEqual(calledAt[1]);
    expect(Date.parse(category.time)).toBeGreaterThanOrEqual(calledAt[1]);
    expect(Date.parse(category.time)).toBeLessThanOrEqual(calledAt[2]);
    expect(view.properties.fullUrl).toBe(collector.url + '/');
    expect(category.properties.fullUrl).toBe(collector.url + '/checkout?step=2');
    expect(errors).toEqual([]);
  });
});

describe('beforeSend', () => {
  it('from window.novinConfig on the script tag: calls recorded by the stub and live calls go through the hook', async () => {
    const stub = readFileSync(fileURLToPath(new URL('../../examples/shop/stub.js', import.meta.url)), 'utf8');
    collector.pages['/'] = `<!doctype html><html><head><meta charset="utf-8"><script>${stub}</script>
<script>
window.reported = [];
window.novinConfig = { projectId: 'p1', flushInterval: 10,
  onError: function (e) { reported.push({ kind: e.kind, event: e.event, message: e.message }); },
  beforeSend: function (event) {
    if (event.name === 'search') return null;                 // not collected on this site
    if (event.name === 'boom') throw new Error('hook bug');
    if (event.properties) delete event.properties.email;       // scrub personal data
    event.properties = Object.assign({}, event.properties, { site: 'shop-1' });
    return event;
  } };
var outcome = (p) => p.then(() => 'resolved', (e) => e.message);
// Recorded by the stub: the SDK has not loaded yet.
window.early = [
  outcome(novin.event.send({ name: 'tryToSignUp', properties: { email: 'a@example.com', mobile: '0912' } })),
  outcome(novin.event.send({ name: 'search', properties: { searchQuery: 'tea' } })),
  outcome(novin.event.send({ name: 'boom' })),
];
</script>
<script src="/novinSDK.js"></script></head><body><script>
window.late = [outcome(novin.event.send({ name: 'itemView', itemId: 'sku-1' })), outcome(novin.event.send({ name: 'search' }))];
window.outcomes = Promise.all(early.concat(late));
</script></body></html>`;
    const { page: p, errors } = await newPage(ctx);
    await p.goto(collector.url + '/');
    expect(await p.evaluate(() => (window as unknown as { outcomes: Promise<string[]> }).outcomes)).toEqual([
      'resolved',
      'resolved',
      'beforeSend: boom: threw Error: hook bug',
      'resolved',
      'resolved',
    ]);
    await collector.waitForUnique(2);
    // Give a dropped event every chance to show up: wait for a later marker event to arrive.
    await p.evaluate(() => (window as unknown as { novin: { event: { send(b: unknown): Promise<void> } } }).novin.event.send({ name: 'marker' }));
    await collector.waitForUnique(3);
    const events = [...collector.unique.values()];
    expect(events.map((e) => e.name)).toEqual(['tryToSignUp', 'itemView', 'marker']);
    expect(events[0].properties).toEqual({ mobile: '0912', site: 'shop-1' });
    expect(events[1].properties).toMatchObject({ site: 'shop-1', fullUrl: collector.url + '/' });
    const reported = await p.evaluate(() => (window as unknown as Win).reported);
    expect(reported.filter((r) => r.kind === 'invalid')).toEqual([{ kind: 'invalid', event: 'boom', message: 'beforeSend: boom: threw Error: hook bug' }]);
    expect(errors).toEqual([]);
  });
});
