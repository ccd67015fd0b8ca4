import { describe, expect, it } from 'vitest';
import { abGroupFromCookie, anonymousIdFromCookie, identityFromCookie } from '../../server/index.js';

describe('reading the SDK cookies from a Cookie header', () => {
  const header = '_ga=GA1.2.3; novinProjectId=demo-project; novinAnonymousId=8f0c1a2e-77aa-4f4e-9d7e-2c6f1b0f9e11; novin-AB=B';

  it('finds the anonymous id and the A/B group among other cookies', () => {
    expect(anonymousIdFromCookie(header)).toBe('8f0c1a2e-77aa-4f4e-9d7e-2c6f1b0f9e11');
    expect(abGroupFromCookie(header)).toBe('B');
    expect(identityFromCookie(header)).toEqual({ anonymousId: '8f0c1a2e-77aa-4f4e-9d7e-2c6f1b0f9e11', novinAB: 'B' });
  });

  it('holds only the ids present', () => {
    expect(identityFromCookie('novinAnonymousId=a1')).toEqual({ anonymousId: 'a1' });
    expect(identityFromCookie(undefined)).toEqual({});
    expect(identityFromCookie(null)).toEqual({});
    expect(identityFromCookie('')).toEqual({});
  });

  it('does not confuse names that merely contain ours', () => {
    expect(anonymousIdFromCookie('xnovinAnonymousId=wrong; novinAnonymousIdOld=wrong')).toBeUndefined();
    expect(abGroupFromCookie('novin-ABC=wrong;novin-AB=A')).toBe('A');
  });

  it('decodes what js-cookie encoded, keeps a malformed value raw, strips quotes', () => {
    expect(anonymousIdFromCookie('novinAnonymousId=a%3Ab')).toBe('a:b');
    expect(anonymousIdFromCookie('novinAnonymousId=50%zz')).toBe('50%zz');
    expect(anonymousIdFromCookie('novinAnonymousId="abc"')).toBe('abc');
    expect(anonymousIdFromCookie('  novinAnonymousId =  spaced  ;')).toBe('spaced');
  });

  it('takes the first of duplicates (the most specific path)', () => {
    expect(anonymousIdFromCookie('novinAnonymousId=first; novinAnonymousId=second')).toBe('first');
  });

  it('treats values unlike an id as absent', () => {
    expect(anonymousIdFromCookie('novinAnonymousId=')).toBeUndefined();
    expect(anonymousIdFromCookie(`novinAnonymousId=${'x'.repeat(257)}`)).toBeUndefined();
    expect(anonymousIdFromCookie('novinAnonymousId=a%0Ab')).toBeUndefined();
    expect(anonymousIdFromCookie(42 as unknown as string)).toBeUndefined();
  });
});
