/**
 * What `novin.event.send` does with real pages' bodies in real Chromium, through the built
 * script-tag file: no event lost to a strict check (unknown properties kept with a warning,
 * numbers read from DOM attributes).
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
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
