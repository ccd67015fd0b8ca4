/**
 * The demo shop in Persian, in real Chromium against `npm start`: the switch and its memory,
 * a right-to-left layout, Toman in Persian digits, Persian and Arabic-Indic digits typed in
 * phone numbers, and Persian names arriving at the collector exactly as the visitor saw them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, newPage } from './helpers/browser.js';
import { named, startDemo, type Demo, type InspectorState } from './start-demo.js';

// Written out here rather than imported from the shop, so a mangled byte on either side shows.
// They carry a zero-width non-joiner (U+200C) and a combining hamza (U+0654), the characters
// an encoding slip loses first.
const PHONES = 'گوشی\u200cها';
const GALAXY = 'گوشی سامسونگ Galaxy A55 5G، ۲۵۶ گیگابایت';
const ESPRESSO = 'دانه\u0654 قهوه\u0654 ترکیبی اسپرسو، ۲۵۰ گرم';

let demo: Demo;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function persianPage(ctx: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const opened = await newPage(ctx);
  await opened.page.goto(demo.shop);
  await opened.page.click('#lang-switch');
  await opened.page.waitForSelector('html[lang="fa"][dir="rtl"] #lang-switch');
  return opened;
}

const anonymousIdOf = async (ctx: BrowserContext) => (await ctx.cookies()).find((c) => c.name === 'novinAnonymousId')?.value;
const mine = (s: InspectorState, name: string, anonymousId?: string) => named(s, name).filter((e) => e.anonymousId === anonymousId);

describe('the shop in Persian', () => {
  it('switches from the header, remembers the choice and mirrors the layout', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const { page, errors } = await newPage(ctx);
    await page.goto(demo.shop);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#lang-switch')).toBe('فارسی');
    await page.click('#lang-switch');
    await page.waitForSelector('html[lang="fa"][dir="rtl"] #lang-switch');
    expect(await page.textContent('#lang-switch')).toBe('English');
    expect(await page.textContent('nav.categories a')).toBe(PHONES);

    // Mirrored: the logo at the right edge, the cart link at the left, text starting at the right.
    const logo = (await page.locator('.logo').boundingBox())!;
    const cart = (await page.locator('#cart-link').boundingBox())!;
    expect(logo.x + logo.width).toBeGreaterThan(1200);
    expect(cart.x).toBeLessThan(640);
    expect(await page.$eval('main h2', (el) => getComputedStyle(el).direction)).toBe('rtl');

    // Remembered: another page of the site opens in Persian without asking again.
    const other = await ctx.newPage();
    await other.goto(new URL('/cart.html', demo.shop).href);
    await other.waitForSelector('html[lang="fa"] #main h1');
    expect(await other.textContent('#main h1')).toBe('سبد خرید شما');
    // And back.
    await other.click('#lang-switch');
    await other.waitForSelector('html[lang="en"][dir="ltr"] #lang-switch');
    expect(await other.textContent('#main h1')).toBe('Your cart');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('shows prices in Persian digits and Toman, and sends Persian names to the collector intact', async () => {
    const ctx = await browser.newContext();
    const { page, errors } = await persianPage(ctx);
    await page.click(`nav.categories >> text=${PHONES}`);
    await page.click('[data-item-id="sku-1001"]');
    await page.waitForSelector('#add-to-cart');
    expect(await page.textContent('#main h1')).toBe(GALAXY);
    expect(await page.textContent('.price strong')).toBe('۱۸٬۹۰۰٬۰۰۰ تومان');
    await page.click('#add-to-cart');
    await page.waitForSelector('#go-to-cart');
    expect(await page.textContent('#cart-count')).toBe('۱');
    await page.goto(new URL('/item.html?id=sku-4001', demo.shop).href);
    await page.click('#add-to-cart');
    await page.click('#go-to-cart');
    await page.waitForSelector('table.cart');
    expect(await page.textContent('.totals .total')).toBe('۱۹٬۳۸۰٬۰۰۰ تومان');

    const anonymousId = await anonymousIdOf(ctx);
    const s = await demo.waitForState((st) => mine(st, 'itemAddToCart', anonymousId).length === 2, 'two Persian itemAddToCart');
    expect(s.refused).toEqual([]);
    expect(mine(s, 'categoryView', anonymousId).map((e) => e.properties.categoryName)).toEqual([PHONES]);
    expect(mine(s, 'itemView', anonymousId).map((e) => e.properties.itemName)).toEqual([GALAXY, ESPRESSO]);
    const adds = mine(s, 'itemAddToCart', anonymousId);
    expect(adds.map((e) => e.properties.itemName)).toEqual([GALAXY, ESPRESSO]);
    expect(adds[1].properties.itemsList).toMatchObject([
      { itemId: 'sku-1001', itemName: GALAXY, itemPrice: 18_900_000, itemCount: 1 },
      { itemId: 'sku-4001', itemName: ESPRESSO, itemPrice: 480_000, itemCount: 1 },
    ]);
    // The very code points, not a look-alike: the joiner-breaking U+200C and the hamza survived.
    expect(mine(s, 'categoryView', anonymousId)[0].properties.categoryName.normalize('NFC')).toBe(PHONES.normalize('NFC'));
    expect([...mine(s, 'itemView', anonymousId)[1].properties.itemName]).toContain('\u0654');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('finds items by their Persian names, however the visitor types them', async () => {
    const ctx = await browser.newContext();
    const { page, errors } = await persianPage(ctx);
    const search = async (q: string) => {
      await page.fill('input[name=q]', q);
      await page.press('input[name=q]', 'Enter');
      await page.waitForSelector(`#main h1:has-text("${q}")`);
      return page.$$eval('.grid [data-item-id]', (els) => els.map((e) => (e as HTMLElement).dataset.itemId));
    };
    expect(await search('قهوه')).toEqual(['sku-4001', 'sku-4002']);
    // Without the zero-width non-joiner, and with the Arabic keyboard's ي and ك.
    expect(await search('لپتاپ')).toEqual(['sku-2001', 'sku-2002']);
    expect(await search('گوشي شيائومي')).toEqual(['sku-1002']);
    const anonymousId = await anonymousIdOf(ctx);
    const s = await demo.waitForState((st) => mine(st, 'search', anonymousId).length === 3, 'three searches');
    expect(mine(s, 'search', anonymousId).map((e) => e.properties.searchQuery)).toEqual(['قهوه', 'لپتاپ', 'گوشي شيائومي']);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('takes mobile numbers typed in Persian or Arabic-Indic digits at sign-in and sign-up', async () => {
    const ctx = await browser.newContext();
    const { page, errors } = await persianPage(ctx);
    await page.click('#sign-in-link');
    // The page shows the demo account in Persian digits; the visitor types what it shows.
    expect(await page.textContent('#main p.muted')).toContain('۰۹۱۲۱۲۳۴۵۶۷');
    await page.fill('input[name=login]', '۰۹۱۲ ۱۲۳ ۴۵۶۷');
    await page.fill('input[name=password]', 'demo');
    await page.click('#sign-in');
    await page.waitForSelector('#sign-out');
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in-link');

    await page.goto(new URL('/signup.html', demo.shop).href);
    await page.fill('input[name=firstName]', 'نیلوفر');
    await page.fill('input[name=mobile]', '٠٩١٩٧٦٥٤٣٢١');
    await page.fill('input[name=password]', 'secret');
    await page.click('#sign-up');
    await page.waitForSelector('#sign-out');
    // Stored as 0-9: the same account answers the number typed on a Latin keyboard.
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in-link');
    await page.goto(new URL('/signin.html', demo.shop).href);
    await page.fill('input[name=login]', '09197654321');
    await page.fill('input[name=password]', 'secret');
    await page.click('#sign-in');
    await page.waitForSelector('#sign-out');

    const anonymousId = await anonymousIdOf(ctx);
    const s = await demo.waitForState((st) => mine(st, 'signIn', anonymousId).length === 2, 'both sign-ins');
    expect(mine(s, 'tryToSignIn', anonymousId).map((e) => e.properties)).toEqual([{ mobile: '09121234567' }, { mobile: '09197654321' }]);
    expect(mine(s, 'signIn', anonymousId)[0].userId).toBe('u-1001');
    expect(mine(s, 'tryToSignUp', anonymousId).map((e) => e.properties)).toEqual([{ mobile: '09197654321', firstName: 'نیلوفر' }]);
    const [signUp] = mine(s, 'signUp', anonymousId);
    expect(mine(s, 'signIn', anonymousId)[1].userId).toBe(signUp.userId);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
