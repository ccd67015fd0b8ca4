import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCookies, domainCandidates } from '../../src/cookies.js';

/**
 * A cookie jar standing in for document.cookie that records every write and, like a browser,
 * refuses a Domain attribute that is a public suffix or not a parent of the host.
 */
function fakeJar(host: string, publicSuffixes: string[] = [], opts: { throws?: boolean; drops?: boolean } = {}) {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`https://${host}/`);
  const jar = new Map<string, string>();
  const writes: string[] = [];
  vi.spyOn(document, 'cookie', 'get').mockImplementation(() => {
    if (opts.throws) throw new DOMException('blocked', 'SecurityError');
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  });
  vi.spyOn(document, 'cookie', 'set').mockImplementation((s: string) => {
    if (opts.throws) throw new DOMException('blocked', 'SecurityError');
    writes.push(s);
    if (opts.drops) return;
    const [pair, ...attrs] = s.split(';').map((x) => x.trim());
    const [k, v] = pair.split('=');
    const domain = attrs.find((a) => a.toLowerCase().startsWith('domain='))?.slice(7).replace(/^\./, '');
    if (domain && (publicSuffixes.includes(domain) || !(host === domain || host.endsWith('.' + domain)))) return;
    if (attrs.some((a) => a.toLowerCase().startsWith('expires=') && Date.parse(a.slice(8)) < Date.now())) jar.delete(k);
    else jar.set(k, v);
  });
  return { jar, writes };
}

afterEach(() => vi.restoreAllMocks());

describe('domainCandidates', () => {
  it('lists parent domains widest first, never a single label', () => {
    expect(domainCandidates('a.shop.example.co.uk')).toEqual(['co.uk', 'example.co.uk', 'shop.example.co.uk', 'a.shop.example.co.uk']);
    expect(domainCandidates('www.example.com')).toEqual(['example.com', 'www.example.com']);
  });
  it('is host-only on localhost, IP addresses and single-label hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '10.1.2.3', '[::1]', 'intranet']) expect(domainCandidates(h)).toEqual([]);
  });
});

describe('createCookies', () => {
  it('writes 365-day, path=/, SameSite=Lax, Secure cookies on the registrable domain (https)', () => {
    const { jar, writes } = fakeJar('shop.example.com');
    const cookies = createCookies();
    cookies.set('novinAnonymousId', 'abc');
    expect(jar.get('novinAnonymousId')).toBe('abc');
    expect(cookies.domain()).toBe('example.com');
    const write = writes.find((w) => w.startsWith('novinAnonymousId='))!;
    expect(write).toMatch(/; path=\//);
    expect(write).toMatch(/; domain=example\.com/);
    expect(write).toMatch(/; sameSite=Lax/i);
    expect(write).toMatch(/; secure/);
    const expires = Date.parse(write.match(/expires=([^;]+)/)![1]);
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(365);
    // The probe cookie is gone again.
    expect(jar.has('novin_probe')).toBe(false);
  });

  it('skips a public suffix the browser refuses', () => {
    const { writes } = fakeJar('shop.example.co.uk', ['co.uk']);
    const cookies = createCookies();
    cookies.set('novin-AB', 'A');
    expect(cookies.domain()).toBe('example.co.uk');
    expect(writes.find((w) => w.startsWith('novin-AB='))).toMatch(/domain=example\.co\.uk/);
  });

  it('honours cookieDomain without probing', () => {
    const { writes } = fakeJar('shop.example.com');
    const cookies = createCookies('shop.example.com');
    cookies.set('novinAnonymousId', 'x');
    expect(writes.filter((w) => w.startsWith('novin_probe'))).toEqual([]);
    expect(writes[0]).toMatch(/domain=shop\.example\.com/);
  });

  it('reads cookies other code wrote, including malformed ones, without throwing', () => {
    const { jar } = fakeJar('shop.example.com');
    jar.set('novinProjectId', 'demo-project');
    jar.set('broken', '%E0%A4%A');
    const cookies = createCookies();
    expect(cookies.get('novinProjectId')).toBe('demo-project');
    expect(() => cookies.get('broken')).not.toThrow();
  });

  it('falls back to memory when cookies throw', () => {
    fakeJar('shop.example.com', [], { throws: true });
    const cookies = createCookies();
    expect(() => cookies.set('novinAnonymousId', 'm1')).not.toThrow();
    expect(cookies.get('novinAnonymousId')).toBe('m1');
  });

  it('falls back to memory when cookies are silently dropped', () => {
    const { jar } = fakeJar('shop.example.com', [], { drops: true });
    const cookies = createCookies();
    cookies.set('novinAnonymousId', 'm2');
    expect(jar.size).toBe(0);
    expect(cookies.get('novinAnonymousId')).toBe('m2');
  });

  it("set(name, '') removes the cookie on the domain it was written on", () => {
    const { jar, writes } = fakeJar('shop.example.com');
    const cookies = createCookies();
    cookies.set('novinAnonymousId', 'gone-soon');
    cookies.set('novinAnonymousId', '');
    expect(jar.has('novinAnonymousId')).toBe(false);
    expect(cookies.get('novinAnonymousId')).toBeFalsy();
    expect(writes.at(-1)).toMatch(/^novinAnonymousId=;.*domain=example\.com/);
  });

  it('reads what another tab (or the server) wrote since, not what this page wrote', () => {
    const { jar } = fakeJar('shop.example.com');
    const cookies = createCookies();
    cookies.set('novinAnonymousId', 'mine');
    jar.set('novinAnonymousId', 'theirs');
    expect(cookies.get('novinAnonymousId')).toBe('theirs');
    jar.delete('novinAnonymousId');
    expect(cookies.get('novinAnonymousId')).toBeUndefined();
  });

  it('where writes are dropped, a removal still hides the old cookie from this page', () => {
    const { jar } = fakeJar('shop.example.com', [], { drops: true });
    jar.set('novinAnonymousId', 'stale');
    const cookies = createCookies();
    cookies.set('novinAnonymousId', '');
    expect(cookies.get('novinAnonymousId')).toBeFalsy();
    // Other cookies (the site's own) are still read.
    jar.set('novinProjectId', 'p');
    expect(cookies.get('novinProjectId')).toBe('p');
  });
});
