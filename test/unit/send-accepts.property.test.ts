/**
 * Whatever `send()` accepts, the collector accepts, and the other way round: generated events
 * (valid ones, ones near every limit, Persian and emoji text, numeric strings, unknown
 * properties, broken ones) go through the real SDK into the real mock backend (mounted in msw).
 * Each resolved send must arrive and be accepted; for each refused send, the event the SDK
 * would have sent is posted to the mock directly and must be refused there too.
 *
 * Two browser rules are stricter by design and not generated: a `signIn`/`signUp` body must
 * name its user even when one is known, and a browser may not send aggregation points (the
 * collector ignores them).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { serveInMsw } from './helpers/mock-in-msw.js';
import { DEV_CONFIG, createMockBackend, type MockBackend } from '../../mock/index.js';
import { catalog, createNovin, type NovinError } from '../../src/index.js';
import type { CatalogEntry, FieldKind } from '../../src/events/index.js';

const BASE = 'https://mock.test';
let backend: MockBackend;
serveInMsw(BASE, () => backend);

const SEED = 20_261_128;
const CASES = 300;
const ANON = 'anon-property-1';

/** mulberry32: small, fast, and the same sequence everywhere. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(SEED);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const chance = (p: number) => rnd() < p;

const POOLS = ['tea-kettle ', 'زعفران ناب قائنات ', 'چای 🍵 سبز ', 'a"b\\c\n\u0001 ', '۱۲۳ تومان '];
/** `n` UTF-16 units of text; slicing emoji may leave a lone surrogate, which JSON escapes on both sides alike. */
const text = (n: number) => {
  const pool = pick(POOLS);
  return pool.repeat(Math.ceil(n / pool.length) + 1).slice(0, n);
};
/** A length near `limit` (one under, at, one over) or an ordinary short one. */
const near = (limit: number, short = 12) => (chance(0.25) ? limit + pick([-1, 0, 1]) : 1 + int(short));
const NUMERIC = ['120000', ' 7 ', '-5', '0.25', '.5', '1e5', '+5', '1,200', '۱۲۰', '12 Toman', ''];

function value(kind: FieldKind): unknown {
  switch (kind) {
    case 's':
      return text(near(8192));
    case 'n':
      return chance(0.3) ? pick(NUMERIC) : Math.round(rnd() * 1e7) / 100;
    case 'ids':
      return Array.from({ length: chance(0.15) ? near(1000) : 1 + int(4) }, (_, i) => `sku-${i}`);
    case 'items':
      return Array.from({ length: chance(0.1) ? pick([999, 1000, 1001]) : 1 + int(4) }, (_, i) => {
        const e: Record<string, unknown> = { itemId: `sku-${i}`, itemPrice: chance(0.2) ? pick(NUMERIC) : 1000 * (1 + int(500)), itemCount: 1 + int(3) };
        if (chance(0.3)) e.itemName = text(1 + int(40));
        if (chance(0.1)) e.colour = 'red';
        return e;
      });
  }
}

/** Free-form JSON `depth` levels deep (the limit is 8, counting the properties object). */
function nested(depth: number): unknown {
  let v: unknown = text(5);
  for (let i = 0; i < depth; i++) v = chance(0.5) ? { k: v } : [v];
  return v;
}

// purchaseComplete too: both sides refuse it from a browser.
const browserNames = Object.entries(catalog) as Array<[string, CatalogEntry]>;

interface Case {
  body: Record<string, unknown>;
  user?: string;
  url: string;
}

function generate(i: number): Case {
  const user = chance(0.5) ? `u-${i}` : undefined;
  const url = chance(0.2) ? `https://shop.example.com/search?q=${'a'.repeat(7800 + int(1500))}` : `https://shop.example.com/p/${i}?ref=${text(3)}`;
  let body: Record<string, unknown>;
  if (chance(0.25)) {
    const name = chance(0.9) ? `custom.ev_${i}` : pick(['x'.repeat(64), 'y'.repeat(65), '1abc', 'has space']);
    body = { name, properties: { note: text(near(8192, 50)), deep: nested(near(7, 3)), n: rnd() * 1e6 } };
  } else {
    const long = url.length > 8192 && chance(0.7);
    const [name, entry] = pick(long ? browserNames.filter(([, e]) => 'fullUrl' in e.props) : browserNames);
    body = { name };
    for (const [k, kind] of Object.entries(entry.top ?? {})) {
      if (chance(0.05)) continue; // a missing required field
      body[k] = kind === 's' ? text(near(256, 20)) : value(kind);
    }
    if (entry.bodyUser) body.userId = user ?? (chance(0.7) ? `u-body-${i}` : undefined);
    else if (chance(0.1)) body.userId = text(near(256, 10));
    const props: Record<string, unknown> = {};
    for (const [k, kind] of Object.entries(entry.props)) if (chance(0.4)) props[k] = value(kind);
    if (chance(0.2)) props.extra = chance(0.8) ? text(int(30)) : nested(near(7, 2)); // unknown: kept
    if (chance(0.05)) props[pick(Object.keys(entry.props).concat('itemName'))] = pick([42, {}, [], true, null]); // wrong kind
    if (Object.keys(props).length || chance(0.5)) body.properties = props;
  }
  if (chance(0.05)) body.workFlowPath = pick(['webhook/welcome', 'webhook-test/x', 'hook/nope']);
  if (chance(0.05)) body.aggregations = Array.from({ length: pick([1, 20, 21]) }, () => ({ userAggregationfield: 'mobileLead', operation: pick(['+', '-']) }));
  if (chance(0.03)) body[pick(['itemName', 'colour'])] = 'top-level'; // outside the envelope
  if (body.name === 'signIn' || body.name === 'signUp') body.userId ??= user;
  const c: Case = { body, user, url };
  // About a third are padded to land within a few bytes of the size limit, often in Persian.
  if (chance(0.35)) pad(c, 32_000 + int(41) - 20);
  return c;
}

