/**
 * Shared steps of the push tests: a site page with the script-tag SDK, our worker registered
 * on it, and pushes delivered through the DevTools protocol (no push service needed).
 */
import { generateKeyPairSync } from 'node:crypto';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Collector } from './helpers/collector.js';

/** A real P-256 public key, as a site would configure it (base64url, uncompressed point). */
export function vapidKey(): string {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]).toString('base64url');
}

/** A page with the SDK; `errs` collects what it reported to onError. */
export function sitePage(c: Collector, config: Record<string, unknown> = {}): string {
  const conf = JSON.stringify({ projectId: 'p1', endpoint: c.url, flushInterval: 50, ...config });
  return `<!doctype html><html><head><meta charset="utf-8"><title>site</title>
<script>window.errs = []; window.novinConfig = Object.assign(${conf}, { onError: function (e) { errs.push({ kind: e.kind, message: e.message }); } });</script>
<script src="/novinSDK.js"></script></head><body></body></html>`;
}

export const BLANK = '<!doctype html><title>blank</title><p>no SDK here';

/** The anonymous id the page stored where the worker reads it, or '' (run in the page). */
const storedVisitor = () =>
  new Promise<string>((resolve) => {
    const open = indexedDB.open('novin');
    // Opening must not create the database: the SDK's own open would then find no store.
    open.onupgradeneeded = () => open.transaction!.abort();
    open.onerror = () => resolve('');
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('kv')) return db.close(), resolve('');
      const get = db.transaction('kv').objectStore('kv').get('visitor');
      get.onsuccess = () => (db.close(), resolve(get.result?.anonymousId ?? ''));
      get.onerror = () => (db.close(), resolve(''));
    };
  });

/** Resolves with the anonymous id once the page has stored the visitor where the worker reads it. */
export async function visitorSaved(page: Page, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const id = await page.evaluate(storedVisitor);
    if (id) return id;
    if (Date.now() > end) throw new Error('the page never stored the visitor for the worker');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const workerUrl = (c: Collector, extra = '') => `/novin-sw.js?projectId=p1&endpoint=${encodeURIComponent(c.url)}${extra}`;

/** Registers our worker from the page and waits until it is active. */
export function register(page: Page, url: string): Promise<void> {
  return page.evaluate(async (u) => {
    const reg = await navigator.serviceWorker.register(u);
    const w = reg.installing ?? reg.waiting;
    if (!reg.active && w)
      await new Promise<void>((resolve) => w.addEventListener('statechange', () => w.state === 'activated' && resolve()));
  }, url);
}

export interface Pusher {
  cdp: CDPSession;
  registrationId: string;
  push(data: unknown): Promise<void>;
  sync(tag?: string): Promise<void>;
}

/** DevTools access to the origin's worker registration, through a page of the site. */
export async function pusher(ctx: BrowserContext, page: Page, origin: string): Promise<Pusher> {
  const cdp = await ctx.newCDPSession(page);
  const regs: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = [];
  let seen: () => void = () => {};
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => (regs.push(...e.registrations), seen()));
  await cdp.send('ServiceWorker.enable');
  const find = () => regs.find((r) => r.scopeURL === origin + '/' && !r.isDeleted);
  if (!find()) await new Promise<void>((resolve) => (seen = () => find() && resolve()));
  const { registrationId } = find()!;
  return {
    cdp,
    registrationId,
    push: (data) =>
      cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: typeof data === 'string' ? data : JSON.stringify(data) }).then(() => undefined),
    sync: (tag = 'novin-flush') => cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId, tag, lastChance: false }).then(() => undefined),
  };
}

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  data: { novin?: { id: string; url?: string } };
}

export const notifications = (page: Page): Promise<ShownNotification[]> =>
  page.evaluate(async () =>
    ((await (await navigator.serviceWorker.getRegistration('/'))?.getNotifications()) ?? []).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })),
  );

/** The first event of that name whose properties match, once the collector has it. */
export function reported(c: Collector, name: string, props: Record<string, unknown>): Promise<Record<string, unknown>> {
  return c.waitFor(
    (x) =>
      [...x.unique.values()].find(
        (e) => e.name === name && Object.entries(props).every(([k, v]) => (e.properties as Record<string, unknown>)?.[k] === v),
      ),
    15_000,
    `${name} ${JSON.stringify(props)}`,
  );
}
