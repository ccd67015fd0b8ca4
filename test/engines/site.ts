/**
 * The test site the cross-engine suite visits: pages the collector serves, each starting with a
 * harness script that records what would break the host page (errors, unhandled rejections,
 * CSP violations) and what the SDK reported to onError. The harness is the page's first
 * script, served as a file: that is how a test changes the page before the SDK runs (the
 * engine-neutral init script: WebKit's classic WebDriver has none) and it works under a
 * strict CSP.
 */
import type { Collector } from '../browser/helpers/collector.js';
import type { Session, Tab } from './driver/index.js';

export interface Harness {
  errors: string[];
  violations: string[];
  reported: Array<{ kind: string; status?: number; count?: number }>;
}

declare global {
  interface Window {
    __harness: Harness;
  }
}

/** Host names that reach the collector besides 127.0.0.1: a plain-http site with two subdomains. */
export const HOSTS = ['www.sdk.test', 'app.sdk.test'];

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The harness, then `init` (code that must run before anything else on the page). */
export const harness = (init = '') => `(function () {
  var h = window.__harness = { errors: [], violations: [], reported: [] };
  addEventListener('error', function (e) { h.errors.push(String(e.message || e)); });
  addEventListener('unhandledrejection', function (e) { h.errors.push('unhandled rejection: ' + (e.reason && e.reason.message || e.reason)); });
  document.addEventListener('securitypolicyviolation', function (e) { h.violations.push(e.violatedDirective + ' ' + e.blockedURI); });
})();
${init}`;

export const HARNESS_TAG = '<script src="/harness.js"></script>';

/** A page with the script-tag SDK configured by window.novinConfig; onError lands in the harness. */
export function sdkPage(c: Pick<Collector, 'url'>, config: Record<string, unknown> = {}, body = ''): string {
  const conf = JSON.stringify({ projectId: 'p1', endpoint: c.url, flushInterval: 50, ...config });
  return `<!doctype html><html><head><meta charset="utf-8"><title>site</title>${HARNESS_TAG}
<script>window.novinConfig = Object.assign(${conf}, { onError: function (e) { __harness.reported.push({ kind: e.kind, status: e.status, count: e.count }); } });</script>
<script src="/novinSDK.js"></script></head><body>${body}</body></html>`;
}

/** Opens `url` in a new tab of the session. */
export async function visit(session: Session, url: string): Promise<Tab> {
  const tab = await session.newTab();
  await tab.goto(url);
  return tab;
}

/** Polls a page function until it returns something truthy. */
export async function until<A extends unknown[], R>(tab: Tab, what: string, fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R> {
  const end = Date.now() + 15_000;
  for (;;) {
    const v = await tab.evaluate(fn, ...args);
    if (v) return v;
    if (Date.now() > end) throw new Error(`page: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves with the anonymous id once the SDK in the page has it. */
export const hasId = (tab: Tab) =>
  until(tab, 'the anonymous id', () => (window.novin as { ids?(): { anonymousId?: string } } | undefined)?.ids?.().anonymousId);

/** Sends n search events in one task; resolves when send() resolved for all (they are stored). */
export const sendMany = (tab: Tab, n: number, from = 0, pad = 0) =>
  tab.evaluate(
    (n: number, from: number, pad: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          window.novin!.event.send({ name: 'search', properties: { searchQuery: `q${from + i}${'x'.repeat(pad)}` } } as never),
        ),
      ).then(() => n),
    n,
    from,
    pad,
  );

/** What the harness saw in the page. */
export const seen = (tab: Tab) => tab.evaluate(() => window.__harness);

/** Waits until the collector has heard nothing for `ms`: the only way to see that nothing more comes. */
export const quiet = (c: Collector, ms = 750) =>
  c.waitFor((x) => Date.now() - (x.requests.at(-1)?.at ?? 0) > ms, 15_000, `${ms} ms of quiet`);

/** Events requests received since index `from`, with their sizes. */
export function traffic(c: Collector, from = 0) {
  const reqs = c.requests.slice(from).filter((r) => r.path === '/api/sdk/events' && r.method === 'POST');
  const answered = reqs.filter((r) => r.status === 200);
  return {
    requests: reqs.length,
    answered: answered.length,
    bytes: answered.reduce((s, r) => s + Buffer.byteLength(r.body), 0),
    events: answered.reduce((s, r) => s + r.events.length, 0),
  };
}

/**
 * Every event arrived exactly once by messageId, and a repeat is only ever a re-send of the
 * same event (same messageId, same content), never a second copy under a new id.
 */
export function duplicatesOnlyByMessageId(c: Collector, expected: number): number {
  if (c.unique.size !== expected) throw new Error(`expected ${expected} unique events, the collector has ${c.unique.size}`);
  const queries = new Set([...c.unique.values()].map((e) => JSON.stringify(e.properties)));
  if (queries.size !== expected) throw new Error(`${expected - queries.size} event(s) arrived twice under different messageIds`);
  for (const e of c.raw)
    if (JSON.stringify(e) !== JSON.stringify(c.unique.get(String(e.messageId))))
      throw new Error(`a re-send of ${String(e.messageId)} differs from its first delivery`);
  return c.raw.length - c.unique.size;
}
