/**
 * The demo as a developer meets it: `npm start`, then a visitor clicks through the shop in
 * Chromium, and the collector's inspector must hold each event the clicks stand for, with the
 * right ids. Screenshots of the shop and the inspector go to test-output/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, outputPath } from './helpers/browser.js';
import { named, startDemo, type Demo } from './start-demo.js';

let demo: Demo;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  // Ctrl-C must stop everything cleanly: the script exits 0.
  if (demo) expect(await demo.stop()).toBe(0);
});

describe('npm start', () => {
  it('prints the shop and inspector URLs on one origin', () => {
    expect(demo.shop).toMatch(/^http:\/\/[^/]+\/$/);
    expect(new URL(demo.inspector).origin).toBe(new URL(demo.shop).origin);
  });

  it('fires every event of the click-through, with the right ids', async () => {
    const ctx = await browser.newContext();
    const { page, errors } = await newPage(ctx);
    await page.goto(demo.shop);

    // Browse: a category, an item, add it to the cart and the wish list.
    await page.click('nav.categories >> text=Phones');
    await page.click('[data-item-id="sku-1001"]');
    await page.click('#add-to-cart');
    await page.click('#add-to-wishlist');
    // Search, add a second item, then take it out of the cart again.
    await page.fill('input[name=q]', 'espresso');
    await page.press('input[name=q]', 'Enter');
    await page.click('[data-item-id="sku-4001"]');
    await page.click('#add-to-cart');
    await page.click('#cart-link');
    await page.click('tr[data-item-id="sku-4001"] button.remove');
    await page.waitForSelector('tr[data-item-id="sku-4001"]', { state: 'detached' });
    // Coupons: an expired one is refused, a good one applied.
    await page.fill('input[name=coupon]', 'NOROOZ1403');
    await page.click('#coupon-form button');
    await page.waitForSelector('.notice.error');
    await page.fill('input[name=coupon]', 'WELCOME10');
    await page.click('#coupon-form button');
    await page.waitForSelector('.notice.ok');
    // Checkout: three steps, pay, the gateway, back to the order page.
    await page.click('#checkout');
    await page.fill('input[name=fullName]', 'Sara Ahmadi');
    await page.fill('input[name=mobile]', '09121234567');
    await page.fill('input[name=address]', 'Valiasr St, No. 12');
    await page.click('#step-form button[type=submit]');
    await page.click('#step-form button[type=submit]');
    await page.screenshot({ path: outputPath('shop-checkout.png'), fullPage: true });
    await page.click('#pay');
    await page.click('#confirm-payment');
    const purchaseId = await page.textContent('#purchase-id');
    // Sign in with the demo account, then sign out.
    await page.click('#sign-in-link');
    await page.fill('input[name=login]', '09121234567');
    await page.fill('input[name=password]', 'demo');
    await page.click('#sign-in');
    await page.waitForSelector('#sign-out');
    await page.screenshot({ path: outputPath('shop-home.png'), fullPage: true });
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in-link');

    const s = await demo.waitForState((st) => named(st, 'signOut').length > 0 && named(st, 'purchaseComplete').length > 0, 'signOut and purchaseComplete');
    const anonymousId = (await ctx.cookies()).find((c) => c.name === 'novinAnonymousId')?.value;
    expect(anonymousId).toBeTruthy();
    expect(s.refused).toEqual([]);
    expect(errors).toEqual([]);

    const one = (name: string) => {
      const list = named(s, name);
      expect(list, name).toHaveLength(1);
      return list[0];
    };
    expect(one('categoryView')).toMatchObject({ categoryId: 'phones', anonymousId, properties: { categoryName: 'Phones' } });
    expect(named(s, 'itemView').map((e) => e.itemId)).toEqual(['sku-1001', 'sku-4001']);
    const adds = named(s, 'itemAddToCart');
    expect(adds.map((e) => e.itemId)).toEqual(['sku-1001', 'sku-4001']);
    expect(adds[1].properties.itemsList.map((i: { itemId: string }) => i.itemId)).toEqual(['sku-1001', 'sku-4001']);
    expect(one('itemAddToWishList')).toMatchObject({ itemId: 'sku-1001', properties: { itemsList: [{ itemId: 'sku-1001' }] } });
    expect(one('search').properties).toEqual({ searchQuery: 'espresso' });
    expect(one('itemRemoveFromCart')).toMatchObject({ itemId: 'sku-4001' });
    expect(one('couponNotApplied').properties).toMatchObject({ couponCode: 'NOROOZ1403', reason: 'expired' });
    expect(one('couponApplied').properties).toMatchObject({ couponCode: 'WELCOME10', couponPercentage: 10 });
    const steps = named(s, 'checkOut');
    expect(steps.map((e) => e.properties.stepNumber)).toEqual([1, 2, 3]);
    for (const step of steps) expect(step.itemIdList).toEqual(['sku-1001']);
    const order = one('registerOrder');
    expect(order).toMatchObject({ itemIdList: ['sku-1001'], anonymousId, properties: { purchaseId, couponCode: 'WELCOME10', totalQuantity: 1 } });
    expect(order.properties.totalPrice).toBe(18_900_000 - 500_000);
    const paid = s.events.find((e) => e.event.name === 'purchaseComplete')!;
    expect(paid.source).toBe('server');
    expect(paid.event).toMatchObject({ anonymousId, itemIdList: ['sku-1001'], properties: { purchaseId } });
    // Paid before signing in: the server's session has no user yet.
    expect(paid.event.userId).toBeUndefined();

    // Anonymous until sign-in; then both ids, and pageView only while signed in.
    const before = s.events.slice(0, s.events.findIndex((e) => e.event.name === 'signIn')).filter((e) => e.source === 'browser');
    expect(before.length).toBeGreaterThan(10);
    for (const e of before) expect(e.event, e.event.name).toMatchObject({ anonymousId });
    for (const e of before) expect(e.event.userId, e.event.name).toBeUndefined();
    expect(one('tryToSignIn')).toMatchObject({ anonymousId, properties: { mobile: '09121234567' } });
    expect(one('signIn')).toMatchObject({ userId: 'u-1001', anonymousId });
    expect(one('pageView')).toMatchObject({ userId: 'u-1001', anonymousId, properties: { fullUrl: demo.shop } });
    expect(one('signOut')).toMatchObject({ userId: 'u-1001', anonymousId });

    const inspector = await ctx.newPage();
    await inspector.goto(demo.inspector);
    await inspector.waitForFunction(() => document.body.innerText.includes('signOut'));
    await inspector.screenshot({ path: outputPath('shop-inspector.png') });
    await ctx.close();
  });

  it('shows its own soft prompt first and asks the browser only after "Yes"', async () => {
    const ctx = await browser.newContext();
    // Count native prompts and answer them as a visitor who closes the browser's question.
    await ctx.addInitScript(() => {
      const w = window as unknown as { nativeAsks: number };
      w.nativeAsks = 0;
      Notification.requestPermission = async () => (w.nativeAsks++, 'default');
    });
    const { page, errors } = await newPage(ctx);
    await page.goto(demo.shop);
    await page.waitForFunction(() => !!(window as unknown as { novin?: { version?: string } }).novin?.version);
    const asks = () => page.evaluate(() => (window as unknown as { nativeAsks: number }).nativeAsks);

    await page.click('#push-button');
    await page.waitForSelector('#push-prompt[open]');
    await page.click('#push-prompt >> text=Not now');
    await page.waitForSelector('#push-prompt', { state: 'detached' });
    expect(await asks()).toBe(0);

    await page.click('#push-button');
    await page.click('#push-prompt >> text=Yes, notify me');
    await page.waitForSelector('#push-prompt >> text=No alerts for now');
    expect(await asks()).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('signs a new visitor up: tryToSignUp with what they typed, then signUp with the new userId', async () => {
    const ctx = await browser.newContext();
    const { page, errors } = await newPage(ctx);
    await page.goto(new URL('/signup.html', demo.shop).href);
    await page.fill('input[name=firstName]', 'Reza');
    await page.fill('input[name=mobile]', '0935123456'); // one digit short: refused by the form's own check
    await page.fill('input[name=password]', 'secret');
    await page.click('#sign-up');
    await page.waitForSelector('.notice.error');
    await page.fill('input[name=mobile]', '09351234567');
    await page.click('#sign-up');
    await page.waitForSelector('#sign-out');
    const anonymousId = (await ctx.cookies()).find((c) => c.name === 'novinAnonymousId')?.value;
    const s = await demo.waitForState((st) => st.events.some((e) => e.event.name === 'signUp' && e.event.anonymousId === anonymousId), 'signUp');
    const mine = s.events.map((e) => e.event).filter((e) => e.anonymousId === anonymousId);
    expect(mine.filter((e) => e.name === 'tryToSignUp').map((e) => e.properties)).toEqual([
      { mobile: '0935123456', firstName: 'Reza' },
      { mobile: '09351234567', firstName: 'Reza' },
    ]);
    const signUp = mine.find((e) => e.name === 'signUp')!;
    expect(signUp.userId).toMatch(/^u-/);

    // The shop's server files a purchase under the user its session names, whatever the body
    // says: a page (this one, or any script on it) naming another user must not be believed.
    const session = (await ctx.cookies()).find((c) => c.name === 'shopSession');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const pay = (purchaseId: string) =>
      page.evaluate(async (id) => {
        const body = { itemIdList: ['sku-1001'], userId: 'u-victim', properties: { purchaseId: id, totalPrice: 1 } };
        const res = await fetch('/shop-api/orders/paid', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return res.status;
      }, purchaseId);
    expect(await pay('NS-SIGNED-IN')).toBe(200);
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in-link');
    expect(await pay('NS-SIGNED-OUT')).toBe(200);
    const after = await demo.waitForState((st) => named(st, 'purchaseComplete').some((e) => e.properties.purchaseId === 'NS-SIGNED-OUT'), 'both purchases');
    const paid = (id: string) => named(after, 'purchaseComplete').find((e) => e.properties.purchaseId === id)!;
    expect(paid('NS-SIGNED-IN')).toMatchObject({ userId: signUp.userId, anonymousId });
    expect(paid('NS-SIGNED-OUT')).toMatchObject({ anonymousId });
    expect(paid('NS-SIGNED-OUT').userId).toBeUndefined();
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
