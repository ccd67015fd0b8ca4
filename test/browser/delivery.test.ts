/**
 * "Never lose an event" in real Chromium with the built dist/novinSDK.js: offline periods,
 * closed tabs, collector outages, several tabs, a late anonymous id, broken IndexedDB and
 * hostile input. Each scenario counts what a recording collector received; the counts go to
 * test-output/delivery-table.md.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkEvent } from '../../src/events/validate.js';
import { launch, newPage, outputPath } from './helpers/browser.js';
import { startCollector, type Collector } from './helpers/collector.js';

declare global {
  interface Window {
    errs: Array<{ kind: string; count?: number; status?: number }>;
  }
}

let browser: Browser;
let collector: Collector;
let ctx: BrowserContext;
const rows: string[] = [];

/** A page with the script-tag SDK; onError hooks collect what the SDK reported. */
function page(config: Record<string, unknown> = {}): string {
  const conf = JSON.stringify({ projectId: 'p1', endpoint: collector.url, flushInterval: 50, ...config });
  return `<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>window.errs = []; window.novinConfig = Object.assign(${conf}, { onError: function (e) { errs.push({ kind: e.kind, count: e.count, status: e.status }); } });</script>
<script src="/novinSDK.js"></script></head><body></body></html>`;
}

/** Opens the site; `config` undefined keeps the page the test set up before (a reopened site). */
async function open(config?: Record<string, unknown>, path = '/'): Promise<{ page: Page; errors: string[] }> {
  if (config || !collector.pages[path]) collector.pages[path] = page(config);
  const p = await newPage(ctx);
  await p.page.goto(collector.url + path);
  return p;
}

/** Sends n search events from the page in one task; resolves when send() resolved for all. */
function sendMany(p: Page, n: number, from = 0, pad = 0): Promise<unknown> {
  return p.evaluate(
    ([n, from, pad]) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          window.novin!.event.send({ name: 'search', properties: { searchQuery: `q${from + i}${'x'.repeat(pad)}` } } as never),
        ),
      ),
    [n, from, pad],
  );
}

/** True once the SDK's IndexedDB queue holds no events (run in the page). */
const queueEmpty = () =>
  new Promise<boolean>((resolve) => {
    const open = indexedDB.open('novin');
    open.onsuccess = () => {
      const db = open.result;
      const count = db.transaction('kv').objectStore('kv').count(IDBKeyRange.bound('e:', 'e;'));
      count.onsuccess = () => (db.close(), resolve(count.result === 0));
    };
    open.onerror = () => resolve(false);
  });

/** Waits until the collector has heard nothing for `ms`: the only way to see that nothing more comes. */
const quiet = (ms = 500) =>
  collector.waitFor((c) => Date.now() - (c.requests.at(-1)?.at ?? 0) > ms, 10_000, `${ms} ms of quiet`);

const hasId = (p: Page) => p.waitForFunction(() => (window.novin as { ids?(): { anonymousId?: string } }).ids?.().anonymousId);

/** Records a table row, once the collector holds exactly the events that should arrive. */
function row(scenario: string, sent: number, extra = '', delivered = sent) {
  expect(collector.unique.size).toBe(delivered);
  const reqs = collector.eventRequests().length;
  rows.push(`| ${scenario} | ${sent} | ${collector.unique.size} | ${collector.raw.length} | ${reqs} | ${extra} |`);
}

/** Every delivered event is one the SDK accepted, complete and valid at the collector. */
function expectValidAtCollector() {
  for (const e of collector.raw) expect(checkEvent(e, 'collector').errors).toEqual([]);
}

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  writeFileSync(
    outputPath('delivery-table.md'),
    ['| scenario | events sent | unique delivered | raw deliveries | requests | notes |', '|---|---|---|---|---|---|', ...rows, ''].join('\n'),
  );
});
// A collector per test: a closing context's last beacons cannot land in the next test's counts.
beforeEach(async () => {
  collector = await startCollector();
  ctx = await browser.newContext();
  return async () => {
    await ctx.close();
    await collector.close();
  };
});

