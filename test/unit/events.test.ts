import { describe, expect, it, vi } from 'vitest';
import { catalog, checkEvent, type CatalogEntry, type FieldKind } from '../../src/events/index.js';

const entries = Object.entries(catalog) as Array<[string, CatalogEntry]>;
const sample: Record<FieldKind, unknown> = {
  s: 'v1',
  n: 12_000,
  ids: ['i1', 'i2'],
  items: [{ itemId: 'i1', itemName: 'Tea', itemPrice: 120_000, itemCount: 2 }],
};
const wrong: Record<FieldKind, unknown> = { s: 42, n: '12 Toman', ids: 'i1', items: [{ itemName: 'no id' }] };

/** A valid browser body for a catalog event, every property filled. */
function validBody(name: string, entry: CatalogEntry): Record<string, unknown> {
  const body: Record<string, unknown> = { name };
  for (const [k, kind] of Object.entries(entry.top ?? {})) body[k] = sample[kind];
  if (entry.ids === 'user' || entry.ids === 'both') body.userId = 'u1';
  body.properties = Object.fromEntries(Object.entries(entry.props).map(([k, kind]) => [k, sample[kind]]));
  return body;
}

describe('catalog events in the browser', () => {
  for (const [name, entry] of entries) {
    if (entry.backend) {
      it(`${name} is refused as backend only`, () => {
        const r = checkEvent(validBody(name, entry), 'browser', true);
        expect(r.event).toBeUndefined();
        expect(r.errors[0]).toMatch(new RegExp(`^${name}: .*backend only`));
      });
      continue;
    }
    it(`${name}: a full valid body passes and is copied`, () => {
      const body = validBody(name, entry);
      const r = checkEvent(body, 'browser');
      expect(r.errors).toEqual([]);
      expect(r.event).toEqual(body);
      expect(r.event).not.toBe(body);
    });
    for (const k of Object.keys(entry.top ?? {})) {
      it(`${name}: missing ${k} is named`, () => {
        const body = validBody(name, entry);
        delete body[k];
        expect(checkEvent(body, 'browser', true).errors).toContain(`${name}: ${k} is required`);
      });
    }
    for (const [k, kind] of Object.entries(entry.props)) {
      it(`${name}: a wrong properties.${k} is named`, () => {
        const body = validBody(name, entry);
        (body.properties as Record<string, unknown>)[k] = wrong[kind];
        const errors = checkEvent(body, 'browser', true).errors;
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every((e) => e.startsWith(`${name}: properties.${k}`))).toBe(true);
      });
    }
    it(`${name}: an unknown property is kept, with a warning naming event and field`, () => {
      const body = validBody(name, entry);
      (body.properties as Record<string, unknown>).colour = 'red';
      for (const mode of ['browser', 'collector', 'server'] as const) {
        const wire = mode === 'collector' ? { ...body, anonymousId: 'a', userId: 'u1', time: new Date().toISOString(), messageId: 'm' } : { ...body, anonymousId: 'a', userId: 'u1' };
        const r = checkEvent(mode === 'browser' ? body : wire, mode, true);
        expect(r.errors).toEqual([]);
        expect((r.event?.properties as Record<string, unknown>).colour).toBe('red');
        expect(r.warnings).toEqual([`${name}: properties.colour is not a known field (kept)`]);
      }
    });
  }
});

