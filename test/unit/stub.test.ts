/**
 * The README's stub (examples/shop/stub.js) records calls made before novinSDK.js loads;
 * the script-tag entry must replay them in order into the real SDK, settle each recorded
 * promise with the real outcome, and never leave a refused call as an unhandled rejection.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Node's path helpers: under happy-dom, URL is the DOM's and refuses file: URLs.
const STUB_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../examples/shop/stub.js');
const STUB = readFileSync(STUB_FILE, 'utf8');
const runStub = () => new Function(STUB)();

type Stubbed = { q: unknown[][]; event: { send(b: unknown): Promise<void> }; identify(id: string | null): Promise<void>; flush(): Promise<void> };

/** A fetch double standing in for the collector: issues an anonymous id, keeps every event in arrival order. */
function collector() {
  const events: Array<Record<string, any>> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const path = new URL(url).pathname;
    if (path === '/api/sdk/anonymous-id') return Response.json({ anonymousId: 'anon-1', novinAB: 'B' });
    if (path === '/api/sdk/events') {
      const batch = JSON.parse(String(init.body)).events as Array<Record<string, any>>;
      for (const e of batch) if (!events.some((x) => x.messageId === e.messageId)) events.push(e);
      return Response.json({ status: 'ok', accepted: batch.length, duplicates: 0, rejected: [] });
    }
    return new Response(null, { status: 404 });
  });
  return events;
}

async function until(check: () => boolean, what: string) {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
}

afterAll(() => {
  vi.unstubAllGlobals();
});

describe('the stub', () => {
  it('leaves an installed novin alone', () => {
    const real = { version: '1.0.0' };
    (window as any).novin = real;
    runStub();
    expect(window.novin).toBe(real);
    delete (window as any).novin;
  });

  it('records calls with their arguments, when and where they were made, and answers a promise for each', () => {
    runStub();
    const stub = window.novin as unknown as Stubbed;
    const before = Date.now();
    const p = stub.event.send({ name: 'search', properties: { searchQuery: 'x' } });
    stub.identify('u-9');
    expect(p).toBeInstanceOf(Promise);
    expect(stub.q.map(([path, args]) => [path, args])).toEqual([
      ['event.send', [{ name: 'search', properties: { searchQuery: 'x' } }]],
      ['identify', ['u-9']],
    ]);
    for (const call of stub.q) {
      expect(call[4]).toBeGreaterThanOrEqual(before);
      expect(call[4]).toBeLessThanOrEqual(Date.now());
      expect(call[5]).toBe(location.href);
    }
    delete (window as any).novin;
  });

  it('is replayed in order into the real SDK when novinSDK.js loads', async () => {
    const events = collector();
    // happy-dom has no isSecureContext; every browser the SDK supports has.
    if (!('isSecureContext' in globalThis)) vi.stubGlobal('isSecureContext', true);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    runStub();
    const stub = window.novin as unknown as Stubbed;
    const calls = [
      stub.event.send({ name: 'search', properties: { searchQuery: 'kettle' } }),
      // pageView is refused without a userId: it passes only if identify ran before it.
      stub.identify('u-1'),
      stub.event.send({ name: 'pageView' }),
      stub.event.send({ name: 'signOut' }),
      stub.event.send({ name: 'search', properties: { searchQuery: 'after' } }),
    ];
    const refused = stub.event.send({ name: 'itemView' });
    // Nobody awaits this one: its rejection must not surface as unhandled.
    stub.event.send({ name: 'categoryView' });
    window.novinConfig = { projectId: 'p1', endpoint: 'https://shop.example.com', flushInterval: 10 };

    await import('../../src/global.js');

    expect((window.novin as { version?: string }).version).toBeTruthy();
    // Every recorded call settles as the real one does: send() and identify() resolve to nothing.
    await expect(Promise.all(calls)).resolves.toStrictEqual([undefined, undefined, undefined, undefined, undefined]);
    await expect(refused).rejects.toThrow(/itemView.*itemId/);
    await until(() => events.length >= 4, 'four delivered events');
    expect(events.map((e) => [e.name, e.userId])).toEqual([
      ['search', undefined],
      ['pageView', 'u-1'],
      ['signOut', 'u-1'],
      ['search', undefined],
    ]);
    for (const e of events) expect(e.anonymousId).toBe('anon-1');
    await new Promise((r) => setTimeout(r, 0));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it('still replays the calls of an older stub, which recorded neither time nor address', async () => {
    const events = collector();
    delete (window as any).novin;
    // The stub as it shipped before: each call is [path, args, resolve, reject].
    const q: unknown[][] = [];
    const record = (path: string) => (...args: unknown[]) => new Promise((ok, fail) => q.push([path, args, ok, fail]));
    (window as any).novin = { q, event: { send: record('event.send') }, identify: record('identify') };
    const before = Date.now();
    const sent = (window as any).novin.event.send({ name: 'itemView', itemId: 'old-stub' });
    window.novinConfig = { projectId: 'p1', endpoint: 'https://shop.example.com', flushInterval: 10 };
    vi.resetModules();
    await import('../../src/global.js');
    await expect(sent).resolves.toBeUndefined();
    await until(() => events.some((e) => e.itemId === 'old-stub'), 'the old stub\'s event');
    const e = events.find((x) => x.itemId === 'old-stub')!;
    expect(Date.parse(e.time)).toBeGreaterThanOrEqual(before);
    expect(e.properties.fullUrl).toBe(location.href);
  });
});
