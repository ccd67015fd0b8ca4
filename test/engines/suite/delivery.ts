/**
 * Delivery in each engine while the page stays open: a burst, a late anonymous id across a
 * reload, a collector outage, the network going away.
 */
import { expect } from 'vitest';
import { hasId, seen, sendMany, until } from '../site.js';
import type { Suite } from './index.js';

export function deliveryTests(s: Suite): void {
  s.check('a burst of 1,000 sends: every event once, in few requests', async () => {
    const tab = await s.open({ flushInterval: 1000 });
    await hasId(tab);
    const t0 = Date.now();
    await sendMany(tab, 1000);
    await s.c.waitForUnique(1000, 30_000);
    const ms = Date.now() - t0;
    expect(s.c.raw.length).toBe(1000);
    expect(s.c.eventRequests().length).toBeLessThanOrEqual(3);
    expect((await seen(tab)).errors).toEqual([]);
    s.figure('burst of 1,000: requests', s.c.eventRequests().length);
    s.figure('burst of 1,000: all delivered after (ms)', ms);
  });

  s.check('events are held until the anonymous id exists, across a reload', async () => {
    s.c.refuseIds = true;
    const tab = await s.open();
    await sendMany(tab, 10);
    const reloaded = Date.now();
    await tab.reload();
    await sendMany(tab, 5, 10);
    await s.c.waitFor((c) => c.requests.some((r) => r.path === '/api/sdk/anonymous-id' && r.at >= reloaded), 15_000, 'an id refused after the reload');
    expect(s.c.eventRequests()).toHaveLength(0);
    s.c.refuseIds = false;
    await s.c.waitForUnique(15, 30_000);
    expect(s.c.raw.length).toBe(15);
    expect(s.c.raw.every((e) => e.anonymousId === s.c.issuedIds[0] && e.novinAB === 'B')).toBe(true);
    expect((await seen(tab)).errors).toEqual([]);
  });

  s.check('an outage, then recovery: nothing lost, nothing twice', async () => {
    const tab = await s.open();
    await hasId(tab);
    s.c.down = true;
    await sendMany(tab, 30);
    // The page saw its request fail (the browser's own retries on a dropped connection are its business).
    await until(tab, 'a failed delivery', () => window.__harness.reported.some((r) => r.kind === 'delivery' && !r.status));
    s.c.down = false;
    const t0 = Date.now();
    await s.c.waitForUnique(30, 20_000);
    expect(s.c.raw.length).toBe(30);
    expect((await seen(tab)).errors).toEqual([]);
    s.figure('outage: delivered after recovery (ms)', Date.now() - t0);
  });

  s.check('offline, then online: delivered when the network is back', async ({ skip }) => {
    const setOffline = s.session.setOffline;
    if (!s.engine.offline || !setOffline) skip(`${s.engine.version} cannot emulate offline through its driver; the outage test covers failing requests`);
    const tab = await s.open();
    await hasId(tab);
    await setOffline!(true);
    expect(await tab.evaluate(() => navigator.onLine)).toBe(false);
    await sendMany(tab, 20);
    await setOffline!(false); // the 'online' event wakes delivery at once
    await s.c.waitForUnique(20);
    expect(s.c.raw.length).toBe(20);
    expect((await seen(tab)).errors).toEqual([]);
  });
}
