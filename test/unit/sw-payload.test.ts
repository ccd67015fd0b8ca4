import { describe, expect, it } from 'vitest';
import { clickUrl, metaOf, readPayload } from '../../sw/payload.js';

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