describe('no event lost to a strict check', () => {
  it('keeps unknown fields of itemsList entries, with a warning', () => {
    const r = checkEvent({ name: 'checkOut', itemIdList: ['a'], properties: { purchaseId: 'o-1', itemsList: [{ itemId: 'a', colour: 'red', size: { eu: 42 } }] } }, 'browser');
    expect(r.errors).toEqual([]);
    expect(r.event?.properties).toEqual({ purchaseId: 'o-1', itemsList: [{ itemId: 'a', colour: 'red', size: { eu: 42 } }] });
    expect(r.warnings).toEqual([
      'checkOut: properties.purchaseId is not a known field (kept)',
      'checkOut: properties.itemsList[0].colour is not a known field (kept)',
      'checkOut: properties.itemsList[0].size is not a known field (kept)',
    ]);
  });
  it('an event without unknown fields has no warnings', () => {
    expect(checkEvent({ name: 'search', properties: { searchQuery: 'tea' } }, 'browser').warnings).toBeUndefined();
    expect(checkEvent({ name: 'custom', properties: { anything: 1 } }, 'browser').warnings).toBeUndefined();
  });
  it('kept unknown fields are still JSON data within the limits', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [() => 1, 10n, NaN, new Date(), cyclic, 'x'.repeat(9000)]) {
      const r = checkEvent({ name: 'itemView', itemId: 'a', properties: { extra: bad } }, 'browser');
      expect(r.event, String(bad)).toBeUndefined();
      expect(r.errors[0]).toMatch(/^itemView: properties\.extra/);
    }
    const proto = checkEvent(JSON.parse('{"name":"itemView","itemId":"a","properties":{"__proto__":{"x":1}}}'), 'browser');
    expect(proto.errors).toEqual(['itemView: properties.__proto__ is not allowed as a key']);
  });
  it('unknown top-level fields stay refused: the envelope is fixed', () => {
    expect(checkEvent({ name: 'itemView', itemId: 'a', itemName: 'Tea' }, 'browser').errors).toEqual(['itemView: itemName is not a field of an event']);
    expect(checkEvent({ name: 'search', itemId: 'a' }, 'browser').errors).toEqual(['search: itemId is not a field of search']);
  });
  it('converts a finite decimal number written as a string in a number field', () => {
    const cases: Array<[string, number]> = [['120000', 120000], ['-5', -5], ['0.25', 0.25], ['.5', 0.5], ['007', 7], [' 42\n', 42], ['12.50', 12.5]];
    for (const [text, n] of cases) {
      for (const mode of ['browser', 'server'] as const) {
        const r = checkEvent({ name: 'checkOut', itemIdList: ['a'], userId: 'u', properties: { totalPrice: text, itemsList: [{ itemId: 'a', itemPrice: text, itemCount: text }] } }, mode);
        expect(r.errors, text).toEqual([]);
        expect(r.event?.properties, text).toEqual({ totalPrice: n, itemsList: [{ itemId: 'a', itemPrice: n, itemCount: n }] });
      }
    }
    const point = checkEvent({ name: 'purchaseComplete', itemIdList: ['a'], aggregations: [{ userAggregationfield: 'p', point: '-240' }] }, 'server');
    expect(point.event?.aggregations).toEqual([{ userAggregationfield: 'p', point: -240 }]);
  });
  it('refuses strings that are not plainly a decimal number', () => {
    // Exponents, signs, separators and non-ASCII digits are ambiguous or rare: the page should send a number.
    for (const text of ['', ' ', '-', '.', '1.', '1e5', '+5', '1,200', '1 200', '۱۲۰', '١٢٠', '0x10', 'Infinity', 'NaN', '12 Toman', '9'.repeat(400)]) {
      const r = checkEvent({ name: 'itemRate', itemId: 'a', userId: 'u', properties: { rate: text } }, 'browser');
      expect(r.errors, JSON.stringify(text)).toEqual(['itemRate: properties.rate must be a finite number']);
    }
  });
  it('reads a numeric string in linear time, however long', () => {
    const start = performance.now();
    for (const text of ['9'.repeat(200_000) + 'x', ' '.repeat(200_000) + 'x', '.' + '9'.repeat(200_000) + ' x'])
      expect(checkEvent({ name: 'itemRate', itemId: 'a', userId: 'u', properties: { rate: text } }, 'browser').event).toBeUndefined();
    // A quadratic pattern takes minutes on these; linear ones take about a millisecond.
    expect(performance.now() - start).toBeLessThan(1000);
  });
  it('strings stay strings in string fields and in free-form properties', () => {
    expect(checkEvent({ name: 'itemView', itemId: '120', properties: { itemName: '5' } }, 'browser').event).toEqual({ name: 'itemView', itemId: '120', properties: { itemName: '5' } });
    expect(checkEvent({ name: 'custom', properties: { n: '5' } }, 'browser').event).toEqual({ name: 'custom', properties: { n: '5' } });
  });
});

