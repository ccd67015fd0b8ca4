/** Cookie names of SPEC §3: the browser SDK writes them, the site's backend reads them. */
export const ANONYMOUS_ID_COOKIE = 'novinAnonymousId';
export const AB_COOKIE = 'novin-AB';

/** The visitor's ids as a server event carries them: spread into the event body. */
export interface BrowserIdentity {
  anonymousId?: string;
  novinAB?: string;
}

// The visitor controls these values: anything unlike an id (too long, control characters)
// is treated as absent rather than forwarded into stored events.
const PLAUSIBLE = /^[\x21-\x7e\u00a0-\uffff]{1,256}$/;

function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  // RFC 6265 §5.4: the browser lists more specific paths first, so the first match wins.
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      // js-cookie, which the SDK uses, percent-encodes what it writes.
      value = decodeURIComponent(value);
    } catch {
      // Another library's malformed value: keep it raw rather than fail the request.
    }
    return PLAUSIBLE.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * The visitor's anonymous id from a `Cookie` request header (`novinAnonymousId`), to attach
 * browser identity to events your server sends. Never throws; undefined when absent.
 * @example
 * const anonymousId = anonymousIdFromCookie(req.headers.cookie);
 */
export function anonymousIdFromCookie(cookieHeader: string | null | undefined): string | undefined {
  return readCookie(cookieHeader, ANONYMOUS_ID_COOKIE);
}

/** The visitor's A/B group from a `Cookie` request header (`novin-AB`); undefined when absent. */
export function abGroupFromCookie(cookieHeader: string | null | undefined): string | undefined {
  return readCookie(cookieHeader, AB_COOKIE);
}

/**
 * Both ids, holding only those present, ready to spread into a server event:
 * `novin.events.send({ name: 'registerOrder', ...identityFromCookie(cookie), userId, itemIdList })`.
 */
export function identityFromCookie(cookieHeader: string | null | undefined): BrowserIdentity {
  const anonymousId = anonymousIdFromCookie(cookieHeader);
  const novinAB = abGroupFromCookie(cookieHeader);
  return { ...(anonymousId && { anonymousId }), ...(novinAB && { novinAB }) };
}