describe('delivery in Chromium', () => {
  it('batching: a burst of 200 sends, then 1,000, use few requests', async () => {
    const { page: p, errors } = await open({ flushInterval: 1000 });
    await hasId(p);
    await sendMany(p, 200);
    await collector.waitForUnique(200);
    expect(collector.eventRequests().length).toBeLessThanOrEqual(2);
    row('burst of 200 sends', 200);

    collector.reset();
    const t0 = Date.now();
    await sendMany(p, 1000, 1000);
    await collector.waitForUnique(1000);
    const ms = Date.now() - t0;
    expect(collector.eventRequests().length).toBeLessThanOrEqual(3);
    expect(collector.raw.length).toBe(1000);
    expect(errors).toEqual([]);
    row('burst of 1,000 sends', 1000, `all delivered ${ms} ms after the burst began`);
  });

  it('offline: events arrive exactly once after going online, also across a closed tab', async () => {
    const { page: p } = await open();
    await hasId(p);
    await ctx.setOffline(true);
    await sendMany(p, 20);
    await ctx.setOffline(false); // the 'online' event wakes delivery at once
    await collector.waitForUnique(20);

    await ctx.setOffline(true);
    await sendMany(p, 20, 20);
    await p.close();
    await ctx.setOffline(false);
    await open();
    await collector.waitForUnique(40);
    expect(collector.raw.length).toBe(40);
    expectValidAtCollector();
    row('offline, then online; offline, tab closed, site reopened', 40);
  });

  it('a tab closed right after many sends: everything arrives, now or on the next visit', async () => {
    const { page: p } = await open({ flushInterval: 60_000, batchSize: 500 });
    await hasId(p);
    // ~120 KB: more than one keepalive budget, so part must wait for the next visit.
    await sendMany(p, 400, 0, 200);
    await p.close();
    const atClose = await collector.waitFor((c) => c.unique.size > 0 && c.unique.size, 10_000, 'the unload hand-off');
    await open();
    await collector.waitForUnique(400);
    const unload = collector.eventRequests().filter((r) => r.headers['content-type']?.startsWith('text/plain'));
    expect(unload.length).toBeGreaterThan(0);
    expect(unload.filter((r) => Buffer.byteLength(r.body) > 60_000)).toEqual([]);
    expectValidAtCollector();
    row('tab closed right after 400 sends (~120 KB)', 400, `${atClose} arrived from the closing tab, the rest on the next visit`);
  });

  for (const slow of [false, true])
    it(`a tab closed right after a burst of 1,000 sends${slow ? ' to a slow collector' : ''}: each event arrives, and few twice`, async () => {
      // A slow collector answers 3 s late: the page's own request is still unanswered as the tab closes.
      if (slow) collector.eventDelay = 3000;
      const { page: p } = await open({});
      await hasId(p);
      await sendMany(p, 1000);
      await p.close();
      // What the closing tab got out: its drain's requests and what it handed to the browser.
      await collector.waitFor((c) => c.unique.size > 0 && Date.now() - c.requests.at(-1)!.at > 1000, 15_000, 'the closing tab to go quiet');
      const closing = { unique: collector.unique.size, raw: collector.raw.length, reqs: collector.eventRequests().length };
      collector.eventDelay = 0;
      await open();
      await collector.waitForUnique(1000, 30_000);
      await quiet(1000);
      const seen = new Map<unknown, number>();
      for (const e of collector.raw) seen.set(e.messageId, (seen.get(e.messageId) ?? 0) + 1);
      const most = Math.max(...seen.values());
      row(
        `tab closed right after a burst of 1,000 sends${slow ? ', collector answering 3 s late' : ''}, site reopened`,
        1000,
        `from the closing tab: ${closing.unique} unique in ${closing.raw} deliveries, ${closing.reqs} requests; the next visit re-sent ${collector.raw.length - closing.raw - (1000 - closing.unique)}; most deliveries of one event: ${most}`,
      );
      // Twice at most, but for what was in the page's own request as it closed: that may also
      // go in the hand-off (whether the request got out is unknowable), and then come again.
      expect(most).toBeLessThanOrEqual(3);
      expectValidAtCollector();
    });

  it('a tab closed after the collector answered, before IndexedDB forgot the events: the next visit does not send them again', async () => {
    // On this page only, removals from IndexedDB take 5 s to commit: the tab closes in between,
    // as a real tab may in the few milliseconds a removal takes.
    await ctx.addInitScript(() => {
      if (!location.search.includes('slow-removal')) return;
      const held = new WeakSet<IDBTransaction>();
      const remove = IDBObjectStore.prototype.delete;
      IDBObjectStore.prototype.delete = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
        const req = remove.call(this, key);
        const tx = this.transaction;
        if (!held.has(tx)) {
          held.add(tx);
          const until = performance.now() + 5000;
          const hold = () => {
            if (performance.now() < until) this.get('hold').onsuccess = hold;
          };
          hold();
        }
        return req;
      };
    });
    const first = await open({}, '/');
    await hasId(first.page);
    await first.page.goto(collector.url + '/?slow-removal');
    await hasId(first.page);
    await sendMany(first.page, 20);
    await collector.waitForUnique(20);
    // The answer has been read (and noted) and the removal is pending: the tab closes now.
    await first.page.waitForFunction(() => localStorage.getItem('novin:answered'), undefined, { polling: 10 });
    await first.page.close();
    const next = await open();
    await next.page.waitForFunction(queueEmpty, undefined, { polling: 50 });
    await quiet(1000);
    expect(collector.raw.length).toBe(20);
    row('tab closed between the answer and the removal from IndexedDB (emulated), site reopened', 20, 'the next visit removed the answered events without sending them');
  });

  it('collector 503 for several attempts, then 200: nothing lost', async () => {
    collector.eventFaults.push({ status: 503 }, { status: 503 }, { status: 503 });
    const { page: p } = await open();
    await hasId(p);
    await sendMany(p, 30);
    await collector.waitForUnique(30, 20_000);
    const reqs = collector.eventRequests();
    expect(reqs.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(collector.raw.length).toBe(30);
    row('collector 503 ×3, then 200', 30, 'backoff gaps ' + reqs.slice(1).map((r, i) => r.at - reqs[i].at).join(', ') + ' ms');
  });

  it('429 with Retry-After: no retry sooner', async () => {
    collector.eventFaults.push({ status: 429, headers: { 'retry-after': '2' } });
    const { page: p } = await open();
    await hasId(p);
    await sendMany(p, 10);
    await collector.waitFor((c) => c.eventRequests().length === 1);
    await p.evaluate(() => window.novin!.flush()); // an explicit flush must wait too
    await collector.waitForUnique(10);
    const [first, second] = collector.eventRequests();
    expect(second.at - first.at).toBeGreaterThanOrEqual(2000);
    row('429 with Retry-After: 2', 10, `retried after ${second.at - first.at} ms`);
  });

  it('a batch with one malformed event: the others arrive, the bad one is dropped and reported', async () => {
    collector.rejectEvent = (e) => ((e.properties as { searchQuery?: string })?.searchQuery === 'q3' ? ['searchQuery: refused by test'] : undefined);
    const { page: p } = await open();
    await hasId(p);
    await sendMany(p, 8);
    await collector.waitForUnique(7);
    await p.waitForFunction(() => window.errs.some((e) => e.kind === 'dropped'));
    expect(await p.evaluate(() => window.errs.filter((e) => e.kind === 'dropped'))).toEqual([{ kind: 'dropped', count: 1, status: 200 }]);
    // Nothing is retried: the next send goes out alone.
    await sendMany(p, 1, 100);
    await collector.waitForUnique(8);
    expect(collector.eventRequests().map((r) => r.events.length)).toEqual([8, 1]);
    row('one malformed event in a batch of 8 (+1 later)', 9, '1 rejected, reported as dropped, not retried', 8);
  });

  it('three tabs sending at once: every event once, one anonymous id', async () => {
    collector.pages['/'] = page({ flushInterval: 100 });
    const tabs = await Promise.all([0, 1, 2].map(() => open()));
    await Promise.all(tabs.map((t) => hasId(t.page)));
    await Promise.all(tabs.map((t, i) => sendMany(t.page, 100, i * 100)));
    await collector.waitForUnique(300);
    // Close once the queue is settled: a hiding tab must not re-send what a sibling delivered.
    await tabs[0].page.waitForFunction(queueEmpty, undefined, { polling: 20 });
    await Promise.all(tabs.map((t) => t.page.close()));
    await quiet();
    const anon = new Set(collector.raw.map((e) => e.anonymousId));
    expect(anon.size).toBe(1);
    // The lock: batches never overlap, so regular requests carry each event once.
    const regular = collector.eventRequests().filter((r) => r.headers['content-type']?.startsWith('application/json'));
    const ids = regular.flatMap((r) => r.events.map((e) => e.messageId));
    expect(new Set(ids).size).toBe(ids.length);
    // A closing tab may hand over what it has not seen confirmed (the collector de-duplicates),
    // at most once per event.
    const seen = new Map<unknown, number>();
    for (const e of collector.raw) seen.set(e.messageId, (seen.get(e.messageId) ?? 0) + 1);
    expect(Math.max(...seen.values())).toBeLessThanOrEqual(2);
    row('three tabs × 100 sends, then closed', 300, `${anon.size} anonymous id; ${collector.issuedIds.length} issued`);
  });

  it('anonymous id delayed: events held, then stamped and sent', async () => {
    collector.idDelay = 1500;
    const { page: p } = await open();
    await sendMany(p, 10);
    expect(collector.eventRequests()).toHaveLength(0);
    await collector.waitForUnique(10);
    const id = collector.issuedIds[0];
    expect(collector.raw.every((e) => e.anonymousId === id && e.novinAB === 'B')).toBe(true);
    row('anonymous id delayed 1.5 s', 10);
  });

  it('anonymous id refused across a reload: events held in IndexedDB, then stamped and sent', async () => {
    collector.refuseIds = true;
    const { page: p } = await open();
    await sendMany(p, 10);
    await p.reload();
    await sendMany(p, 5, 10);
    expect(collector.eventRequests()).toHaveLength(0);
    collector.refuseIds = false;
    await collector.waitForUnique(15, 30_000);
    const id = collector.issuedIds[0];
    expect(collector.raw.every((e) => e.anonymousId === id)).toBe(true);
    expect(collector.raw.length).toBe(15);
    row('anonymous id refused, page reloaded, then issued', 15);
  });

  for (const [label, script] of [
    ['throwing', `Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('denied', 'SecurityError'); } });`],
    // A request whose callbacks never fire: the open hangs until the SDK's timeout.
    ['never opening', `IDBFactory.prototype.open = function () { return {}; };`],
  ] as const)
    it(`IndexedDB ${label}: events still delivered`, async () => {
      await ctx.addInitScript({ content: script });
      const { page: p, errors } = await open();
      await hasId(p);
      await sendMany(p, 25);
      await collector.waitForUnique(25, 20_000);
      expect(errors).toEqual([]);
      expect(await p.evaluate(() => window.errs.filter((e) => e.kind === 'storage').length)).toBe(1);
      row(`IndexedDB ${label} (init script)`, 25, 'memory fallback');
    });

  it('hostile input: no throw, no page error, nothing invalid sent', async () => {
    const { page: p, errors } = await open();
    await hasId(p);
    const outcome = await p.evaluate(async () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      const proto = JSON.parse('{"__proto__": {"polluted": true}, "searchQuery": "x"}');
      const bodies: unknown[] = [
        { name: 'custom1', properties: cyclic },
        { name: 'custom2', properties: { n: BigInt(1) } },
        { name: 'search', properties: { searchQuery: 'y'.repeat(5_000_000) } },
        { name: 'search', properties: proto },
        { name: 'custom3', properties: proto },
        Object.create({ name: 'search' }),
        { name: 'constructor' , properties: { toString: 'x' } },
        { name: '__proto__' },
        null,
        'search',
        { name: 'search', messageId: 'forged', anonymousId: 'forged' },
        new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }),
        { name: 'search', properties: { searchQuery: 'fine' } },
      ];
      const results: string[] = [];
      for (const b of bodies) {
        try {
          await window.novin!.event.send(b as never);
          results.push('ok');
        } catch (e) {
          results.push((e as Error).name);
        }
      }
      await window.novin!.flush();
      return { results, polluted: ({} as Record<string, unknown>).polluted };
    });
    expect(outcome.polluted).toBeUndefined();
    const accepted = outcome.results.filter((r) => r === 'ok').length;
    expect(outcome.results.every((r) => r === 'ok' || r === 'NovinError')).toBe(true);
    await collector.waitForUnique(accepted);
    await collector.waitFor((c) => c.raw.some((e) => (e.properties as { searchQuery?: string })?.searchQuery === 'fine'));
    expect(errors).toEqual([]);
    expectValidAtCollector();
    expect(collector.raw.some((e) => e.messageId === 'forged')).toBe(false);
    row('hostile input (13 bodies)', 13, `${accepted} accepted by send(), ${13 - accepted} refused with NovinError`, accepted);
  });
});
