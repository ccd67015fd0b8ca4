/**
 * The push worker and novin.push in real Chromium: pushes delivered through the DevTools
 * protocol, Background Sync dispatched the same way, and the push service stood in for by a
 * stubbed PushManager in the page (there is no push service offline).
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { newPage, useBrowser } from './helpers/browser.js';
import type { Collector } from './helpers/collector.js';
import { BLANK, notifications, pusher, register, reported, sitePage, vapidKey, visitorSaved, workerUrl } from './push.helpers.js';

let collector: Collector;
let ctx: BrowserContext;

useBrowser((s) => ({ collector, ctx } = s));

/** A site page whose visitor is known, with our worker registered and notifications allowed. */
async function site() {
  collector.pages['/'] = sitePage(collector);
  await ctx.grantPermissions(['notifications'], { origin: collector.url });
  const { page, errors } = await newPage(ctx);
  await page.goto(collector.url + '/');
  const anonymousId = await visitorSaved(page);
  await register(page, workerUrl(collector));
  return { page, errors, anonymousId, ...(await pusher(ctx, page, collector.url)) };
}

/** Events in the queue's database (run in a page of the site). */
const queued = () =>
  new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('novin');
    open.onsuccess = () => {
      const count = open.result.transaction('kv').objectStore('kv').count(IDBKeyRange.bound('e:', 'e;'));
      count.onsuccess = () => (open.result.close(), resolve(count.result));
      count.onerror = () => reject(count.error);
    };
    open.onerror = () => reject(open.error);
  });

describe('push', () => {
  it('shows a push, tagged with its id, and reports it as the visitor; a repeat replaces it', async () => {
    const { page, push, anonymousId, errors } = await site();
    await push({ id: 'm-1', title: 'Saffron sale', body: 'Half price today', url: '/sale', data: { campaign: 7 } });
    const ev = await reported(collector, 'notificationReceived', { notificationId: 'm-1' });
    expect(ev).toMatchObject({ anonymousId, novinAB: 'B' });
    expect(ev.properties).toEqual({ notificationId: 'm-1' });
    expect(collector.eventRequests().every((r) => r.query.get('projectId') === 'p1')).toBe(true);
    expect(await notifications(page)).toEqual([
      {
        title: 'Saffron sale',
        body: 'Half price today',
        tag: 'm-1',
        data: { novin: { id: 'm-1', url: collector.url + '/sale' }, data: { campaign: 7 } },
      },
    ]);

    await push({ id: 'm-1', title: 'Saffron sale (updated)' });
    await expect.poll(async () => (await notifications(page)).map((n) => n.title)).toEqual(['Saffron sale (updated)']);
    expect(errors).toEqual([]);
  });

  it('shows a fallback for a malformed push and reports it as malformed', async () => {
    const { page, push } = await site();
    await push('this is not JSON');
    const ev = await reported(collector, 'notificationReceived', { malformed: true });
    expect(ev.properties).toEqual({ notificationId: '', malformed: true });
    const shown = await notifications(page);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: new URL(collector.url).host, tag: 'novin-malformed' });
    expect(shown[0].body).toBeTruthy();

    // A readable id survives in the tag and the report even when the title is missing.
    await push({ id: 'm-2', body: 'no title' });
    await reported(collector, 'notificationReceived', { notificationId: 'm-2', malformed: true });
    await expect.poll(async () => (await notifications(page)).map((n) => n.tag).sort()).toEqual(['m-2', 'novin-malformed']);
  });
});

