/**
 * Which URLs a notification may open or load. The payload is untrusted: a push can come from
 * anyone holding the subscription, so a link or an icon must never lead off the site unless
 * the site listed that origin.
 */

const MAX_URL = 2048;

/** Origins from a list of URLs or origins; unreadable entries are left out. */
export function origins(list: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const o of list ?? []) {
    try {
      const { origin } = new URL(String(o));
      // Opaque origins ('null': data:, blob:, file:) would match nothing sensible.
      if (origin != 'null') out.push(origin);
    } catch {
      /* not a URL */
    }
  }
  return out;
}

/**
 * The absolute URL when it may be used: http(s), no credentials, on the site's `origin` or an
 * allowed origin. Relative URLs resolve against the site root. Otherwise undefined.
 */
export function safeUrl(raw: unknown, origin: string, allow: readonly string[] = []): string | undefined {
  if (typeof raw != 'string' || !raw || raw.length > MAX_URL) return;
  try {
    const u = new URL(raw, origin);
    if (/^https?:$/.test(u.protocol) && !u.username && !u.password && (u.origin == origin || allow.includes(u.origin))) return u.href;
  } catch {
    /* unreadable: refused */
  }
}
