/**
 * The inspector as a developer uses it, in real Chromium: a session of 300 events with
 * refusals, duplicates and a clock-skewed batch; filtering down to one visitor and seeing
 * where they signed up; expanding and copying an event; pausing while new events arrive
 * (nothing moves, the open row and the text selection stay); the keyboard; 375 px.
 * Screenshots at 1280 and 375 px go to test-output/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startMockServer, type MockServer } from '../../mock/index.js';
import { launch, outputPath, watchPage } from './helpers/browser.js';

let browser: Browser;
let server: MockServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), startMockServer({ port: 0, files: {} })]);
  await sendSession();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const NAMES = ['pageView', 'itemView', 'itemAddToCart', 'search', 'checkOut', 'categoryView'];
const T0 = Date.now() - 10 * 60_000;
let n = 0;

/** One plausible shop event of visitor `v` (v3 signs up as "sara" half-way). */
function event(i: number, v: number): Record<string, unknown> {
  const name = NAMES[i % NAMES.length];
  const e: Record<string, unknown> = { name, anonymousId: `visitor-${v}`, novinAB: v % 2 ? 'A' : 'B', time: new Date(T0 + i * 1000).toISOString(), messageId: `m-${n++}` };
  if (v === 3 && i >= 150) e.userId = 'sara';
  if (name === 'pageView') e.userId = e.userId ?? `user-${v}`;
  if (name === 'itemView' || name === 'itemAddToCart') Object.assign(e, { itemId: `sku-${i % 11}`, properties: { itemName: `Green tea ${i}` } });
  // One event with a property the catalog does not know: kept, with a warning.
  if (i === 43) e.properties = { itemName: 'Green tea 43', shade: 'jade' };
  if (name === 'search') e.properties = { searchQuery: `tea ${i}` };
  if (name === 'checkOut') Object.assign(e, { itemIdList: ['sku-1'], properties: { totalPrice: 120_000 } });
  if (name === 'categoryView') e.categoryId = 'teas';
  return e;
}

async function post(events: unknown[], sentAt = new Date().toISOString()): Promise<Record<string, any>> {
  const res = await fetch(`${server.url}/api/sdk/events?projectId=demo-project`, { method: 'POST', body: JSON.stringify({ events, sentAt }) });
  return (await res.json()) as Record<string, any>;
}

/** 300 accepted events in 10 batches (one with a warning), plus 20 refusals and 15 duplicates; one batch from a clock 10 min fast. */
async function sendSession(): Promise<void> {
  let i = 0;
  for (let batch = 0; batch < 10; batch++) {
    const events: unknown[] = [];
    for (let k = 0; k < 30; k++, i++) events.push(event(i, i % 10));
    if (batch === 5) events.push({ name: 'signUp', anonymousId: 'visitor-3', userId: 'sara', time: new Date(T0 + 150_000).toISOString(), messageId: 'sara-signup', aggregations: [{ userAggregationfield: 'mobileLead', operation: '+' }] });
    events.push({ name: 'itemView', anonymousId: `visitor-${batch}`, time: new Date().toISOString(), messageId: `refused-${batch}` }, { name: 'checkOut', anonymousId: 'visitor-3', time: 'yesterday', messageId: `refused-b${batch}` });
    events.push(...events.slice(0, batch < 5 ? 3 : 0));
    const answer = await post(events, batch === 7 ? new Date(Date.now() + 10 * 60_000).toISOString() : undefined);
    expect(answer.rejected).toHaveLength(2);
  }
  const s = server.backend.state();
  expect(s.counts).toMatchObject({ events: 301, refused: 20, duplicates: 15, warnings: 1 });
}

