/**
 * The SPA example: it builds from source with the same rollup config (importing 'novin-sdk'),
 * and once the visitor signs in it identifies them and sends pageView on each client-side
 * route change, without a page load.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage } from './helpers/browser.js';
import { named, startDemo, type Demo } from './start-demo.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = `${ROOT}examples/spa/dist/app.js`;

let demo: Demo;
let browser: Browser;
let built: { status: number | null; output: string; at: number };

beforeAll(async () => {
  const started = Date.now();
  const rollup = createRequire(import.meta.url).resolve('rollup/dist/bin/rollup');
  const r = spawnSync(process.execPath, [rollup, '-c', '--silent'], { cwd: ROOT, env: { ...process.env, ONLY: 'examples/spa' }, encoding: 'utf8' });
  built = { status: r.status, output: `${r.stdout}${r.stderr}`, at: started };
  [demo, browser] = await Promise.all([startDemo(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('SPA example', () => {
  it('builds with the same rollup config', () => {
    expect(built.status, built.output).toBe(0);
    expect(statSync(APP).mtimeMs).toBeGreaterThanOrEqual(built.at - 1000);
  });

  it('identifies on login and sends pageView on each route change after it', async () => {
    const spa = new URL('/spa/', demo.shop).href;
    const ctx = await browser.newContext();
    const { page, errors } = await newPage(ctx);
    await page.goto(spa);
    await page.click('#nav-login');
    await page.fill('input[name=login]', '09121234567');
    await page.fill('input[name=password]', 'demo');
    // A marker on window survives only if no page load happens between routes.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.click('#login');
    await page.waitForSelector('#account-title');
    await page.click('#nav-home');
    await page.click('a[data-route="/perk/club-coffee"]');

    const s = await demo.waitForState((st) => named(st, 'pageView').length >= 3, 'three pageViews');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    const anonymousId = (await ctx.cookies()).find((c) => c.name === 'novinAnonymousId')?.value;
    expect(anonymousId).toBeTruthy();
    expect(named(s, 'tryToSignIn')).toMatchObject([{ anonymousId, properties: { mobile: '09121234567' } }]);
    expect(named(s, 'signIn')).toMatchObject([{ userId: 'u-1001', anonymousId }]);
    // The anonymous home view sent nothing; each route after login did.
    expect(named(s, 'pageView').map((e) => [e.userId, e.anonymousId, new URL(e.properties.fullUrl).pathname])).toEqual([
      ['u-1001', anonymousId, '/spa/account'],
      ['u-1001', anonymousId, '/spa/'],
      ['u-1001', anonymousId, '/spa/perk/club-coffee'],
    ]);
    expect(named(s, 'itemView')).toMatchObject([{ itemId: 'club-coffee', userId: 'u-1001' }]);
    expect(s.refused).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
