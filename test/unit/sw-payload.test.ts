import { describe, expect, it } from 'vitest';
import { clickUrl, clip, metaOf, readPayload } from '../../sw/payload.js';

const SITE = 'https://shop.example.com';
const read = (p: unknown, allow: string[] = []) => readPayload(typeof p == 'string' ? p : JSON.stringify(p), SITE, allow);

describe('readPayload', () => {
  it('turns a full message into notification options', () => {
    const s = read({
      id: 'm1',
      title: 'Sale',
      body: 'Half price',
      icon: '/i.png',
      image: 'https://cdn.example.net/big.jpg',
      badge: '/b.png',
      url: '/sale',
      actions: [{ action: 'buy', title: 'Buy', url: '/buy' }, { action: 'later', title: 'Later' }],
      data: { campaign: 7 },
    }, ['https://cdn.example.net']);
    expect(s.malformed).toBeUndefined();
    expect(s.id).toBe('m1');
    expect(s.title).toBe('Sale');
    expect(s.options).toEqual({
      tag: 'm1',
      body: 'Half price',
      icon: 'https://shop.example.com/i.png',
      image: 'https://cdn.example.net/big.jpg',
      badge: 'https://shop.example.com/b.png',
      actions: [{ action: 'buy', title: 'Buy' }, { action: 'later', title: 'Later' }],
      data: { novin: { id: 'm1', url: 'https://shop.example.com/sale', actions: { buy: 'https://shop.example.com/buy' } }, data: { campaign: 7 } },
    });
  });

  it('uses the message id as the tag so a repeat replaces it, unless the message names a tag', () => {
    expect(read({ id: 'm2', title: 't' }).options.tag).toBe('m2');
    expect(read({ id: 'm2', title: 't', tag: 'order-5' }).options.tag).toBe('order-5');
  });

  it('drops bad optional fields one by one and still shows the message', () => {
    const s = read({
      id: 'm3',
      title: 'T',
      body: null,
      icon: 'javascript:alert(1)',
      image: 'https://tracker.example/pixel.gif',
      url: 'https://evil.example/',
      actions: [{ action: 'a' }, 'x', null, { action: 'b', title: 'B', url: 'https://evil.example/' }, { action: 'b', title: 'again' }, { action: 'c', title: 'C' }, { action: 'd', title: 'D' }],
    });
    expect(s.malformed).toBeUndefined();
    // A null body must not become the text "null".
    expect(s.options.body).toBeUndefined();
    expect(s.options.icon).toBeUndefined();
    expect(s.options.image).toBeUndefined();
    expect(s.options.data.novin).toEqual({ id: 'm3' });
    expect(s.options.actions).toEqual([{ action: 'b', title: 'B' }, { action: 'c', title: 'C' }]);
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON null', 'null'],
    ['an array', '[1,2]'],
    ['a number', '42'],
    ['no title', { id: 'm4' }],
    ['an empty title', { id: 'm4', title: '' }],
    ['a title that is not a string', { id: 'm4', title: { t: 1 } }],
    ['no id', { title: 'T' }],
    ['a numeric id', { id: 5, title: 'T' }],
    ['an oversized message', { id: 'm4', title: 'T', body: 'x'.repeat(9000) }],
  ])('shows the fallback for %s', (_, p) => {
    const s = read(p);
    expect(s.malformed).toBe(true);
    expect(s.title).toBe('shop.example.com');
    expect(s.options.body).toBeTruthy();
    expect(s.options.actions).toBeUndefined();
    expect(s.options.data.novin.url).toBeUndefined();
  });

  it('handles a push without data', () => {
    expect(readPayload(null, SITE).malformed).toBe(true);
    expect(readPayload(undefined, SITE).malformed).toBe(true);
    expect(readPayload('', SITE).malformed).toBe(true);
  });

  it('keeps a readable id on a malformed message for the tag and the report', () => {
    const s = read({ id: 'm5', title: 7 });
    expect(s.id).toBe('m5');
    expect(s.options.tag).toBe('m5');
    expect(read('garbage').options.tag).toBe('novin-malformed');
  });
});