describe('identity rules', () => {
  it('pageView needs a user, from the body or a known one', () => {
    expect(checkEvent({ name: 'pageView' }, 'browser', false).errors[0]).toMatch(/^pageView: userId is required/);
    expect(checkEvent({ name: 'pageView' }, 'browser', true).errors).toEqual([]);
    expect(checkEvent({ name: 'pageView', userId: 'u' }, 'browser', false).errors).toEqual([]);
  });
  it('signIn and signUp must name the user in the body', () => {
    for (const name of ['signIn', 'signUp'])
      expect(checkEvent({ name }, 'browser', true).errors[0]).toMatch(new RegExp(`^${name}: userId is required`));
  });
  it('the SDK stamps ids, time and messageId: a page cannot set them', () => {
    for (const k of ['anonymousId', 'novinAB', 'time', 'messageId'])
      expect(checkEvent({ name: 'search', [k]: 'x' }, 'browser').errors).toEqual([`search: ${k} is set by the SDK`]);
  });
  it('the collector requires anonymousId, time and messageId, and userId where the catalog does', () => {
    const errors = checkEvent({ name: 'signOut' }, 'collector').errors;
    expect(errors).toEqual(expect.arrayContaining(['signOut: userId is required', 'signOut: anonymousId is required', 'signOut: time is required', 'signOut: messageId is required']));
  });
  it('a server may send purchaseComplete and must name ids as the catalog says', () => {
    expect(checkEvent({ name: 'purchaseComplete', itemIdList: ['a'] }, 'server').errors).toEqual([]);
    expect(checkEvent({ name: 'itemRate', itemId: 'a' }, 'server').errors).toEqual(['itemRate: userId is required']);
    expect(checkEvent({ name: 'tryToSignIn' }, 'server').errors).toEqual(['tryToSignIn: anonymousId is required']);
  });
});

describe('custom events, workflows, aggregations', () => {
  it('custom names follow the naming rule', () => {
    expect(checkEvent({ name: 'video.play:start-1' }, 'browser').errors).toEqual([]);
    for (const name of ['', '1abc', 'has space', 'x'.repeat(65), 'émoji'])
      expect(checkEvent({ name }, 'browser').errors[0]).toMatch(/^event: name must be/);
  });
  it('custom properties are free-form JSON, copied', () => {
    const props = { a: 1, b: [true, null, 'x'], c: { d: { e: 2 } } };
    expect(checkEvent({ name: 'custom', properties: props }, 'browser').event).toEqual({ name: 'custom', properties: props });
  });
  it('workFlowPath must be webhook/NAME or webhook-test/NAME', () => {
    expect(checkEvent({ name: 'search', workFlowPath: 'webhook/welcome' }, 'browser').errors).toEqual([]);
    expect(checkEvent({ name: 'search', workFlowPath: 'webhook-test/welcome' }, 'browser').errors).toEqual([]);
    for (const w of ['hook/x', 'webhook/', 'webhook/a b', 5])
      expect(checkEvent({ name: 'search', workFlowPath: w }, 'browser').errors[0]).toMatch(/^search: workFlowPath must be/);
  });
  it('browser aggregations carry an operation, never points', () => {
    expect(checkEvent({ name: 'signUp', userId: 'u', aggregations: [{ userAggregationfield: 'mobileLead', operation: '+' }] }, 'browser').errors).toEqual([]);
    expect(checkEvent({ name: 'search', aggregations: [{ userAggregationfield: 'x', operation: '+', point: 5 }] }, 'browser').errors[0]).toMatch(
      /^search: aggregations\[0\]\.point is set per project, not by a browser/,
    );
    expect(checkEvent({ name: 'search', aggregations: [{ userAggregationfield: 'x', operation: '*' }] }, 'browser').errors[0]).toMatch(
      'search: aggregations[0].operation must be "+" or "-"',
    );
    expect(checkEvent({ name: 'search', aggregations: {} }, 'browser').errors[0]).toBe('search: aggregations must be an array');
  });
  it('the collector ignores a browser point; a server sends points', () => {
    const r = checkEvent({ name: 'search', anonymousId: 'a', time: new Date().toISOString(), messageId: 'm', aggregations: [{ userAggregationfield: 'x', operation: '+', point: 99 }] }, 'collector');
    expect(r.event?.aggregations).toEqual([{ userAggregationfield: 'x', operation: '+' }]);
    expect(checkEvent({ name: 'purchaseComplete', itemIdList: ['a'], aggregations: [{ userAggregationfield: 'purchasePoints', point: -240 }] }, 'server').errors).toEqual([]);
  });
});

