/**
 * HTTP to the collector (SPEC §10). Neutral code: pages and the service worker both use it.
 */
import { parseRetryAfter } from './retry.js';

export interface Answer {
  /** HTTP status; 0 when no answer came (network error, offline, timeout, CORS). */
  status: number;
  /** From `Retry-After`, in ms. */
  retryAfter?: number;
  /** messageIds the collector refused for good inside a 2xx answer, with its reasons. */
  rejected: { messageId: string; errors?: string[] }[];
}

/** A hung request must not hold the flush lock for ever. */
const TIMEOUT = 30_000;

export const eventsUrl = (endpoint: string, projectId: string): string =>
  `${endpoint}/api/sdk/events?projectId=${encodeURIComponent(projectId)}`;

/**
 * Wraps serialized events in the request envelope without parsing them again. `sentAt` is the
 * device's clock as the request leaves: beside each event's `time` it lets the collector
 * correct a device clock that is off.
 */
export const envelope = (events: string[]): string => `{"events":[${events.join(',')}],"sentAt":"${new Date().toISOString()}"}`;

/**
 * Aborts after `ms`. Safari 15.4–15.x has Web Locks but not AbortSignal.timeout: without this
 * fallback a collector that never answers would hold the cross-tab lock for ever.
 */
export const timeoutSignal = (ms: number, c = new AbortController()): AbortSignal =>
  AbortSignal.timeout?.(ms) ?? (setTimeout(() => c.abort(), ms), c.signal);

/**
 * POSTs one batch. `keepalive` (page hiding) sends text/plain: a CORS-simple request needs no
 * preflight, which keepalive requests may not get in time. Never rejects.
 */
export async function post(url: string, body: string, keepalive?: boolean): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      keepalive,
      headers: { 'Content-Type': keepalive ? 'text/plain' : 'application/json' },
      signal: timeoutSignal(TIMEOUT),
    });
    let rejected: Answer['rejected'] = [];
    // An unreadable 2xx answer still means the batch was taken.
    if (res.ok) rejected = await res.json().then((a) => (Array.isArray(a?.rejected) ? a.rejected : []), () => []);
    return { status: res.status, retryAfter: parseRetryAfter(res.headers.get('Retry-After')), rejected };
  } catch {
    return { status: 0, rejected: [] };
  }
}

/** The last resort while a page hides: true when the browser queued the beacon. */
export function beacon(url: string, body: string): boolean {
  try {
    return navigator.sendBeacon(url, body);
  } catch {
    return false;
  }
}
