/**
 * Device clocks that jump (manual changes, NTP corrections), in real Chromium with the built
 * files: an init script lets each test move the page's wall clock (Date, Date.now) while
 * timers and the monotonic clock run on, and counts the timers the page sets.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newPage, useBrowser } from './helpers/browser.js';
import type { Collector } from './helpers/collector.js';

let collector: Collector;
let ctx: BrowserContext;

useBrowser((s) => ({ collector, ctx } = s));

declare global {
  interface Window {
    setSkew(ms: number): void;
    timers: number;
  }
}

const DAY = 86_400_000;

/** The page's wall clock runs `skew` ms off the real one; window.timers counts setTimeout calls. */
const MOVABLE_CLOCK = `(() => {
  const Real = Date;
  let skew = 0;
  class MovedDate extends Real {
    constructor(...a) { if (a.length) super(...a); else super(Real.now() + skew); }
    static now() { return Real.now() + skew; }
  }
  window.Date = MovedDate;
  window.setSkew = (ms) => { skew = ms; };
  const set = window.setTimeout;
  window.timers = 0;
  window.setTimeout = function () { window.timers++; return set.apply(this, arguments); };
})();`;

async function open(config: Record<string, unknown> = {}): Promise<{ page: Page; errors: string[] }> {
  const conf = JSON.stringify({ projectId: 'p1', endpoint: collector.url, flushInterval: 50, ...config });
  collector.pages['/'] = `<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>window.errs = []; window.novinConfig = Object.assign(${conf}, { onError: function (e) { errs.push({ kind: e.kind, message: e.message }); } });</script>
<script src="/novinSDK.js"></script></head><body></body></html>`;
  await ctx.addInitScript({ content: MOVABLE_CLOCK });
  const p = await newPage(ctx);
  await p.page.goto(collector.url + '/');
  return p;
}

const sendMany = (p: Page, n: number, tag: string) =>
  p.evaluate(
    ([n, tag]) => Promise.all(Array.from({ length: n }, (_, i) => window.novin!.event.send({ name: 'search', properties: { searchQuery: `${tag}${i}` } } as never))),
    [n, tag] as const,
  );
const hasId = (p: Page) => p.waitForFunction(() => (window.novin as { ids?(): { anonymousId?: string } } | undefined)?.ids?.().anonymousId);
const tagged = (tag: string) => [...collector.unique.values()].filter((e) => String((e.properties as { searchQuery?: string }).searchQuery).startsWith(tag));

describe('clocks that jump', () => {
  it('a clock stepped back 30 days during a backoff: no timer storm, and delivery resumes when the backoff ends', async () => {
    collector.eventFaults.push({ status: 503 });
    const { page: p, errors } = await open();
    await hasId(p);
    await sendMany(p, 5, 'back');
    await collector.waitFor((c) => c.eventRequests().length === 1, 15_000, 'the refused request');
    const before = await p.evaluate((d) => (window.setSkew(-30 * d), window.timers), DAY);
    const t0 = Date.now();
    await collector.waitFor((c) => c.unique.size === 5, 10_000, 'delivery after the backoff');
    const ms = Date.now() - t0;
    const timers = (await p.evaluate(() => window.timers)) - before;
    // The backoff after one failure is at most a second.
    expect(ms).toBeLessThan(5_000);
    expect(timers).toBeLessThan(20);
    expect(errors).toEqual([]);
  });

  it('a settled mark left while the clock was ahead does not stop the unload hand-off', async () => {
    const { page: p } = await open({ flushInterval: 60_000 });
    await hasId(p);
    // Delivered while the clock runs a day ahead: the newest settled key is from "tomorrow".
    await p.evaluate((d) => window.setSkew(d), DAY);
    await sendMany(p, 5, 'ahead');
    await p.evaluate(() => window.novin!.flush());
    await collector.waitForUnique(5);
    // The clock is corrected; the next events wait for the timer, and the tab closes first.
    await p.evaluate(() => window.setSkew(0));
    await sendMany(p, 5, 'after');
    await p.close();
    await collector.waitFor(() => tagged('after').length === 5, 10_000, 'the hand-off of the last events');
  });

  it('a clock jumped forward past maxAgeDays does not expire what the page just stored', async () => {
    // The anonymous id is late: the events wait in the queue while the clock jumps.
    collector.idDelay = 3000;
    const { page: p, errors } = await open();
    await sendMany(p, 5, 'fresh');
    await p.evaluate((d) => window.setSkew(8 * d), DAY);
    await collector.waitForUnique(5, 20_000);
    expect(await p.evaluate(() => (window as unknown as { errs: Array<{ kind: string }> }).errs.filter((e) => e.kind === 'dropped'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('every batch says when it left (sentAt, by the device clock), also the one a closing tab hands over', async () => {
    const { page: p } = await open({ flushInterval: 60_000 });
    await hasId(p);
    await p.evaluate(() => window.setSkew(-3_600_000));
    await sendMany(p, 5, 'page');
    await p.evaluate(() => window.novin!.flush());
    await collector.waitForUnique(5);
    await sendMany(p, 5, 'closing');
    await p.close();
    await collector.waitForUnique(10);
    const reqs = collector.eventRequests();
    expect(reqs.map((r) => r.headers['content-type']?.split(';')[0])).toEqual(['application/json', 'text/plain']);
    for (const r of reqs) {
      expect(r.sentAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // The device is an hour behind: a collector sees the skew from sentAt against its own clock.
      expect(Math.abs(r.at - 3_600_000 - Date.parse(String(r.sentAt)))).toBeLessThan(30_000);
    }
  });
});
