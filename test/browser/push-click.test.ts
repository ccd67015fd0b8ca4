/**
 * Real, trusted notification clicks: Chromium shows notifications through a fake desktop
 * notification server on a private D-Bus, which then "clicks" them. Only a persistent
 * profile gets the click dispatched, so this file runs one persistent context.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ARGS, CHROMIUM } from './helpers/browser.js';
import { startCollector, type Collector } from './helpers/collector.js';
import { startFakeNotifyd, type FakeNotifyd } from './helpers/fake-notifyd.js';
import { pusher, register, reported, sitePage, visitorSaved, workerUrl, type Pusher } from './push.helpers.js';

let collector: Collector;
let nd: FakeNotifyd;
let ctx: BrowserContext;
let profile: string;
let home: Page;
let sw: Pusher;
let anonymousId: string;
const requested: string[] = [];

beforeAll(async () => {
  [collector, nd] = await Promise.all([startCollector(), startFakeNotifyd()]);
  profile = mkdtempSync(join(tmpdir(), 'novin-push-'));
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: nd.address },
  });
  ctx.on('request', (r) => void requested.push(r.url()));
  await ctx.grantPermissions(['notifications'], { origin: collector.url });
  for (const path of ['/home', '/shop', '/landing', '/buy', '/after', '/']) collector.pages[path] = sitePage(collector);
  home = ctx.pages()[0] ?? (await ctx.newPage());
  await home.goto(collector.url + '/home');
  anonymousId = await visitorSaved(home);
  await register(home, workerUrl(collector));
  sw = await pusher(ctx, home, collector.url);
});
afterAll(async () => {
  await ctx?.close();
  await nd?.stop();
  await collector?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});
beforeEach(() => collector.reset());

/** Pushes, waits for the desktop to show it, clicks it (`key` '0' is the first button). */
async function pushAndClick(payload: Record<string, unknown>, key = 'default') {
  await sw.push(payload);
  const n = await nd.waitFor((x) => x.summary === payload.title);
  nd.click(n.id, key);
  return n;
}

describe('notificationclick', () => {
  let landing: Page;

  it("opens the notification's page in a new window when no window of the site can show it, and reports the click", async () => {
    const opened = ctx.waitForEvent('page');
    const n = await pushAndClick({ id: 'c-1', title: 'Open me', body: 'new arrivals', url: '/landing?n=1' });
    expect(n.body).toContain('new arrivals');
    landing = await opened;
    await landing.waitForURL(collector.url + '/landing?n=1');
    const ev = await reported(collector, 'notificationClicked', { notificationId: 'c-1' });
    expect(ev.properties).toEqual({ notificationId: 'c-1' });
    expect(ev.anonymousId).toBe(anonymousId);
    // Closed on click: it no longer shows.
    await expect.poll(() => home.evaluate(async () => (await (await navigator.serviceWorker.getRegistration('/'))!.getNotifications({ tag: 'c-1' })).length)).toBe(0);
  });

  it('focuses a window already at the URL, else takes a window of the site there', async () => {
    const pages = ctx.pages().length;
    const visited: string[] = [];
    landing.on('framenavigated', (f) => void (f === landing.mainFrame() && visited.push(f.url())));
    await pushAndClick({ id: 'c-2', title: 'Already open', url: '/landing?n=1#reviews' });
    await reported(collector, 'notificationClicked', { notificationId: 'c-2' });
    // The window opened by the first click is controlled by the worker: it is taken to the next page.
    await pushAndClick({ id: 'c-3', title: 'Elsewhere', url: '/after' });
    await landing.waitForURL(collector.url + '/after');
    // The worker handles clicks in order: had the first one opened or navigated, it would show by now.
    expect(visited).toEqual([collector.url + '/after']);
    expect(ctx.pages().length).toBe(pages);
  });

  it("follows a button's own URL and reports the button's action", async () => {
    const n = await pushAndClick(
      { id: 'c-4', title: 'Two buttons', url: '/landing?n=4', actions: [{ action: 'buy', title: 'Buy now', url: '/buy?sku=9' }, { action: 'later', title: 'Later' }] },
      '0',
    );
    expect(n.actions).toEqual(expect.arrayContaining(['0', 'Buy now', '1', 'Later']));
    await landing.waitForURL(collector.url + '/buy?sku=9');
    const ev = await reported(collector, 'notificationClicked', { notificationId: 'c-4' });
    expect(ev.properties).toEqual({ notificationId: 'c-4', action: 'buy' });
  });

  it('never opens a cross-origin URL: a window of the site is taken to the site root instead', async () => {
    const shop = await ctx.newPage();
    await shop.goto(collector.url + '/shop');
    expect(await shop.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    for (const p of ctx.pages()) if (p.url().includes('/landing') || p.url().includes('/after') || p.url().includes('/buy')) await p.close();
    await pushAndClick({ id: 'c-5', title: 'Phish', url: 'https://evil.example/login' });
    await reported(collector, 'notificationClicked', { notificationId: 'c-5' });
    await shop.waitForURL(collector.url + '/');
    expect(requested.filter((u) => u.includes('evil.example'))).toEqual([]);
  });

  it('leaves notifications it did not show to other handlers', async () => {
    await home.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration('/');
      await reg!.showNotification('Not ours', { body: 'shown by the site', data: { site: true } });
    });
    const n = await nd.waitFor((x) => x.summary === 'Not ours');
    const pages = ctx.pages().length;
    nd.click(n.id);
    // A click on ours that follows is reported alone, and nothing was opened for the foreign one.
    await pushAndClick({ id: 'c-6', title: 'Ours after', url: '/home' });
    await reported(collector, 'notificationClicked', { notificationId: 'c-6' });
    const clicks = [...collector.unique.values()].filter((e) => e.name === 'notificationClicked');
    expect(clicks.map((e) => (e.properties as { notificationId: string }).notificationId)).toEqual(['c-6']);
    expect(ctx.pages().length).toBe(pages);
  });
});

describe('notificationclose', () => {
  it('reports a dismissed notification', async () => {
    await sw.push({ id: 'd-1', title: 'Dismiss me' });
    const n = await nd.waitFor((x) => x.summary === 'Dismiss me');
    nd.dismiss(n.id);
    const ev = await reported(collector, 'notificationClosed', { notificationId: 'd-1' });
    expect(ev.anonymousId).toBe(anonymousId);
  });
});