async function open(width: number, height = 900): Promise<{ page: Page; problems: string[] }> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await ctx.newPage();
  const watched = watchPage(page);
  const problems: string[] = [];
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`)));
  page.on('console', (m) => void (/Content Security Policy|Refused to/.test(m.text()) && problems.push(m.text())));
  await page.goto(`${server.url}/inspector/`);
  await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length >= 100);
  problems.push(...watched.errors);
  return { page, problems };
}

const rowCount = (page: Page) => page.locator('#timeline li.row').count();

describe('the inspector over a 300-event session', () => {
  it('lists compact rows with refusals in red, duplicate and clock badges, counts per name, and pages back', async () => {
    const { page, problems } = await open(1280);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('301 events'));
    expect(await page.locator('#status').textContent()).toMatch(/301 events · 20 refused · 15 duplicates · 1 with warnings/);
    expect(await rowCount(page)).toBe(100);
    expect(await page.locator('#timeline li.refusal').first().locator('.badge.bad').textContent()).toBe('refused');
    expect(await page.locator('#timeline li.refusal .c-name').first().evaluate((e) => getComputedStyle(e).color)).toBe('rgb(179, 38, 30)');
    expect(await page.locator('#timeline .badge.skew').count()).toBeGreaterThan(0);
    expect(await page.locator('#counts').textContent()).toContain('pageView 50');
    await page.click('#older');
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length === 200);
    await page.click('#older');
    await page.click('#older');
    await page.waitForFunction(() => document.getElementById('timeline-end')?.textContent === 'Start of the session.');
    expect(await rowCount(page)).toBe(321);
    expect(await page.locator('#timeline .badge.dup').count()).toBe(15);
    expect(await page.locator('#timeline .badge.warn').count()).toBe(1);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: outputPath('inspector-1280.png') });
    // The event kept with a warning, found by its status and shown as such.
    await page.selectOption('#f-status', 'warned');
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length === 1);
    await page.locator('#timeline button.sum').click();
    expect(await page.locator('#timeline .warnings').textContent()).toBe('itemView: properties.shade is not a known field (kept)');
    expect(await page.locator('#timeline pre.json').textContent()).toContain('"shade": "jade"');
    await page.screenshot({ path: outputPath('inspector-warning-1280.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('filters down to one visitor and shows where the anonymous visitor became a user', async () => {
    const { page, problems } = await open(1280);
    await page.fill('#f-visitor', 'visitor-3');
    await page.waitForSelector('#visitor:not([hidden])');
    await page.waitForFunction(() => [...document.querySelectorAll('#timeline .c-anon')].every((c) => c.textContent === 'visitor-3' || c.closest('li')?.querySelector('.c-user')?.textContent === 'sara'));
    const card = (await page.locator('#visitor').textContent()) ?? '';
    expect(card).toContain('anonymous visitor-3 became user sara (signUp)');
    expect(card).toContain('sara: mobileLead 10');
    expect(card).toContain('signed-up completed');
    // Its 30 events, the sign-up, and its 20 refusals (all of visitor-3's checkOuts were refused once per batch).
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length === 30 + 1 + 10 + 1);
    const became = page.locator('#timeline li.row', { has: page.locator('.badge.became') });
    expect(await became.count()).toBe(1);
    expect(await became.locator('.c-name').textContent()).toBe('signUp');
    await page.locator('#visitor button', { hasText: 'show' }).click();
    await page.waitForFunction(() => document.querySelector('#timeline li.open .facts')?.textContent?.includes('anonymous until here; from now on user sara'));
    await page.screenshot({ path: outputPath('inspector-visitor-1280.png') });
    // Narrower: one event name, then free text.
    await page.selectOption('#f-name', 'search');
    await page.waitForFunction(() => [...document.querySelectorAll('#timeline .c-name')].every((c) => c.textContent === 'search'));
    await page.fill('#f-q', 'tea 153');
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length === 1);
    expect(await page.locator('#timeline .c-user').textContent()).toBe('sara');
    await page.click('#f-clear');
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length === 100);
    expect(await page.locator('#visitor').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('expands an event with its JSON, copies it, and works from the keyboard', async () => {
    const { page, problems } = await open(1280);
    const first = page.locator('#timeline li.event').first();
    const seq = await first.getAttribute('data-seq');
    await first.locator('button.sum').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((s) => document.querySelector(`#timeline li[data-seq="${s}"] pre.json`) !== null, seq);
    const json = JSON.parse((await first.locator('pre.json').textContent())!);
    expect(json).toEqual(server.backend.state().events.find((e) => String(e.seq) === seq)!.event);
    await first.locator('button.copy').click();
    await page.waitForFunction(() => document.querySelector('.copy-note')?.textContent === 'copied');
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(json);
    // Arrow keys walk the rows; Enter toggles.
    await first.locator('button.sum').focus();
    await page.keyboard.press('ArrowDown');
    const below = await first.evaluate((li) => li.nextElementSibling?.getAttribute('data-seq'));
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-seq'))).toBe(below);
    const next = page.locator(`#timeline li[data-seq="${below}"] > button.sum`);
    await page.keyboard.press('Enter');
    expect(await next.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await next.getAttribute('aria-expanded')).toBe('false');
    // A counts chip keeps the keyboard focus while its count moves.
    const chip = page.locator('#counts button', { hasText: /^categoryView / });
    await chip.focus();
    const label = await chip.textContent();
    await post([{ ...event(5, 1), messageId: 'focus-1' }]);
    await page.waitForFunction((old) => [...document.querySelectorAll('#counts button')].some((b) => b.textContent?.startsWith('categoryView ') && b.textContent !== old), label);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^categoryView /);
    // A refusal shows its reasons and the refused payload.
    const refusal = page.locator('#timeline li.refusal').first();
    await refusal.locator('button.sum').click();
    expect(await refusal.locator('.reasons').textContent()).toMatch(/itemView: itemId is required|checkOut: time must be an ISO 8601 date/);
    expect(await refusal.locator('pre.json').textContent()).toContain('"messageId": "refused-');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('pauses: new events are held, rows do not move, the open row and the selection stay; resume shows them', async () => {
    const { page, problems } = await open(1280);
    const seq = await page.locator('#timeline li.event').nth(4).getAttribute('data-seq');
    const target = page.locator(`#timeline li[data-seq="${seq}"]`);
    await target.locator('button.sum').click();
    const pre = target.locator('pre.json');
    await pre.waitFor();
    // Select the JSON as a reader would to copy part of it.
    const selected = await pre.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return getSelection()!.toString();
    });
    await page.click('#pause');
    expect(await page.locator('#pause').getAttribute('aria-pressed')).toBe('true');
    const before = { y: (await target.boundingBox())!.y, top: await page.locator('#timeline li.row').first().getAttribute('data-seq'), rows: await rowCount(page) };
    await post(Array.from({ length: 12 }, (_, i) => ({ name: 'couponApplied', anonymousId: 'visitor-new', time: new Date().toISOString(), messageId: `late-${i}`, properties: { couponCode: 'TEA10' } })));
    await post([{ name: 'couponApplied', anonymousId: 'visitor-new', time: new Date().toISOString(), messageId: 'late-0', properties: { couponCode: 'TEA10' } }]);
    await page.waitForFunction(() => document.getElementById('pause')?.textContent === 'Resume (12 new)');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('314 events'));
    expect((await target.boundingBox())!.y).toBe(before.y);
    expect(await page.locator('#timeline li.row').first().getAttribute('data-seq')).toBe(before.top);
    expect(await rowCount(page)).toBe(before.rows);
    expect(await target.locator('button.sum').getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate(() => getSelection()!.toString())).toBe(selected);
    await page.screenshot({ path: outputPath('inspector-paused-1280.png') });
    await page.click('#pause');
    await page.waitForFunction(() => document.querySelector('#timeline li.row .c-name')?.textContent === 'couponApplied');
    expect(await rowCount(page)).toBe(before.rows + 12);
    expect(await page.locator('#pause').textContent()).toBe('Pause');
    // Live again: the duplicate of late-0 is a badge on its row, not a row.
    await page.waitForFunction(() => [...document.querySelectorAll('#timeline .badge.dup')].some((b) => b.textContent === '×2' && b.closest('li')?.textContent?.includes('couponApplied')));
    expect(await target.locator('button.sum').getAttribute('aria-expanded')).toBe('true');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('tables: loyalty, goals and users expand on click; links from an event open them', async () => {
    await fetch(`${server.url}/api/users`, { method: 'POST', headers: { authorization: 'Bearer dev-access-token' }, body: JSON.stringify({ userId: 'sara', firstName: 'Sara', email: 'sara@example.com' }) });
    const { page, problems } = await open(1280);
    await page.fill('#f-q', 'sara-signup');
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length === 1);
    await page.locator('#timeline button.sum').click();
    await page.locator('#timeline .detail button', { hasText: 'totals' }).click();
    await page.waitForSelector('#tab-loyalty:not([hidden]) .tables li.row');
    expect(await page.locator('#tab-loyalty input.table-filter').inputValue()).toBe('sara');
    expect(await page.locator('#tab-loyalty .tables').textContent()).toContain('mobileLead 10');
    await page.locator('#tab-loyalty li.row button.sum').first().click();
    expect(await page.locator('#tab-loyalty pre.json').textContent()).toContain('"mobileLead": 10');
    await page.click('nav.tabs button[data-tab="goals"]');
    await page.waitForSelector('#tab-goals .tables li.row');
    expect(await page.locator('#tab-goals').textContent()).toContain('signed-up');
    await page.click('nav.tabs button[data-tab="users"]');
    await page.waitForSelector('#tab-users .tables li.row');
    expect(await page.locator('#tab-users').textContent()).toContain('sara@example.com');
    await page.locator('#tab-users li.row button.sum').click();
    await page.locator('#tab-users .detail button', { hasText: 'visitor sara' }).click();
    await page.waitForSelector('#visitor:not([hidden])');
    expect(await page.locator('#f-visitor').inputValue()).toBe('sara');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is usable at 375 px: nothing wider than the screen, rows in two lines', async () => {
    const { page, problems } = await open(375, 800);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
    expect(await fits()).toBe(true);
    await page.locator('#timeline li.event').first().locator('button.sum').click();
    expect(await fits()).toBe(true);
    await page.screenshot({ path: outputPath('inspector-375.png') });
    await page.fill('#f-visitor', 'visitor-3');
    await page.waitForSelector('#visitor:not([hidden])');
    await page.waitForFunction(() => document.querySelectorAll('#timeline li.row').length === 42);
    expect(await fits()).toBe(true);
    await page.screenshot({ path: outputPath('inspector-visitor-375.png') });
    await page.click('nav.tabs button[data-tab="loyalty"]');
    await page.waitForSelector('#tab-loyalty .tables li.row');
    expect(await fits()).toBe(true);
    await page.screenshot({ path: outputPath('inspector-loyalty-375.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
