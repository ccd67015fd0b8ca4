/**
 * The demo shop as people see it, in real Chromium against `npm start`: the defects once seen
 * in its screenshots, then screenshots of home, an item, the cart with a refused coupon and a
 * 404, at 1280 and 375 px in English and Persian (test-output/shop-<lang>-<width>-<page>.png),
 * each checked for sideways overflow and cut-off controls and taken under a strict CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, newPage, outputPath } from './helpers/browser.js';
import { named, startDemo, type Demo } from './start-demo.js';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

let demo: Demo;
let browser: Browser;
const at = (path: string) => new URL(path, demo.shop).href;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** Serves every page of the context with a strict Content-Security-Policy, as a careful shop would. */
async function strictCsp(ctx: BrowserContext): Promise<void> {
  await ctx.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
}

/** English is the default; Persian is chosen with the header's switch. */
async function chooseLanguage(page: Page, lang: 'en' | 'fa'): Promise<void> {
  await page.goto(demo.shop);
  if (lang === 'fa') await page.click('#lang-switch');
  await page.waitForSelector(`html[lang="${lang}"] #cart-link`);
}

/** The page's sideways overflow and every control or text block that reaches past the viewport's sides. */
const layoutFaults = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const faults: string[] = [];
    if (document.documentElement.scrollWidth > width) faults.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`);
    for (const el of document.querySelectorAll('a, button, input, select, h1, h2, h3, p, td, dd')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.left < -0.5 || r.right > width + 0.5))
        faults.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}" spans ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return faults;
  });

/** Numbers a Persian page shows in 0-9 instead of Persian digits. */
const latinNumbers = (page: Page) =>
  page.$$eval('.price, .stock, #cart-count, td.qty, td.amount, .totals, .not-found .code', (els) =>
    els.map((e) => e.textContent ?? '').filter((text) => /[0-9]/.test(text)));

const removeButtonBox = async (page: Page) => (await page.locator('tr[data-item-id] button.remove').first().boundingBox())!;

describe('defects seen in the screenshots', () => {
  it('the cart prints no stray "null" where there is no message', async () => {
    const ctx = await browser.newContext();
    const { page, errors } = await newPage(ctx);
    await page.goto(at('/item.html?id=sku-1001'));
    await page.click('#add-to-cart');
    await page.click('#go-to-cart');
    await page.waitForSelector('table.cart');
    expect(await page.locator('#main').innerText()).not.toMatch(/\bnull\b/);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  for (const lang of ['en', 'fa'] as const) {
    it(`the cart fits a 375 px screen, Remove included (${lang})`, async () => {
      const ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const { page } = await newPage(ctx);
      await chooseLanguage(page, lang);
      await page.goto(at('/item.html?id=sku-3002'));
      await page.click('#add-to-cart');
      await page.click('#go-to-cart');
      await page.waitForSelector('table.cart');
      const box = await removeButtonBox(page);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(375);
      expect(await layoutFaults(page)).toEqual([]);
      await ctx.close();
    });
  }

  it('a refused coupon stays in its box as the visitor typed it', async () => {
    const ctx = await browser.newContext();
    const { page, errors } = await newPage(ctx);
    await page.goto(at('/item.html?id=sku-1001'));
    await page.click('#add-to-cart');
    await page.click('#go-to-cart');
    await page.fill('input[name=coupon]', 'norooz1403');
    await page.click('#coupon-form button');
    await page.waitForSelector('.notice.error');
    expect(await page.inputValue('input[name=coupon]')).toBe('norooz1403');
    // Corrected in place, it applies.
    await page.fill('input[name=coupon]', 'WELCOME10');
    await page.click('#coupon-form button');
    await page.waitForSelector('.notice.ok');
    expect(await page.inputValue('input[name=coupon]')).toBe('WELCOME10');
    const anonymousId = (await ctx.cookies()).find((c) => c.name === 'novinAnonymousId')?.value;
    const s = await demo.waitForState((st) => named(st, 'couponApplied').some((e) => e.anonymousId === anonymousId), 'couponApplied');
    expect(named(s, 'couponNotApplied').find((e) => e.anonymousId === anonymousId)?.properties).toMatchObject({ couponCode: 'NOROOZ1403', reason: 'expired' });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the header says "Alerts on" only while the browser holds a subscription', async () => {
    const ctx = await browser.newContext();
    await ctx.grantPermissions(['notifications'], { origin: new URL(demo.shop).origin });
    // A browser that grants the permission but whose push service refuses, until a test says otherwise.
    await ctx.addInitScript(() => {
      const w = window as unknown as { pushWorks?: boolean };
      let made: PushSubscription | null = null;
      PushManager.prototype.subscribe = async function () {
        if (!w.pushWorks) throw new DOMException('Registration failed - push service not available', 'AbortError');
        const endpoint = 'https://push.example/subscription-1';
        made = { endpoint, options: { applicationServerKey: null }, toJSON: () => ({ endpoint, keys: { p256dh: 'k', auth: 'a' } }), unsubscribe: async () => true } as unknown as PushSubscription;
        return made;
      };
      PushManager.prototype.getSubscription = async () => made;
    });
    const { page, errors } = await newPage(ctx);
    await page.goto(demo.shop);
    await page.waitForFunction(() => !!(window as unknown as { novin?: { version?: string } }).novin?.version);
    // The label settles once the page has asked the browser (a claim made up front counts too).
    const settled = () => page.waitForSelector('#push-button[data-state], #push-button:text("Alerts on")');
    await settled();
    expect(await page.textContent('#push-button')).toBe('Price alerts');

    const trySubscribing = async () => {
      await page.click('#push-button');
      await page.click('#push-prompt >> text=Yes, notify me');
    };
    await trySubscribing();
    await page.waitForSelector('#push-prompt >> text=No alerts for now');
    expect(await page.textContent('#push-button')).toBe('Price alerts');
    await page.reload();
    await settled();
    expect(await page.textContent('#push-button')).toBe('Price alerts');

    await page.evaluate(() => ((window as unknown as { pushWorks: boolean }).pushWorks = true));
    await trySubscribing();
    await page.waitForSelector('#push-button[data-state="on"]');
    expect(await page.textContent('#push-button')).toBe('Alerts on ✓');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('an unknown address gets the shop\'s own 404 page, in both languages, with status 404', async () => {
    const res = await fetch(at('/no-such-page'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Page not found');
    expect(html).toContain('صفحه پیدا نشد');
    expect((await fetch(at('/no-such-dir/deeper.html'), { method: 'HEAD' })).status).toBe(404);

    for (const [lang, title] of [['en', 'Page not found'], ['fa', 'صفحه پیدا نشد']] as const) {
      const ctx = await browser.newContext();
      const { page, errors } = await newPage(ctx);
      await chooseLanguage(page, lang);
      const response = await page.goto(at('/no-such-dir/deeper.html?x=1'));
      expect(response?.status()).toBe(404);
      await page.waitForSelector('#home-link');
      expect(await page.textContent('#main h1')).toBe(title);
      // The shop around it: header, categories, the cart link.
      expect(await page.locator('nav.categories a').count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator('.not-found ~ .tiles .tile').count()).toBe(4);
      expect(errors).toEqual([]);
      await ctx.close();
    }
  });
});

describe('screenshots', () => {
  for (const lang of ['en', 'fa'] as const)
    for (const width of [1280, 375])
      it(`${lang} at ${width} px: home, an item, the cart with a refused coupon, a 404`, async () => {
        const ctx = await browser.newContext({ viewport: { width, height: 900 } });
        await strictCsp(ctx);
        const { page, errors, logs } = await newPage(ctx);
        const shoot = async (name: string) => {
          await page.evaluate(() => window.scrollTo(0, 0));
          expect(await layoutFaults(page), name).toEqual([]);
          if (lang === 'fa') expect(await latinNumbers(page), name).toEqual([]);
          await page.screenshot({ path: outputPath(`shop-${lang}-${width}-${name}.png`), fullPage: true });
        };

        await chooseLanguage(page, lang);
        await page.waitForSelector('.grid');
        await shoot('home');

        // A discounted item: struck price, sale price and the discount tag.
        await page.click('[data-item-id="sku-2002"]');
        await page.click('#add-to-cart');
        await page.waitForSelector('#go-to-cart');
        await shoot('item');

        await page.click('#go-to-cart');
        await page.fill('input[name=coupon]', 'NOROOZ1403');
        await page.click('#coupon-form button');
        await page.waitForSelector('.notice.error');
        expect(await page.inputValue('input[name=coupon]')).toBe('NOROOZ1403');
        const remove = await removeButtonBox(page);
        expect(remove.x).toBeGreaterThanOrEqual(0);
        expect(remove.x + remove.width).toBeLessThanOrEqual(width);
        await shoot('cart');

        expect((await page.goto(at('/no-such-page')))?.status()).toBe(404);
        await page.waitForSelector('#home-link');
        await shoot('404');

        expect(errors).toEqual([]);
        expect(logs.filter((l) => /Content Security Policy/i.test(l))).toEqual([]);
        await ctx.close();
      });
});
