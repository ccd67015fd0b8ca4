/**
 * The npm build in real Chromium, loaded as ES modules the way a bundler's output would load
 * it: the push code is a chunk of its own (dist/index-push.mjs) that a page fetches only when
 * the app configured push (right after load) or calls subscribe/unsubscribe, and novin.push
 * works through it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, useBrowser } from './helpers/browser.js';
import type { Collector } from './helpers/collector.js';

let collector: Collector;
let ctx: BrowserContext;
useBrowser((s) => ({ collector, ctx } = s));

const modules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
// The npm build imports its dependencies by name: an import map stands in for the app's bundler.
const DEPS = {
  '/dep/idb-keyval.js': readFileSync(modules + 'idb-keyval/dist/index.js', 'utf8'),
  '/dep/js-cookie.js': readFileSync(modules + 'js-cookie/dist/js.cookie.mjs', 'utf8'),
};

function appPage(options: Record<string, unknown>): string {
  const imports = { 'idb-keyval': '/dep/idb-keyval.js', 'js-cookie': '/dep/js-cookie.js' };
  return `<!doctype html><html><head><meta charset="utf-8"><title>app</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
import { createNovin } from '/index.mjs';
window.novin = createNovin(${JSON.stringify({ projectId: 'p1', endpoint: collector.url, flushInterval: 50, ...options })});
window.novin.event.send({ name: 'search', properties: { searchQuery: 'saffron' } });
</script></head><body></body></html>`;
}

const pushChunkRequests = () => collector.requests.filter((r) => r.path === '/index-push.mjs').length;

describe('the npm build', () => {
  it('never fetches the push chunk for an app without push', async () => {
    Object.assign(collector.pages, DEPS, { '/': appPage({}) });
    const { page, errors } = await newPage(ctx);
    await page.goto(collector.url + '/');
    await collector.waitFor((c) => [...c.unique.values()].some((e) => e.name === 'search'), 15_000, 'the search event');
    // Asking what push can do here answers without the push code.
    expect(await page.evaluate(() => [window.novin!.push.isSupported(), window.novin!.push.permission()])).toEqual([true, expect.any(String)]);
    expect(pushChunkRequests()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('fetches it right after load for an app with a VAPID key, and push answers through it', async () => {
    Object.assign(collector.pages, DEPS, { '/': appPage({ push: { vapidPublicKey: 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U' } }) });
    const { page, errors } = await newPage(ctx);
    await page.goto(collector.url + '/');
    await collector.waitFor(() => pushChunkRequests() === 1, 15_000, 'the push chunk fetched after load');
    // The push code's own answer about permission (headless Chromium refuses the prompt); the loader
    // alone could only say 'unsupported' or 'failed'.
    expect(['needs-gesture', 'default', 'denied']).toContain(await page.evaluate(() => window.novin!.push.subscribe()));
    expect(await page.evaluate(() => window.novin!.push.unsubscribe())).toBe(false);
    expect(pushChunkRequests()).toBe(1);
    expect(errors).toEqual([]);
  });
});

declare global {
  interface Window {
    novin?: import('../../src/index.js').Novin;
  }
}
