/**
 * The mock under many events, as a process: memory stays bounded by --max-events, counts stay
 * exact, and an inspector refresh costs what changed, not the whole history.
 *
 * By default 20,000 events against --max-events 2000 (quick). For the figures in the README:
 *   NOVIN_SCALE_EVENTS=100000 npx vitest run test/node/mock-scale.test.ts
 * runs 100,000 events against the default (10,000) and writes test-output/mock-scale-100000.txt.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, api, startMock, type MockProcess } from './helpers/mock-process.js';

const TOTAL = Number(process.env.NOVIN_SCALE_EVENTS ?? 20_000);
const FULL = TOTAL >= 100_000;
const MAX = FULL ? 10_000 : 2000;
const BATCH = 500;

let mock: MockProcess;
beforeAll(async () => {
  mock = await startMock(FULL ? [] : ['--max-events', String(MAX)]);
}, 60_000);
afterAll(async () => {
  await mock?.stop();
});

/** A shop's mix: item views, carts with their item lists, check-outs, searches; 1 in 50 signs up. */
function event(i: number): Record<string, unknown> {
  const visitor = `visitor-${i % 5000}`;
  const base = { anonymousId: visitor, novinAB: i % 2 ? 'A' : 'B', time: new Date(Date.UTC(2026, 10, 28) + i * 1000).toISOString(), messageId: `scale-${i}` };
  const items = Array.from({ length: 3 }, (_, k) => ({ itemId: `sku-${(i + k) % 400}`, itemName: `Green tea no. ${(i + k) % 400}`, itemPrice: 120_000 + k, itemCount: 1 + k }));
  switch (i % 5) {
    case 0:
      return { ...base, name: 'itemView', itemId: `sku-${i % 400}`, properties: { itemName: `Green tea no. ${i % 400}`, itemUrl: `https://shop.example/tea/${i % 400}`, fullUrl: `https://shop.example/tea/${i % 400}?ref=home` } };
    case 1:
      return { ...base, name: 'itemAddToCart', itemId: `sku-${i % 400}`, properties: { itemName: `Green tea no. ${i % 400}`, itemsList: items } };
    case 2:
      return { ...base, name: 'checkOut', itemIdList: items.map((x) => x.itemId), properties: { stepNumber: 1, itemsList: items, totalPrice: 360_003, totalQuantity: 6 } };
    case 3:
      return i % 50 === 3
        ? { ...base, name: 'signUp', userId: `user-${i}`, aggregations: [{ userAggregationfield: 'mobileLead', operation: '+' }] }
        : { ...base, name: 'search', properties: { searchQuery: `tea ${i % 97}`, fullUrl: 'https://shop.example/search' } };
    default:
      return { ...base, name: 'categoryView', categoryId: 'teas', properties: { categoryName: 'Teas', fullUrl: 'https://shop.example/c/teas' } };
  }
}

const rssOf = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

/** Time and bytes of one GET, the way the page fetches it. */
async function timed(path: string): Promise<{ ms: number; bytes: number; body: any }> {
  const t0 = performance.now();
  const res = await fetch(`${mock.url}${path}`);
  const text = await res.text();
  return { ms: performance.now() - t0, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

describe(`the mock after ${TOTAL.toLocaleString('en')} events`, () => {
  it('keeps memory bounded, counts exact, and refreshes the inspector with what changed only', async () => {
    const before = rssOf(mock.proc.pid!);
    const t0 = performance.now();
    for (let from = 0; from < TOTAL; from += BATCH) {
      const events = Array.from({ length: Math.min(BATCH, TOTAL - from) }, (_, k) => event(from + k));
      const res = await api(mock.url, 'POST', '/api/sdk/events?projectId=demo-project', { events, sentAt: new Date().toISOString() });
      expect(res.body.accepted).toBe(events.length);
    }
    const ingestS = (performance.now() - t0) / 1000;
    const after = rssOf(mock.proc.pid!);

    // Counts and totals exact beyond what memory keeps.
    const summary = (await timed('/inspector/summary')).body;
    const signUps = Math.floor((TOTAL - 3 + 49) / 50);
    expect(summary.counts).toMatchObject({ events: TOTAL, refused: 0, byName: { itemView: TOTAL / 5, signUp: signUps } });
    expect(summary).toMatchObject({ maxEvents: MAX, retained: MAX, dropped: { events: TOTAL - MAX } });
    expect(summary.sizes.loyalty).toBe(signUps);

    // The page's first look, then what a poll costs with nothing new and with one new event.
    const first = await timed('/inspector/timeline?limit=100');
    expect(first.body.rows).toHaveLength(100);
    const quiet = await timed(`/inspector/timeline?after=${first.body.last}&since=${first.body.revision}&mark=${first.body.mark}&limit=200`);
    expect(quiet.body.rows).toEqual([]);
    await api(mock.url, 'POST', '/api/sdk/events?projectId=demo-project', { events: [event(TOTAL)] });
    const refresh = await timed(`/inspector/timeline?after=${first.body.last}&since=${first.body.revision}&mark=${first.body.mark}&limit=200`);
    expect(refresh.body.rows.map((r: any) => r.event.messageId)).toEqual([`scale-${TOTAL}`]);
    const visitor = await timed('/inspector/timeline?visitor=visitor-42&limit=100');
    const search = await timed('/inspector/timeline?q=tea%2042&limit=100');
    const state = await timed('/inspector/state');
    expect(state.body.events).toHaveLength(MAX);

    const lines = [
      `novin-mock after ${TOTAL.toLocaleString('en')} events (--max-events ${MAX}), ${new Date().toISOString()}`,
      `  command: NOVIN_SCALE_EVENTS=${TOTAL} npx vitest run test/node/mock-scale.test.ts`,
      `  ingest: ${TOTAL / BATCH} requests of ${BATCH} events in ${ingestS.toFixed(1)} s`,
      `  RSS: ${before.rss.toFixed(0)} MB at start, ${after.rss.toFixed(0)} MB after (peak ${after.peak.toFixed(0)} MB)`,
      `  inspector first load (100 newest rows): ${first.ms.toFixed(1)} ms, ${(first.bytes / 1024).toFixed(1)} KB`,
      `  inspector refresh, nothing new:          ${quiet.ms.toFixed(1)} ms, ${quiet.bytes} B`,
      `  inspector refresh, one new event:        ${refresh.ms.toFixed(1)} ms, ${(refresh.bytes / 1024).toFixed(1)} KB`,
      `  visitor filter (first page):             ${visitor.ms.toFixed(1)} ms, ${(visitor.bytes / 1024).toFixed(1)} KB`,
      `  free-text search (first page):           ${search.ms.toFixed(1)} ms, ${(search.bytes / 1024).toFixed(1)} KB`,
      `  /inspector/state (all retained, for tests): ${state.ms.toFixed(0)} ms, ${(state.bytes / 1024 / 1024).toFixed(1)} MB`,
    ];
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    writeFileSync(join(ROOT, 'test-output', `mock-scale-${TOTAL}.txt`), `${lines.join('\n')}\n`);
    console.log(lines.join('\n'));
    // Margins for a loaded machine: a refresh is a few kilobytes and well under a second.
    expect(refresh.bytes).toBeLessThan(20_000);
    expect(quiet.bytes).toBeLessThan(500);
    expect(refresh.ms).toBeLessThan(1000);
    if (FULL) expect(after.rss).toBeLessThan(400);
  }, FULL ? 900_000 : 180_000);
});
