/**
 * Closing tabs in each engine: what leaves a closing page, what the next visit sends, and a
 * tab that closes in the middle of a drain on a site without Web Locks.
 */
import { expect } from 'vitest';
import type { Collector, RawRequest } from '../../browser/helpers/collector.js';
import { duplicatesOnlyByMessageId, hasId, quiet, sendMany, traffic, visit } from '../site.js';
import type { Suite } from './index.js';

/** The page's regular requests (JSON), as opposed to what it hands over while hiding (text/plain). */
const regular = (r: RawRequest) => (r.headers['content-type'] ?? '').startsWith('application/json');

/** The closing page's requests: fetch keepalive or sendBeacon (as far as the headers tell), and their sizes. */
function kinds(c: Collector, from: number): string {
  const out: string[] = [];
  for (const r of c.requests.slice(from).filter((x) => x.path === '/api/sdk/events' && x.method === 'POST' && !regular(x))) {
    // A beacon is a no-cors request; the SDK's keepalive fetch is a CORS-simple one.
    const mode = r.headers['sec-fetch-mode'];
    const kind = mode ? (mode === 'no-cors' ? 'beacon' : 'keepalive') : `${r.headers['content-type']}`;
    out.push(`${kind} ${(Buffer.byteLength(r.body) / 1000).toFixed(1)} kB${r.status === 200 ? '' : ` (${r.status || 'no answer'})`}`);
  }
  return out.join(' + ') || 'none';
}

export function unloadTests(s: Suite): void {
  s.check('a tab closed mid-burst: part leaves the closing page, the rest the next visit, duplicates only by messageId', async () => {
    const tab = await s.open();
    await hasId(tab);
    await sendMany(tab, 1000); // stored; the first batch is on its way
    await tab.close();
    await quiet(s.c);
    const closing = { delivered: s.c.unique.size, ...traffic(s.c) };
    const mark = s.c.requests.length;
    await s.open();
    await s.c.waitForUnique(1000, 30_000);
    await quiet(s.c);
    const next = traffic(s.c, mark);
    const duplicates = duplicatesOnlyByMessageId(s.c, 1000);
    s.figure('tab closed mid-burst of 1,000: delivered before the page was gone', `${closing.delivered} (${closing.answered} requests)`);
    s.figure('tab closed mid-burst of 1,000: next visit', `${next.events} deliveries in ${next.answered} requests`);
    s.figure('tab closed mid-burst of 1,000: duplicates by messageId', duplicates);
  });

  s.check('unload with a queue of 1,000: what the closing page hands over, what the next visit re-sends', async () => {
    const tab = await s.open();
    await hasId(tab);
    // The page's regular requests get no answer while it is open: all 1,000 are still queued when it closes.
    s.c.hold = regular;
    await sendMany(tab, 1000);
    await s.c.waitFor((c) => c.held.length === 1, 15_000, 'the first batch in flight');
    const mark = s.c.requests.length;
    await tab.close();
    await quiet(s.c);
    const heldAtClose = s.c.held.length ? 'still open after the page closed' : 'abandoned by the closing page';
    s.c.hold = undefined;
    s.c.release();
    const closing = { delivered: s.c.unique.size, ...traffic(s.c, mark) };
    const handedOver = kinds(s.c, mark);
    const mark2 = s.c.requests.length;
    await s.open();
    await s.c.waitForUnique(1000, 30_000);
    await quiet(s.c);
    const next = traffic(s.c, mark2);
    const duplicates = duplicatesOnlyByMessageId(s.c, 1000);
    const f = (label: string, v: string | number) => s.figure(`unload, 1,000 queued: ${label}`, v);
    f('requests leaving the closing page', `${closing.requests} (${handedOver})`);
    f('bytes leaving the closing page', closing.bytes);
    f('events delivered by the closing page', closing.delivered);
    f("the page's own request in flight", heldAtClose);
    f('next visit: requests', next.answered);
    f('next visit: deliveries', next.events);
    f('duplicates by messageId', duplicates);
    f('deliveries in all for 1,000 events', s.c.raw.length);
  });

  // Without Web Locks, tabs take turns draining through a lease record in IndexedDB. A tab that
  // closes mid-drain leaves its lease behind; until a lease outlives its holder by seconds rather
  // than its full 40 s, this fails in every engine (the next page waited 40 s in Chromium).
  s.check('stale lease: without Web Locks, a tab closed mid-drain does not hold up the next page (delivers within 5 s)', async () => {
    const www = `http://www.sdk.test:${s.c.port}`;
    const tab = await s.open({ endpoint: www }, '/', www);
    expect(await tab.evaluate(() => typeof navigator.locks)).toBe('undefined');
    await hasId(tab);
    // The drain's request gets no answer: the tab closes while holding the queue's lease.
    s.c.hold = regular;
    await sendMany(tab, 10);
    await s.c.waitFor((c) => c.held.length === 1, 15_000, 'a drain in flight');
    await tab.close();
    s.c.hold = undefined;
    const t0 = Date.now();
    const next = await visit(s.session, www + '/');
    await next.evaluate(() => window.novin!.event.send({ name: 'search', properties: { searchQuery: 'next page' } } as never));
    s.figure('stale lease: the next page delivered after (ms)', 'nothing within 5 s');
    await s.c.waitFor(
      (c) => [...c.unique.values()].some((e) => (e.properties as { searchQuery?: string }).searchQuery === 'next page'),
      5_000,
      "the next page's event within 5 s (a closed tab's lease still blocks delivery)",
    );
    s.figure('stale lease: the next page delivered after (ms)', Date.now() - t0);
    await s.c.waitForUnique(11);
  });
}