/** The event as the SDK would send it, built independently of the SDK's code. */
function wire({ body, user, url }: Case): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body, anonymousId: ANON, novinAB: 'B' };
  if (user !== undefined && out.userId === undefined) out.userId = user;
  const entry = (catalog as Record<string, CatalogEntry>)[body.name as string];
  const props = body.properties;
  if (entry && 'fullUrl' in entry.props && (props === undefined || (typeof props === 'object' && props && !Array.isArray(props) && (props as { fullUrl?: unknown }).fullUrl === undefined)))
    out.properties = { ...(props as object), fullUrl: url.slice(0, 8192) };
  return { ...out, time: new Date().toISOString(), messageId: crypto.randomUUID() };
}
const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

/** Adds unknown properties (kept) until the event on the wire is exactly `target` bytes, when it can. */
function pad(c: Case, target: number) {
  const props = (c.body.properties ??= {}) as Record<string, unknown>;
  if (typeof props !== 'object' || Array.isArray(props) || props === null) return;
  const persian = chance(0.6);
  for (let i = 0; bytes(wire(c)) < target - 9000 && i < 8; i++) props[`pad${i}`] = persian ? text(4000).replace(/[^\u0600-\u06ff ]/g, 'ز') : 'p'.repeat(8000);
  props.fill = '';
  const missing = target - bytes(wire(c));
  if (missing > 0 && missing <= 8192) props.fill = 'f'.repeat(missing);
}

interface Outcome {
  c: Case;
  ok: boolean;
  error?: string;
}

describe('send() resolves exactly when the collector accepts', () => {
  const outcomes: Outcome[] = [];
  const reported: NovinError[] = [];
  beforeAll(() => {
    backend = createMockBackend(DEV_CONFIG);
    localStorage.clear();
    document.cookie = `novinAnonymousId=${ANON}; path=/`;
    document.cookie = 'novin-AB=B; path=/';
  });

  it(`${CASES} generated events (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const novin = createNovin({
      projectId: 'demo-project',
      endpoint: BASE,
      flushInterval: 5,
      batchSize: 100,
      maxBytes: 100_000_000,
      onError: (e) => reported.push(e),
    });
    expect(novin.ids().anonymousId).toBe(ANON);
    for (let i = 0; i < CASES; i++) {
      const c = generate(i);
      history.replaceState(null, '', c.url);
      novin.identify(c.user ?? null);
      await novin.event.send(c.body as never).then(
        () => outcomes.push({ c, ok: true }),
        (e: NovinError) => outcomes.push({ c, ok: false, error: e.message }),
      );
    }
    const accepted = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o) => !o.ok);
    // The generator reaches both sides and the limits, or the property proves little.
    expect(accepted.length).toBeGreaterThan(CASES / 4);
    expect(refused.length).toBeGreaterThan(CASES / 10);
    expect(refused.filter((o) => /too large/.test(o.error!)).length).toBeGreaterThan(10);
    expect(accepted.filter((o) => bytes(wire(o.c)) > 31_900).length).toBeGreaterThan(10);
    expect(accepted.filter((o) => o.c.url.length > 8192 && /fullUrl/.test(JSON.stringify(wire(o.c)))).length).toBeGreaterThan(3);

    // ⇒: every resolved send reaches the mock and is accepted.
    await novin.flush();
    await expect
      .poll(() => backend.state().events.length + backend.state().refused.length, { timeout: 60_000, interval: 50 })
      .toBe(accepted.length);
    const state = backend.state();
    expect(state.refused.map((r) => r.reasons)).toEqual([]);
    expect(state.events.map((e) => e.event.name)).toEqual(accepted.map((o) => o.c.body.name));
    expect(reported.filter((e) => e.kind === 'dropped' || e.kind === 'delivery')).toEqual([]);

    // ⇐: what send() refused, the mock refuses too, as the SDK would have sent it.
    for (const o of refused) {
      const res = await fetch(`${BASE}/api/sdk/events?projectId=demo-project`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events: [wire(o.c)] }),
      });
      const answer = (await res.json()) as { accepted: number; rejected: unknown[] };
      expect({ sent: o.c.body.name, error: o.error, accepted: answer.accepted }).toEqual({ sent: o.c.body.name, error: o.error, accepted: 0 });
    }
  });
});