describe('hostile input never throws', () => {
  it('cyclic objects, BigInt, functions, huge strings, prototype tricks', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const cases: unknown[] = [
      null, undefined, 42, 'search', [], new Date(), Object.create(null),
      { name: 'custom', properties: cyclic },
      { name: 'custom', properties: { n: 10n } },
      { name: 'custom', properties: { f: () => 1 } },
      { name: 'custom', properties: { s: 'x'.repeat(100_000) } },
      { name: 'search', properties: { searchQuery: 'x'.repeat(10_000) } },
      JSON.parse('{"name":"custom","properties":{"__proto__":{"polluted":true}}}'),
      { name: 'custom', properties: { big: Array.from({ length: 900 }, () => 'y'.repeat(100)) } },
      { name: 'itemView', itemId: 'x'.repeat(300) },
      { name: 'custom', properties: { nan: NaN, inf: Infinity } },
      { get name(): string { throw new Error('boom'); } },
      new Proxy({}, { ownKeys() { throw new Error('trap'); } }),
    ];
    for (const c of cases) {
      const r = checkEvent(c, 'browser');
      expect(r.event, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.errors.length).toBeGreaterThan(0);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('the size limit names the event', () => {
    const r = checkEvent({ name: 'custom', properties: { big: Array.from({ length: 900 }, () => 'y'.repeat(100)) } }, 'browser');
    expect(r.errors[0]).toMatch(/^custom: body is too large/);
  });
});

describe('the size limit', () => {
  // A small deterministic generator: events of many shapes around the 32,000-byte limit.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const str = (n: number) => Array.from({ length: n }, () => (rnd() < 0.1 ? '"\\\n\u0001é' : 'abcxyz')[Math.floor(rnd() * 5)]).join('');
  const value = (depth: number): unknown => {
    const r = rnd();
    if (depth > 2 || r < 0.3) return str(Math.floor(rnd() * 400));
    if (r < 0.5) return rnd() * 1e12 - 5e11;
    if (r < 0.55) return rnd() < 0.5 ? null : true;
    if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 40) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 15) }, (_, i) => [str(3) + i, value(depth + 1)]));
  };
  // The event as the collector receives it: the ids the SDK knows, then time and messageId.
  const wire = (body: object) => ({ ...body, anonymousId: 'anon-1', time: new Date().toISOString(), messageId: crypto.randomUUID() });
  const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
  it('refuses exactly the events whose UTF-8 JSON on the wire is over the limit, without serializing small ones', () => {
    let over = 0;
    let near = 0;
    for (let i = 0; i < 120; i++) {
      const custom = { name: 'custom', properties: { v: value(0) } };
      const items = Array.from({ length: Math.floor(rnd() * 700) }, (_, j) => ({ itemId: `sku-${j}`, itemPrice: rnd() * 1e9, itemCount: 1 + j, itemName: str(Math.floor(rnd() * 30)) }));
      const order = { name: 'registerOrder', itemIdList: ['a'], properties: { itemsList: items, totalPrice: 1 } };
      // Mostly numbers: their printed length must count too.
      const numbers = Array.from({ length: 380 + Math.floor(rnd() * 300) }, () => ({ itemId: 'x', itemPrice: rnd() * 1e9, itemCount: rnd() }));
      const priced = { name: 'checkOut', itemIdList: ['a'], properties: { itemsList: numbers } };
      // Persian text: two bytes a character in UTF-8, one unit in a JS string.
      const persian = { name: 'search', properties: { searchQuery: 'جستجوی زعفران '.repeat(1100 + Math.floor(rnd() * 100)).slice(0, 8192) } };
      const padded = { name: 'custom', properties: { a: persian.properties.searchQuery, b: persian.properties.searchQuery, c: 'x'.repeat(Math.floor(rnd() * 2000)) } };
      for (const body of [custom, order, priced, persian, padded]) {
        const copy = checkEvent(body, 'browser', { anonymousId: 'anon-1' });
        const exact = bytes(wire(body));
        if (Math.abs(exact - 32_000) < 1000) near++;
        if (exact > 32_000) {
          over++;
          expect(copy.errors.join()).toMatch(/body is too large|nested too deeply|has over|too long/);
        } else if (copy.errors.length) expect(copy.errors.join()).not.toMatch(/body is too large/);
        if (/too large/.test(copy.errors.join())) expect(copy.errors.join()).toContain(`(${exact} bytes, at most 32000)`);
      }
    }
    expect(near).toBeGreaterThan(20);
    expect(over).toBeGreaterThan(10);
    const spy = vi.spyOn(JSON, 'stringify');
    checkEvent({ name: 'itemView', itemId: 'sku-1', properties: { itemName: 'Mug', itemUrl: 'https://shop.example.com/mug' } }, 'browser');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
  it('counts what the SDK stamps later: time and messageId exactly, ids not yet issued at their largest', () => {
    const full = 'x'.repeat(8000);
    const at = (n: number) => ({ name: 'custom', properties: { a: full, b: full, c: full, s: 'x'.repeat(n) } });
    // ,"time":"<24>" is 34 bytes and ,"messageId":"<36>" 51, whatever the moment and the id.
    const fits = 32_000 - bytes({ ...at(0), anonymousId: 'anon-1' }) - 34 - 51;
    expect(bytes(wire(at(fits)))).toBe(32_000);
    expect(checkEvent(at(fits), 'browser', { anonymousId: 'anon-1' }).errors).toEqual([]);
    expect(checkEvent(at(fits + 1), 'browser', { anonymousId: 'anon-1' }).errors).toEqual(['custom: body is too large (32001 bytes, at most 32000)']);
    // Before the collector has issued the ids: room for the largest it may issue.
    const anon = bytes({ ...at(0), anonymousId: 'anon-1' }) - bytes(at(0));
    expect(checkEvent(at(fits + anon - 542), 'browser', {}).errors).toEqual([]);
    expect(checkEvent(at(fits + anon + 1 - 542), 'browser', {}).errors).toEqual(['custom: body is too large (32001 bytes, at most 32000)']);
    // The collector measures what it received; a server event is measured with the time and messageId its client adds.
    const received = wire(at(fits));
    expect(checkEvent(received, 'collector').errors).toEqual([]);
    expect(checkEvent({ ...received, properties: at(fits + 1).properties }, 'collector').errors).toEqual(['custom: body is too large (32001 bytes, at most 32000)']);
    expect(checkEvent({ ...at(fits), anonymousId: 'anon-1' }, 'server').errors).toEqual([]);
    expect(checkEvent({ ...at(fits + 1), anonymousId: 'anon-1' }, 'server').errors).toEqual(['custom: body is too large (32001 bytes, at most 32000)']);
  });
});

