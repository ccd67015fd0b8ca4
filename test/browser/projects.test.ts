/**
 * One origin, several projects or collectors, in real Chromium with the built files: the
 * origin's queue is shared, yet each stored event goes only to the project and collector it
 * was sent for — from pages and from the push worker alike.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newPage, useBrowser } from './helpers/browser.js';
import { startCollector, type Collector, type Fault } from './helpers/collector.js';
import { BLANK, pusher, register, visitorSaved } from './push.helpers.js';

let collector: Collector;
let other: Collector;
let ctx: BrowserContext;

useBrowser((s) => ({ collector, ctx } = s));
beforeAll(async () => void (other = await startCollector()));
afterAll(() => other?.close());
// After the suite's own reset, which closes the last test's pages first.
beforeEach(() => other.reset());

const DOWN: Fault = { status: 503 };

/** A page of the site (always served by `collector`) sending to `endpoint` for `projectId`. */
function page(projectId: string, endpoint: string, config: Record<string, unknown> = {}): string {
  const conf = JSON.stringify({ projectId, endpoint, flushInterval: 50, ...config });
  return `<!doctype html><html><head><meta charset="utf-8"><title>${projectId}</title>
<script>window.novinConfig = ${conf};</script><script src="/novinSDK.js"></script></head><body></body></html>`;
}

async function open(path: string): Promise<Page> {
  const { page: p } = await newPage(ctx);
  await p.goto(collector.url + path);
  await p.waitForFunction(() => (window.novin as { ids?(): { anonymousId?: string } } | undefined)?.ids?.().anonymousId);
  return p;
}

const sendMany = (p: Page, n: number, tag: string) =>
  p.evaluate(
    ([n, tag]) => Promise.all(Array.from({ length: n }, (_, i) => window.novin!.event.send({ name: 'search', properties: { searchQuery: `${tag}${i}` } } as never))),
    [n, tag] as const,
  );

/** The tags ('a', 'b'…) of the events a collector received, with the project each request named. */
const received = (c: Collector) =>
  new Set(c.eventRequests().flatMap((r) => r.events.map((e) => `${r.query.get('projectId')}:${String((e.properties as { searchQuery: string }).searchQuery)[0]}`)));

describe('several projects on one origin', () => {
  for (const shared of [true, false])
    it(`${shared ? 'one collector, two projects' : 'two collectors'}: each project's events reach only its own project and collector`, async () => {
      const b = shared ? collector : other;
      collector.pages['/a'] = page('pa', collector.url);
      collector.pages['/b'] = page('pb', b.url);
      // Project b's collector is refusing for now: its events wait in the origin's queue.
      b.eventFault = (q) => (q.get('projectId') === 'pb' ? DOWN : undefined);
      const pb = await open('/b');
      await sendMany(pb, 10, 'b');
      await b.waitFor((c) => c.eventRequests().some((r) => r.status === 503), 15_000, "project b's refused request");
      // Project a's page drains the same database.
      const pa = await open('/a');
      await sendMany(pa, 10, 'a');
      await collector.waitFor((c) => [...c.unique.values()].filter((e) => (e.properties as { searchQuery: string }).searchQuery.startsWith('a')).length === 10, 15_000, "project a's events");
      b.eventFault = undefined;
      await b.waitFor((c) => c.eventRequests().filter((r) => r.query.get('projectId') === 'pb' && r.status === 200).flatMap((r) => r.events).length >= 10, 20_000, "project b's events");
      expect(received(collector).has('pa:b')).toBe(false);
      expect([...received(collector)].filter((x) => x.startsWith('pa:'))).toEqual(['pa:a']);
      expect([...received(b)].filter((x) => x.startsWith('pb:'))).toEqual(['pb:b']);
      if (!shared) expect(other.eventRequests().every((r) => r.query.get('projectId') === 'pb')).toBe(true);
    });

  it('events stored by the previous version (without a project) are delivered by the page that drains them', async () => {
    collector.pages['/a'] = page('pa', collector.url);
    collector.pages['/blank'] = BLANK;
    const { page: blank } = await newPage(ctx);
    await blank.goto(collector.url + '/blank');
    await blank.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('novin');
          req.onupgradeneeded = () => req.result.createObjectStore('kv');
          req.onsuccess = () => {
            const tx = req.result.transaction('kv', 'readwrite');
            const t = Date.now() - 60_000;
            const e = { name: 'search', properties: { searchQuery: 'legacy' }, time: new Date(t).toISOString(), messageId: crypto.randomUUID() };
            tx.objectStore('kv').put({ k: `e:${t}:1000000old`, e, t, b: JSON.stringify(e).length }, `e:${t}:1000000old`);
            tx.oncomplete = () => (req.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await open('/a');
    await collector.waitFor((c) => [...c.unique.values()].some((e) => (e.properties as { searchQuery: string }).searchQuery === 'legacy'), 15_000, 'the legacy event');
    expect(collector.eventRequests().every((r) => r.query.get('projectId') === 'pa')).toBe(true);
  });

  it("the push worker's Background Sync delivers only its own project's events, with sentAt", async () => {
    collector.pages['/a'] = page('pa', collector.url);
    collector.pages['/b'] = page('pb', other.url);
    collector.pages['/blank'] = BLANK;
    // Both collectors refuse while the pages are open: everything is left to the worker.
    collector.eventFault = () => DOWN;
    other.eventFault = () => DOWN;
    const pb = await open('/b');
    await sendMany(pb, 5, 'b');
    const pa = await open('/a');
    await sendMany(pa, 5, 'a');
    await visitorSaved(pa);
    await register(pa, `/novin-sw.js?projectId=pa&endpoint=${encodeURIComponent(collector.url)}`);
    await pa.close();
    await pb.close();
    // What the closing tabs handed over was refused too; only then may the collectors recover.
    const quiet = (c: Collector) => c.waitFor((x) => Date.now() - (x.requests.at(-1)?.at ?? 0) > 1000, 10_000, 'a quiet second');
    await Promise.all([quiet(collector), quiet(other)]);
    const { page: blank } = await newPage(ctx);
    await blank.goto(collector.url + '/blank');
    collector.eventFault = undefined;
    other.eventFault = undefined;
    const before = other.eventRequests().length;
    const { sync } = await pusher(ctx, blank, collector.url);
    await sync();
    await collector.waitFor((c) => [...c.unique.values()].filter((e) => (e.properties as { searchQuery: string }).searchQuery.startsWith('a')).length === 5, 15_000, "the worker's delivery");
    // The worker's requests went to its own project only, and carry the moment they left.
    expect([...received(collector)]).toEqual(['pa:a']);
    expect(other.eventRequests().length).toBe(before);
    const ok = collector.eventRequests().filter((r) => r.status === 200);
    for (const r of ok) expect(Math.abs(Date.parse(String(r.sentAt)) - r.at)).toBeLessThan(60_000);
    // Project b's events are still stored, for b's next page.
    const pb2 = await open('/b');
    await other.waitFor((c) => c.unique.size === 5, 15_000, "project b's events from its next page");
    await pb2.close();
  });
});
