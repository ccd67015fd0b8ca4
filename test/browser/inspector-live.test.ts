/**
 * What live updates must not do, in real Chromium. Paused, nothing above or in the list is
 * redrawn — not the visitor card, not the counts per name, not a row a duplicate changed —
 * so rows stay where they are and a text selection survives; resume brings it all in. And a
 * late answer never puts another visitor's card over the one asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Request, Route } from 'playwright-core';
import { startMockServer, type MockServer } from '../../mock/index.js';
import { launch, watchPage } from './helpers/browser.js';

let browser: Browser;
let server: MockServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), startMockServer({ port: 0 })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const at = (i: number) => new Date(Date.now() - 60_000 + i * 1000).toISOString();
const search = (i: number, over: Record<string, unknown> = {}) => ({ name: 'search', anonymousId: 'anon-p', time: at(i), messageId: `p-${i}`, properties: { searchQuery: `tea ${i}` }, ...over });

async function post(events: unknown[]): Promise<void> {
  const res = await fetch(`${server.url}/api/sdk/events?projectId=demo-project`, { method: 'POST', body: JSON.stringify({ events }) });
  expect(res.status).toBe(200);
}

describe('pausing the visitor view', () => {
  it('holds the visitor card, the counts and changed rows until resume; rows and the selection stay put', async () => {
    await post([...Array.from({ length: 20 }, (_, i) => search(i)), search(20, { name: 'signIn', userId: 'sara', messageId: 'p-in' })]);
    const ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await ctx.newPage();
    const watched = watchPage(page);
    await page.goto(`${server.url}/inspector/`);
    await page.fill('#f-visitor', 'anon-p');
    await page.waitForFunction(() => document.querySelector('#visitor:not([hidden])')?.textContent?.includes('became user sara'));
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length === 21);

    // Open p-5 and select its messageId as a reader would to copy it.
    const seq = String(server.backend.state().events.find((e) => e.event.messageId === 'p-5')!.seq);
    const target = page.locator(`#timeline li[data-seq="${seq}"]`);
    await target.locator('button.sum').click();
    await target.locator('.facts').waitFor();
    const selected = await target.evaluate((li) => {
      const dd = [...li.querySelectorAll('.facts dt')].find((dt) => dt.textContent === 'messageId')!.nextElementSibling!;
      const range = document.createRange();
      range.selectNodeContents(dd);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return getSelection()!.toString();
    });
    expect(selected).toBe('p-5');

    await page.click('#pause');
    const visitorAsked: string[] = [];
    const onRequest = (r: Request) => void (r.url().includes('/inspector/visitor') && visitorAsked.push(r.url()));
    page.on('request', onRequest);
    const before = { y: (await target.boundingBox())!.y, card: await page.locator('#visitor').textContent(), chips: await page.locator('#counts').textContent() };

    // The visitor signs in as someone else (a new line on the card), p-5 comes again
    // (a duplicate: its facts and badges change) and a new event name appears (a new chip).
    await post([search(21, { name: 'signIn', userId: 'sara-2', messageId: 'p-in-2' }), search(5), search(22, { name: 'couponApplied', messageId: 'p-c', properties: { couponCode: 'TEA10' } })]);
    await page.waitForFunction(() => document.getElementById('pause')?.textContent === 'Resume (2 new)');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('23 events'));
    // One more poll after the one that brought them: whatever it would redraw has been asked for.
    await page.waitForResponse((r) => r.url().includes('/inspector/timeline'));
    page.off('request', onRequest);

    expect(visitorAsked).toEqual([]);
    expect(await page.locator('#visitor').textContent()).toBe(before.card);
    expect(await page.locator('#counts').textContent()).toBe(before.chips);
    expect(await target.locator('.badge.dup').count()).toBe(0);
    expect((await target.boundingBox())!.y).toBe(before.y);
    expect(await page.evaluate(() => getSelection()!.toString())).toBe(selected);
    expect(await target.locator('button.sum').getAttribute('aria-expanded')).toBe('true');

    await page.click('#pause');
    await page.waitForFunction(() => document.querySelector('#visitor')?.textContent?.includes('became user sara-2'));
    await page.waitForFunction(() => document.getElementById('counts')?.textContent?.includes('couponApplied 1'));
    await page.waitForFunction((s) => document.querySelector(`#timeline li[data-seq="${s}"] .badge.dup`)?.textContent === '×2', seq);
    expect(await target.locator('.facts').textContent()).toContain('received 2 times, counted once');
    expect(await page.locator('#timeline li.row').count()).toBe(23);
    expect(await target.locator('button.sum').getAttribute('aria-expanded')).toBe('true');
    expect(watched.errors).toEqual([]);
    await ctx.close();
  });

  it('holds at most a few pages of rows: a long pause under heavy traffic ends in a reload, not in a tab holding everything', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/inspector/`);
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length > 0);
    await page.click('#pause');
    // Batches each smaller than one poll's page, waited for one by one: none of them alone overflows.
    for (let batch = 0; batch < 4; batch++) {
      await post(Array.from({ length: 150 }, (_, i) => search(1000 + batch * 150 + i, { anonymousId: 'anon-busy', messageId: `busy-${batch}-${i}` })));
      const want = (batch + 1) * 150;
      await page.waitForFunction((n) => /^Resume \((\d+|many) new\)$/.exec(document.getElementById('pause')?.textContent ?? '')?.[1] === (n > 500 ? 'many' : String(n)), want);
    }
    await page.click('#pause');
    // Resume reloads the newest page instead of inserting 600 held rows.
    await page.waitForFunction(() => document.querySelector('#timeline li.row .c-anon')?.textContent === 'anon-busy');
    expect(await page.locator('#timeline li.row').count()).toBe(100);
    await ctx.close();
  });
});

describe('the visitor card', () => {
  it('shows the visitor typed last, even when the answer for the one before comes later', async () => {
    await post([search(0, { anonymousId: 'anon-slow', messageId: 'slow-1' }), search(1, { anonymousId: 'anon-fast', messageId: 'fast-1' })]);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    // The first visitor's card is held back until the second one is shown.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let asked!: () => void;
    const slowAsked = new Promise<void>((r) => (asked = r));
    await page.route('**/inspector/visitor?id=anon-slow', async (route: Route) => {
      asked();
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/inspector/`);
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length > 0);
    await page.fill('#f-visitor', 'anon-slow');
    await slowAsked;
    await page.fill('#f-visitor', 'anon-fast');
    await page.waitForFunction(() => document.querySelector('#visitor h2')?.textContent === 'Visitor anon-fast');
    const late = page.waitForResponse((r) => r.url().includes('id=anon-slow'));
    release();
    await late;
    // One more poll, so whatever the late answer would do has been done.
    await page.waitForResponse((r) => r.url().includes('/inspector/timeline'));
    expect(await page.locator('#visitor h2').textContent()).toBe('Visitor anon-fast');
    await ctx.close();
  });
});