describe('what the browser SDK stamps', () => {
  it('adds the ids it knows, keeping a body userId, and checks them as the collector will', () => {
    expect(checkEvent({ name: 'search' }, 'browser', { userId: 'u', anonymousId: 'a', novinAB: 'B' }).event).toEqual({ name: 'search', userId: 'u', anonymousId: 'a', novinAB: 'B' });
    expect(checkEvent({ name: 'signIn', userId: 'new' }, 'browser', { userId: 'old' }).event).toEqual({ name: 'signIn', userId: 'new' });
    expect(checkEvent({ name: 'pageView' }, 'browser', { userId: 'u' }).errors).toEqual([]);
    expect(checkEvent({ name: 'pageView' }, 'browser', { anonymousId: 'a' }).errors[0]).toMatch(/^pageView: userId is required/);
    expect(checkEvent({ name: 'search' }, 'browser', { userId: 'u'.repeat(257) }).errors).toEqual(['search: userId is too long (at most 256)']);
  });
  it("defaults fullUrl to the page's address, cut to the field limit", () => {
    const long = 'https://shop.example.com/search?q=' + 'a'.repeat(9000);
    const r = checkEvent({ name: 'itemView', itemId: 'sku-1' }, 'browser', { anonymousId: 'a' }, long);
    expect(r.errors).toEqual([]);
    expect(r.event?.properties).toEqual({ fullUrl: long.slice(0, 8192) });
    expect(checkEvent({ name: 'pageView', properties: { fullUrl: 'https://given/' } }, 'browser', { userId: 'u' }, long).event?.properties).toEqual({ fullUrl: 'https://given/' });
    expect(checkEvent({ name: 'search' }, 'browser', {}, long).event).toEqual({ name: 'search' });
    // A page's own fullUrl is its choice: too long is refused, as every string field.
    expect(checkEvent({ name: 'itemView', itemId: 'a', properties: { fullUrl: long } }, 'browser', {}, long).errors).toEqual(['itemView: properties.fullUrl is too long (at most 8192)']);
  });
});