describe("a site's own worker that imports ours", () => {
  it('takes its settings from self.novinConfig, keeps the site\'s listeners running, and is used by novin.push as is', async () => {
    collector.pages['/site-sw.js'] = `self.novinConfig = { projectId: 'p1', endpoint: ${JSON.stringify(collector.url)} };
importScripts('/novin-sw.js');
self.addEventListener('push', (e) => e.waitUntil(fetch('/site-listener-ran')));`;
    collector.pages['/'] = sitePage(collector, { push: { vapidPublicKey: vapidKey(), workerPath: '/site-sw.js' } });
    await ctx.grantPermissions(['notifications'], { origin: collector.url });
    const { page, errors } = await newPage(ctx);
    await page.goto(collector.url + '/');
    const anonymousId = await visitorSaved(page);
    await register(page, '/site-sw.js');
    const { push } = await pusher(ctx, page, collector.url);
    await push({ id: 'i-1', title: 'Imported' });
    const ev = await reported(collector, 'notificationReceived', { notificationId: 'i-1' });
    expect(ev.anonymousId).toBe(anonymousId);
    expect(collector.eventRequests()[0].query.get('projectId')).toBe('p1');
    await collector.waitFor((c) => c.requests.some((r) => r.path === '/site-listener-ran'), 15_000, "the site's own push listener");
    expect((await notifications(page)).map((n) => n.title)).toEqual(['Imported']);
    // Subscribing goes ahead on the site's registration without re-registering it.
    await page.evaluate(() => {
      PushManager.prototype.subscribe = async () =>
        ({ endpoint: 'https://push.invalid/i', options: {}, toJSON: () => ({ endpoint: 'https://push.invalid/i', keys: { p256dh: 'p', auth: 'a' } }) }) as unknown as PushSubscription;
    });
    expect(await page.evaluate(() => window.novin!.push.subscribe())).toBe('subscribed');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/'))!.active!.scriptURL)).toBe(collector.url + '/site-sw.js');
    expect(errors).toEqual([]);
  });
});

