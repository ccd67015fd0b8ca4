/**
 * Web push from the page: registers the worker, asks permission only when the site calls
 * `subscribe()` (from a click), and keeps the collector's copy of the subscription current on
 * every page load, because Chrome rarely fires `pushsubscriptionchange`.
 */
import { keyBytes, loadPush, removeEndpoint, savePush, upload } from '../sw/subscription.js';
import { novinError, type NovinError } from './errors.js';
import type { Ids } from './identity.js';

export interface PushOptions {
  /** The project's VAPID public key (base64url). Needed to subscribe. */
  vapidPublicKey?: string;
  /** Where the site serves the worker: our `novin-sw.js`, or its own worker that imports it. @default '/novin-sw.js' */
  workerPath?: string;
  /** @default '/' */
  scope?: string;
  /** Origins besides the site's own that notifications may link to or load images from. */
  urlAllowlist?: string[];
}

/**
 * - 'subscribed': the browser is subscribed (and the collector told, or told on a later page load);
 * - 'default': the visitor dismissed the prompt; 'denied': notifications are blocked for the site;
 * - 'needs-gesture': call `subscribe()` from a click handler, browsers refuse the prompt otherwise;
 * - 'unsupported': no push here (old browser, plain http, iOS outside a Home Screen app, SSR);
 * - 'blocked': another service worker holds the scope (see onError for how to import ours);
 * - 'failed': something else went wrong (see onError).
 */
export type PushState = 'subscribed' | 'default' | 'denied' | 'needs-gesture' | 'unsupported' | 'blocked' | 'failed';

export interface NovinPush {
  isSupported(): boolean;
  /** The notification permission, or 'unsupported'. */
  permission(): NotificationPermission | 'unsupported';
  /** Asks permission if needed, subscribes and tells the collector. Never rejects. */
  subscribe(): Promise<PushState>;
  /** Resolves true when a subscription was removed. Never rejects. */
  unsubscribe(): Promise<boolean>;
}

export interface PushConfig {
  endpoint: string;
  projectId: string;
  ids(): Ids;
  onError(e: NovinError): void;
  options?: PushOptions;
}

const VERSION = '__NOVIN_VERSION__';
const noop = () => {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const b64 = (buf: ArrayBuffer | null) =>
  buf ? btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : '';
// Some Safari versions hand out subscriptions without toJSON.
const json = (sub: PushSubscription): PushSubscriptionJSON =>
  sub.toJSON ? sub.toJSON() : { endpoint: sub.endpoint, keys: { p256dh: b64(sub.getKey('p256dh')), auth: b64(sub.getKey('auth')) } };
// A subscription made with another key cannot be reused: subscribe() would throw.
const sameKey = (a: ArrayBuffer | null, b: Uint8Array) => !a || String(new Uint8Array(a)) == String(b);

function activated(reg: ServiceWorkerRegistration): Promise<unknown> {
  const w = reg.installing ?? reg.waiting;
  return reg.active || !w
    ? Promise.resolve()
    : new Promise((resolve, reject) =>
        w.addEventListener('statechange', () => (w.state == 'activated' ? resolve(0) : w.state == 'redundant' && reject(new Error('the worker failed to install')))),
      );
}

/** Without a config (server rendering) every call answers 'unsupported'. */
export function createPush(c?: PushConfig): NovinPush {
  const o = c?.options ?? {};
  const scope = o.scope ?? '/';
  const supported = () =>
    !!c && typeof window != 'undefined' && isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  const fail = (m: string) => c!.onError(novinError('push', 'novin push: ' + m));

  /** Ours when nothing or our worker holds the scope; null (refused) when another worker does. */
  async function registration(create: boolean): Promise<ServiceWorkerRegistration | null | undefined> {
    const q = new URLSearchParams({ projectId: c!.projectId, endpoint: c!.endpoint, v: VERSION });
    if (o.urlAllowlist?.length) q.set('allow', o.urlAllowlist.join(','));
    const want = new URL(`${o.workerPath ?? '/novin-sw.js'}?${q}`, location.href);
    const reg = await navigator.serviceWorker.getRegistration(scope);
    const w = reg && (reg.active ?? reg.waiting ?? reg.installing);
    if (reg && w) {
      const have = new URL(w.scriptURL);
      if (have.pathname != want.pathname) {
        fail(`${have.pathname} already holds scope ${scope}; not replacing it. Add importScripts('/novin-sw.js') to it and set push.workerPath to '${have.pathname}'`);
        return null;
      }
      // A site registering its own importing worker keeps its URL; ours is updated when settings or version change.
      if (!create || have.href == want.href || !have.searchParams.has('projectId')) return reg;
    }
    if (create) return navigator.serviceWorker.register(want.href, { scope, updateViaCache: 'none' });
  }

  /** Uploads once the collector has issued the anonymous id (it may still be on its way). */
  async function send(sub: PushSubscription, key?: string, replaces?: string): Promise<boolean> {
    for (let i = 0; i < 40 && !c!.ids().anonymousId; i++) await sleep(250);
    const ok = !!c!.ids().anonymousId && (await upload(c!, json(sub), c!.ids(), key, replaces));
    if (!ok) fail('the collector did not take the subscription; it is sent again on the next page load');
    return ok;
  }

  /** Every page load: re-upload a changed subscription, renew a lost one, withdraw a revoked one. */
  async function refresh(): Promise<void> {
    const last = await loadPush();
    const reg = last.key && (await registration(false));
    if (!reg) return;
    let sub = await reg.pushManager.getSubscription();
    if (!sub && Notification.permission == 'granted') sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(last.key!) });
    if (sub) {
      if (sub.endpoint != last.endpoint) await send(sub, last.key, last.endpoint);
    } else if (last.endpoint && (await removeEndpoint(c!, last.endpoint))) await savePush({ key: last.key });
  }

  if (supported()) setTimeout(() => refresh().catch(noop));

  return {
    isSupported: supported,
    permission: () => (supported() ? Notification.permission : 'unsupported'),
    async subscribe() {
      try {
        if (!supported()) return 'unsupported';
        const key = o.vapidPublicKey;
        if (!key) return fail('push.vapidPublicKey is not set'), 'failed';
        let p = Notification.permission;
        if (p == 'default') {
          // Outside a click the prompt is refused (Safari, Firefox) or hidden (Chrome's quiet UI).
          if (navigator.userActivation && !navigator.userActivation.isActive) return 'needs-gesture';
          p = await Notification.requestPermission();
        }
        if (p != 'granted') return p;
        const reg = await registration(true);
        if (!reg) return 'blocked';
        await activated(reg);
        const bytes = keyBytes(key);
        const last = await loadPush();
        let sub = await reg.pushManager.getSubscription();
        if (sub && !sameKey(sub.options.applicationServerKey, bytes)) await sub.unsubscribe(), (sub = null);
        sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes });
        // Remembered first: a failed upload is retried by the next page load's refresh.
        await savePush({ key, endpoint: last.endpoint });
        await send(sub, key, last.endpoint);
        return 'subscribed';
      } catch (e) {
        fail('subscribe failed: ' + e);
        return 'failed';
      }
    },
    async unsubscribe() {
      try {
        const reg = supported() && (await registration(false));
        const sub = reg && (await reg.pushManager.getSubscription());
        if (!sub) return false;
        const { endpoint } = sub;
        await sub.unsubscribe();
        // Forgetting the key too keeps the page-load refresh from subscribing again.
        await savePush({});
        await removeEndpoint(c!, endpoint);
        return true;
      } catch {
        return false;
      }
    },
  };
}
