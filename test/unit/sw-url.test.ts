import { describe, expect, it } from 'vitest';
import { origins, safeUrl } from '../../sw/url.js';

const SITE = 'https://shop.example.com';

describe('safeUrl', () => {
  it('resolves relative URLs against the site root', () => {
    expect(safeUrl('/cart?x=1#top', SITE)).toBe('https://shop.example.com/cart?x=1#top');
    expect(safeUrl('item/7', SITE)).toBe('https://shop.example.com/item/7');
  });
  it('keeps absolute URLs on the site', () => expect(safeUrl('https://shop.example.com/a', SITE)).toBe('https://shop.example.com/a'));
  it.each([
    ['another origin', 'https://evil.example/'],
    ['a subdomain', 'https://www.shop.example.com/'],
    ['another scheme of the site', 'http://shop.example.com/'],
    ['another port', 'https://shop.example.com:8443/'],
    ['protocol-relative', '//evil.example/x'],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: hidden by whitespace', ' java\nscript:alert(1)'],
    ['data:', 'data:text/html,<b>x</b>'],
    ['credentials', 'https://user:pw@shop.example.com/'],
    ['a user name only', 'https://user@shop.example.com/'],
    ['an empty string', ''],
    ['a number', 42],
    ['an object', { href: '/' }],
    ['a huge URL', '/' + 'a'.repeat(3000)],
  ])('refuses %s', (_, raw) => expect(safeUrl(raw, SITE)).toBeUndefined());
  it('accepts an allowlisted origin and nothing else of it', () => {
    const allow = origins(['https://blog.example.org/any/path']);
    expect(safeUrl('https://blog.example.org/post/1', SITE, allow)).toBe('https://blog.example.org/post/1');
    expect(safeUrl('http://blog.example.org/post/1', SITE, allow)).toBeUndefined();
    expect(safeUrl('https://evil.example/', SITE, allow)).toBeUndefined();
  });
});

describe('origins', () => {
  it('normalizes entries and drops unreadable or opaque ones', () => {
    expect(origins(['https://A.example.com/x', 'not a url', 'data:text/plain,x', 'http://b.example:80/'])).toEqual([
      'https://a.example.com',
      'http://b.example',
    ]);
    expect(origins(undefined)).toEqual([]);
  });
});