describe('background sync', () => {
  it('delivers events a closed page left behind, from the worker', async () => {
    collector.pages['/'] = sitePage(collector);
    collector.pages['/blank'] = BLANK;
    const fromWorker: string[] = [];
    ctx.on('request', (r) => void (r.serviceWorker() && r.url().includes('/api/sdk/events') && fromWorker.push(r.url())));
    // The collector is down for anonymous ids: the page keeps its events, as SPEC §3 says, and closes.
    collector.refuseIds = true;
    const first = await ctx.newPage();
    await first.goto(collector.url + '/');
    await first.evaluate(() =>
      Promise.all([1, 2, 3].map((i) => window.novin!.event.send({ name: 'search', properties: { searchQuery: `left-${i}` } } as never))),
    );
    await first.close();
    expect(collector.unique.size).toBe(0);

    // Another tab got the visitor's id later and closed too; no page of the site is open now.
    const blank = await ctx.newPage();
    await blank.goto(collector.url + '/blank');
    await blank.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('novin');
          open.onsuccess = () => {
            const tx = open.result.transaction('kv', 'readwrite');
            tx.objectStore('kv').put({ anonymousId: 'anon-late', novinAB: 'A' }, 'visitor');
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await register(blank, workerUrl(collector));
    const { sync } = await pusher(ctx, blank, collector.url);
    await sync();
    await collector.waitForUnique(3);
    const events = [...collector.unique.values()];
    expect(events.map((e) => (e.properties as { searchQuery: string }).searchQuery).sort()).toEqual(['left-1', 'left-2', 'left-3']);
    expect(events.every((e) => e.anonymousId === 'anon-late' && e.novinAB === 'A')).toBe(true);
    // Playwright may report the worker's request after the collector has answered it.
    await expect.poll(() => fromWorker.length).toBeGreaterThan(0);
  });

  it('left by a page whose send failed offline: back online, the worker delivers exactly once, with no page open', async () => {
    collector.pages['/'] = sitePage(collector);
    collector.pages['/blank'] = BLANK;
    const fromWorker: string[] = [];
    ctx.on('request', (r) => void (r.serviceWorker() && r.url().includes('/api/sdk/events') && fromWorker.push(r.url())));
    const { page, errors } = await newPage(ctx);
    await page.goto(collector.url + '/');
    await visitorSaved(page);
    await register(page, workerUrl(collector));

    await ctx.setOffline(true);
    await page.evaluate(() =>
      Promise.all([1, 2, 3].map((i) => window.novin!.event.send({ name: 'search', properties: { searchQuery: `offline-${i}` } } as never))),
    );
    // The page's first drain failed for want of a network and left the worker a sync.
    const tags = () =>
      page.evaluate(async () => ((await navigator.serviceWorker.getRegistration()) as unknown as { sync: { getTags(): Promise<string[]> } }).sync.getTags());
    await expect.poll(tags, { timeout: 5000 }).toEqual(['novin-flush']);
    expect(errors).toEqual([]);
    await page.close();
    expect(ctx.pages()).toEqual([]);
    const closedAt = Date.now();

    await ctx.setOffline(false);
    await collector.waitForUnique(3);
    expect(collector.eventRequests().every((r) => r.at >= closedAt)).toBe(true);
    // Once the queue is empty the worker has nothing left to send: what arrived is all that ever will.
    const blank = await ctx.newPage();
    await blank.goto(collector.url + '/blank');
    await expect.poll(() => blank.evaluate(queued), { timeout: 5000 }).toBe(0);
    expect(collector.raw.map((e) => (e.properties as { searchQuery: string }).searchQuery).sort()).toEqual(['offline-1', 'offline-2', 'offline-3']);
    await expect.poll(() => fromWorker.length).toBe(collector.eventRequests().length);
  });
});

describe('novin.push', () => {
  const KEY = vapidKey();

  /** Stands in for the push service: the browser's subscription lives in localStorage across reloads. */
  async function stubPushService() {
    await ctx.addInitScript(() => {
      const make = (endpoint: string) => ({
        endpoint,
        expirationTime: null,
        options: { applicationServerKey: null, userVisibleOnly: true },
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'p256dh-' + endpoint.slice(-3), auth: 'auth' } }),
        unsubscribe: async () => (localStorage.removeItem('stub-sub'), true),
      });
      PushManager.prototype.subscribe = async function () {
        localStorage.setItem('stub-sub', localStorage.getItem('stub-next') ?? 'https://push.invalid/one');
        return make(localStorage.getItem('stub-sub')!) as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async function () {
        const e = localStorage.getItem('stub-sub');
        return (e ? make(e) : null) as unknown as PushSubscription;
      };
    });
  }
  const uploads = (c: Collector) => c.requests.filter((r) => r.path === '/api/sdk/push-subscriptions');

  it('subscribes, uploads as the visitor, re-uploads a changed subscription on a later page load, and unsubscribes', async () => {
    await stubPushService();
    await ctx.grantPermissions(['notifications'], { origin: collector.url });
    collector.pages['/'] = sitePage(collector, { push: { vapidPublicKey: KEY, urlAllowlist: ['https://blog.example.org'] } });
    const { page, errors } = await newPage(ctx);
    await page.goto(collector.url + '/');
    const anonymousId = await visitorSaved(page);

    expect(await page.evaluate(() => [window.novin!.push.isSupported(), window.novin!.push.permission()])).toEqual([true, 'granted']);
    // A push site fetches the push module right after load, before any click needs it.
    await collector.waitFor((c) => c.requests.some((r) => r.path === '/novin-push.js'), 10_000, 'the push module');
    expect(await page.evaluate(() => window.novin!.push.subscribe())).toBe('subscribed');
    const first = await collector.waitFor((c) => uploads(c)[0], 15_000, 'the subscription upload');
    expect(first.method).toBe('POST');
    expect(first.query.get('projectId')).toBe('p1');
    expect(JSON.parse(first.body)).toEqual({
      subscription: { endpoint: 'https://push.invalid/one', expirationTime: null, keys: { p256dh: 'p256dh-one', auth: 'auth' } },
      anonymousId,
    });
    const scriptURL = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/'))!.active!.scriptURL);
    const q = new URL(scriptURL).searchParams;
    expect(new URL(scriptURL).pathname).toBe('/novin-sw.js');
    expect([q.get('projectId'), q.get('endpoint'), q.get('allow')]).toEqual(['p1', collector.url, 'https://blog.example.org']);
    expect(q.get('v')).toMatch(/^\d+\.\d+\.\d+/);

    // The browser swapped the subscription without telling anyone (Chrome rarely fires pushsubscriptionchange).
    await page.evaluate(() => localStorage.setItem('stub-sub', 'https://push.invalid/two'));
    await page.reload();
    const second = await collector.waitFor((c) => uploads(c)[1], 15_000, 'the re-upload');
    expect(JSON.parse(second.body)).toMatchObject({
      subscription: { endpoint: 'https://push.invalid/two' },
      anonymousId,
      replaces: 'https://push.invalid/one',
    });

    expect(await page.evaluate(() => window.novin!.push.unsubscribe())).toBe(true);
    const gone = await collector.waitFor((c) => uploads(c)[2], 15_000, 'the removal');
    expect(gone.method).toBe('DELETE');
    expect(JSON.parse(gone.body)).toEqual({ endpoint: 'https://push.invalid/two' });
    expect(await page.evaluate(() => (window as unknown as { errs: unknown[] }).errs)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('uploads the subscription again when the visitor signs in or out, and not when nothing changed', async () => {
    await stubPushService();
    await ctx.grantPermissions(['notifications'], { origin: collector.url });
    collector.pages['/'] = sitePage(collector, { push: { vapidPublicKey: KEY } });
    const { page, errors } = await newPage(ctx);
    await page.goto(collector.url + '/');
    const anonymousId = await visitorSaved(page);
    expect(await page.evaluate(() => window.novin!.push.subscribe())).toBe('subscribed');
    await collector.waitFor((c) => uploads(c)[0], 15_000, 'the subscription upload');

    // Signing in keeps the page and the subscription; only who it belongs to changes.
    await page.evaluate(() => window.novin!.identify('user-7'));
    const signedIn = await collector.waitFor((c) => uploads(c)[1], 15_000, 'the upload as the signed-in user');
    expect(JSON.parse(signedIn.body)).toEqual({
      subscription: { endpoint: 'https://push.invalid/one', expirationTime: null, keys: { p256dh: 'p256dh-one', auth: 'auth' } },
      anonymousId,
      userId: 'user-7',
    });

    // Same subscription, same visitor: nothing to upload, so the next upload is the changed subscription's.
    await page.reload();
    expect(await page.evaluate(() => window.novin!.push.subscribe())).toBe('subscribed'); // a check the worker surely gets
    await page.evaluate(() => localStorage.setItem('stub-sub', 'https://push.invalid/two'));
    await page.reload();
    const changed = await collector.waitFor((c) => uploads(c)[2], 15_000, 'the re-upload of the changed subscription');
    expect(JSON.parse(changed.body)).toMatchObject({ subscription: { endpoint: 'https://push.invalid/two' }, userId: 'user-7', replaces: 'https://push.invalid/one' });

    await page.evaluate(() => window.novin!.identify(null));
    const signedOut = await collector.waitFor((c) => uploads(c)[3], 15_000, 'the upload after signing out');
    expect(JSON.parse(signedOut.body)).toEqual({ subscription: expect.objectContaining({ endpoint: 'https://push.invalid/two' }), anonymousId });
    expect(uploads(collector).map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'POST']);
    expect(await page.evaluate(() => (window as unknown as { errs: unknown[] }).errs)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('does not ask for permission outside a user gesture', async () => {
    // Playwright's evaluate counts as a gesture; a script running at load does not.
    collector.pages['/'] = sitePage(collector, { push: { vapidPublicKey: KEY } }).replace(
      '</body>',
      '<script>window.atLoad = [novin.push.permission(), novin.push.subscribe()];</script></body>',
    );
    const { page } = await newPage(ctx);
    await page.goto(collector.url + '/');
    const [permission, state] = await page.evaluate(() => Promise.all((window as unknown as { atLoad: unknown[] }).atLoad));
    expect(permission).toBe('default');
    expect(state).toBe('needs-gesture');
    expect(await page.evaluate(() => Notification.permission)).toBe('default');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  });

  it("refuses to replace the site's own worker and says how to import ours", async () => {
    await stubPushService();
    await ctx.grantPermissions(['notifications'], { origin: collector.url });
    collector.pages['/site-sw.js'] = "self.addEventListener('push', () => {});";
    collector.pages['/'] = sitePage(collector, { push: { vapidPublicKey: KEY } });
    const { page } = await newPage(ctx);
    await page.goto(collector.url + '/');
    await register(page, '/site-sw.js');
    expect(await page.evaluate(() => window.novin!.push.subscribe())).toBe('blocked');
    const errs = await page.evaluate(() => (window as unknown as { errs: Array<{ kind: string; message: string }> }).errs);
    expect(errs).toHaveLength(1);
    expect(errs[0].kind).toBe('push');
    expect(errs[0].message).toContain("importScripts('/novin-sw.js')");
    expect(errs[0].message).toContain('/site-sw.js');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/'))!.active!.scriptURL)).toBe(collector.url + '/site-sw.js');
  });
});