describe('long text is cut, not lost', () => {
  const units = (s: string) => s.length;
  const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

  it('a title over the limit is cut with an ellipsis, not replaced by the fallback', () => {
    const title = 'تخفیف ویژهٔ زعفران ناب قائنات '.repeat(20);
    const s = read({ id: 'm6', title, body: 'b' });
    expect(s.malformed).toBeUndefined();
    expect(s.title.endsWith('…')).toBe(true);
    expect(units(s.title)).toBeLessThanOrEqual(256);
    expect(title.startsWith(s.title.slice(0, -1))).toBe(true);
    expect(s.title.length).toBeGreaterThan(240);
  });

  it('a long body is cut, not dropped; button labels too', () => {
    const body = 'Fresh saffron from Qaen, harvested this autumn. '.repeat(40);
    const s = read({ id: 'm7', title: 'T', body, actions: [{ action: 'buy', title: 'Buy it now while stocks last, really '.repeat(3) }] });
    expect(s.options.body!.endsWith('…')).toBe(true);
    expect(units(s.options.body!)).toBeLessThanOrEqual(1024);
    // Cut between words' letters is fine; trailing space before the ellipsis is not kept.
    expect(s.options.body).not.toMatch(/\s…$/);
    expect(s.options.actions![0].title.endsWith('…')).toBe(true);
    expect(units(s.options.actions![0].title)).toBeLessThanOrEqual(64);
  });

  it('ids, tags and action ids are never cut: over their limit they are refused as before', () => {
    expect(read({ id: 'x'.repeat(300), title: 'T' }).malformed).toBe(true);
    expect(read({ id: 'm', title: 'T', tag: 't'.repeat(300) }).options.tag).toBe('m');
    expect(read({ id: 'm', title: 'T', actions: [{ action: 'a'.repeat(65), title: 'A' }] }).options.actions).toBeUndefined();
  });

  it('never splits an emoji, a surrogate pair or a Persian letter with its marks', () => {
    // Each emoji is two units (a surrogate pair); family emoji are several code points joined by ZWJ.
    for (const unit of ['🍵', '👨‍👩‍👧‍👦', 'بِسْمِ ', 'e\u0301', '🇮🇷', 'a']) {
      // From 12 up: the family emoji alone is 11 units.
      for (let max = 12; max <= 40; max++) {
        const text = unit.repeat(50);
        const cut = clip(text, max);
        expect(cut.length, `${unit} at ${max}`).toBeLessThanOrEqual(max);
        expect(cut.endsWith('…')).toBe(true);
        expect(wellFormed(cut)).toBe(true);
        // What is kept is whole graphemes of the original: it ends on one of their boundaries.
        const kept = cut.slice(0, -1);
        expect(text.startsWith(kept)).toBe(true);
        const boundaries = new Set([0]);
        for (const { index, segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) boundaries.add(index + segment.length);
        expect(boundaries.has(kept.length), `${unit} at ${max}: ${JSON.stringify(kept)}`).toBe(true);
      }
    }
  });

  it('one grapheme longer than the limit (a run of combining marks) is cut between code points', () => {
    const zalgo = 'z' + '\u0301\u0316'.repeat(200);
    const cut = clip(zalgo + ' done', 64);
    expect(cut.length).toBeLessThanOrEqual(64);
    expect(cut.startsWith('z\u0301')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('without Intl.Segmenter, still never splits a surrogate pair', () => {
    const Segmenter = Intl.Segmenter;
    try {
      (Intl as { Segmenter?: unknown }).Segmenter = undefined;
      for (let max = 5; max <= 30; max++) {
        const cut = clip('🍵'.repeat(40), max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(wellFormed(cut)).toBe(true);
      }
      expect(clip('abcdef', 4)).toBe('abc…');
    } finally {
      (Intl as { Segmenter?: unknown }).Segmenter = Segmenter;
    }
  });

  it('leaves text within the limit alone', () => {
    expect(clip('کوتاه', 256)).toBe('کوتاه');
    expect(clip('x'.repeat(256), 256)).toBe('x'.repeat(256));
  });
});

describe('metaOf', () => {
  it('recognizes only our notifications', () => {
    expect(metaOf({ data: { novin: { id: 'x' } } })).toEqual({ id: 'x' });
    expect(metaOf({ data: { FCM_MSG: {} } })).toBeUndefined();
    expect(metaOf({ data: null })).toBeUndefined();
    expect(metaOf({ data: { novin: { id: 3 } } })).toBeUndefined();
    expect(metaOf({})).toBeUndefined();
  });
});

describe('clickUrl', () => {
  const meta = { id: 'm', url: `${SITE}/n`, actions: { buy: `${SITE}/buy` } };
  it('prefers the button URL, then the notification URL, then the site root', () => {
    expect(clickUrl(meta, 'buy', SITE)).toBe(`${SITE}/buy`);
    expect(clickUrl(meta, 'later', SITE)).toBe(`${SITE}/n`);
    expect(clickUrl(meta, '', SITE)).toBe(`${SITE}/n`);
    expect(clickUrl({ id: 'm' }, '', SITE)).toBe(`${SITE}/`);
  });
  it('sends a refused notification URL to the site root', () => {
    const s = read({ id: 'm', title: 'T', url: 'https://evil.example/' });
    expect(clickUrl(metaOf(s.options)!, '', SITE)).toBe(`${SITE}/`);
  });
});
