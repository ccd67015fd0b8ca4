/**
 * Retry policy shared by the browser delivery, the service worker and the server client:
 * small pure functions, so each rule has its own unit test.
 */

/** What to do with an answer: 'ok' delete, 'retry' keep and try later, 'drop' refused for good. */
export type Outcome = 'ok' | 'retry' | 'drop';

/** `status` 0 means the request never got an answer (network error, offline, CORS, abort). */
export function classify(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  return 'drop';
}

/**
 * Exponential backoff with full jitter, capped: attempt 1 waits up to `base`, each further
 * attempt doubles the ceiling until `cap`. `random` is injectable for tests.
 */
export function backoff(attempt: number, base = 1000, cap = 60_000, random: () => number = Math.random): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half random: never hammers at 0 ms, still spreads many clients apart.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Milliseconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or
 * undefined when absent or unreadable. Clamped to `max` so a hostile header cannot park
 * delivery for days.
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now(), max = 3_600_000): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : /[a-z]/i.test(value) ? Date.parse(value) - now : NaN;
  if (!isFinite(ms)) return undefined;
  return Math.min(max, Math.max(0, ms));
}
