import Cookies from 'js-cookie';

/** The three first-party cookies of SPEC §3. */
export const PROJECT_COOKIE = 'novinProjectId';
export const ANONYMOUS_COOKIE = 'novinAnonymousId';
export const AB_COOKIE = 'novin-AB';
/** The visitor's choice, beside localStorage and IndexedDB so that clearing one does not lose it: '1' refused, '0' agreed. */
export const OPT_OUT_COOKIE = 'novinOptOut';

export interface CookieJar {
  /** A cookie's value; '' or undefined when there is none. */
  get(name: string): string | undefined;
  /** Writes (or with '', removes) a cookie. */
  set(name: string, value: string): void;
  /** The domain cookies are written on ('' = host-only), once it had to be chosen. */
  domain(): string | undefined;
}

const IP_OR_LOCAL = /^(localhost|\[[0-9a-f:.]+\]|[\d.]+)$/i;
const PROBE = 'novin_probe';

/**
 * Candidate cookie domains for a host, widest first, skipping single labels (a top-level
 * domain is never registrable). The browser itself refuses public suffixes such as co.uk,
 * so probing from the widest down finds the registrable domain without a suffix list.
 */
export function domainCandidates(host: string): string[] {
  if (IP_OR_LOCAL.test(host)) return [];
  // A single label yields none.
  const labels = host.split('.');
  return labels.slice(1).map((_, i) => labels.slice(i).join('.')).reverse();
}

/**
 * Cookies through js-cookie: 365 days, path /, SameSite=Lax, Secure on https, on the widest
 * domain that accepts a probe cookie. When cookies are blocked or throw, values live in
 * memory for this page: tracking degrades, the page never breaks.
 */
export function createCookies(cookieDomain?: string): CookieJar {
  const memory: Record<string, string> = {};
  let chosen: string | undefined = cookieDomain;
  let blocked = false;

  const attributes = (domain: string) => ({
    expires: 365,
    path: '/',
    sameSite: 'Lax' as const,
    secure: location.protocol === 'https:',
    ...(domain ? { domain } : {}),
  });

  const works = (domain: string) => {
    Cookies.set(PROBE, '1', attributes(domain));
    const ok = Cookies.get(PROBE) === '1';
    Cookies.remove(PROBE, attributes(domain));
    return ok;
  };

  const choose = (): string => domainCandidates(location.hostname).find((d) => works(d)) ?? '';

  return {
    get(name) {
      let v: string | undefined;
      try {
        v = Cookies.get(name);
      } catch {
        /* a throwing document.cookie (sandboxed frame, hostile getter): memory only */
      }
      // Where writes do not stick, this page's own value wins over a stale one it cannot replace;
      // elsewhere the cookie is the truth, as other tabs and the site's server may change it.
      return blocked ? memory[name] ?? v : v;
    },
    set(name, value) {
      memory[name] = value;
      if (blocked) return;
      try {
        const a = attributes((chosen ??= choose()));
        if (value) Cookies.set(name, value, a);
        else Cookies.remove(name, a);
        // A cookie that did not stick (blocked, or a bad cookieDomain) is kept in memory only.
        blocked = (Cookies.get(name) ?? '') !== value;
      } catch {
        blocked = true;
      }
    },
    domain: () => chosen,
  };
}
