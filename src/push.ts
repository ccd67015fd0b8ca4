/**
 * Web push from the page: registers the worker, asks permission only when the site calls
 * `subscribe()` (from a click) and subscribes. Everything after that — uploading, noticing a
 * changed or lost subscription on each page load (Chrome rarely fires
 * `pushsubscriptionchange`) — is the worker's job: it runs anyway, and every byte here is paid
 * by every page view.
 */
import { novinError, type NovinError } from './errors.js';
import type { Ids } from './identity.js';
import { keyBytes, type Note } from './push-subscription.js';
import { pushSupported } from './push-support.js';
import { VISITOR_SAVED } from './queue.js';

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
 * - 'subscribed': the browser is subscribed; the worker tells the collector (and retries on later page loads);
 * - 'default': the visitor dismissed the prompt; 'denied': notifications are blocked for the site;
 * - 'needs-gesture': call `subscribe()` from a click handler, browsers refuse the prompt otherwise;
 * - 'unsupported': no push here (old browser, plain http, iOS outside a Home Screen app, SSR);
 * - 'blocked': another service worker holds the scope (onError says how to import ours);
 * - 'failed': something else went wrong (see onError).
 */
export type PushState = 'subscribed' | 'default' | 'denied' | 'needs-gesture' | 'unsupported' | 'blocked' | 'failed';

export interface NovinPush {
  isSupported(): boolean;
  /** The notification permission, or 'unsupported'. */
  permission(): NotificationPermission | 'unsupported';
  /** Asks permission if needed and subscribes. Call it from a click handler. Never rejects. */
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

/** Without a config (server rendering) every call answers 'unsupported'. */
export function createPush(c?: PushConfig): NovinPush {
  const o = c?.options ?? {};
  const scope = o.scope ?? '/';
  const supported = () => !!c && pushSupported();
  const fail = (m: string) => c!.onError(novinError('push', 'novin push: ' + m));
  const tell = async (reg: ServiceWorkerRegistration, note: Note) =>
    reg.active?.postMessage({ sub: (await reg.pushManager.getSubscription())?.toJSON() ?? null, ...note, ids: c!.ids() });

  /** Ours when nothing or our worker holds the scope; null (refused) when another worker does. */
  async function registration(create?: boolean): Promise<ServiceWorkerRegistration | null | undefined> {
    const q = new URLSearchParams({ projectId: c!.projectId, endpoint: c!.endpoint, v: VERSION });
    if (o.urlAllowlist?.length) q.set('allow', o.urlAllowlist.join(','));
    const want = new URL(`${o.workerPath ?? '/novin-sw.js'}?${q}`, location.href);
    const reg = await navigator.serviceWorker.getRegistration(scope);
    const w = reg && (reg.active ?? reg.waiting ?? reg.installing);
    if (reg && w) {
      const have = new URL(w.scriptURL);
      if (have.pathname != want.pathname) {
        // Said when the site asks to subscribe; the quiet checks of every page load stay quiet.
        if (create) fail(`${have.pathname} holds scope ${scope}: add importScripts('/novin-sw.js') to it and set push.workerPath`);
        return null;
      }
      // A site registering its own importing worker keeps its URL; ours follows settings and version.
      if (!create || have.href == want.href || !have.searchParams.has('projectId')) return reg;
    }
    if (create) return navigator.serviceWorker.register(want.href, { scope, updateViaCache: 'none' });
  }

  // Every page load of a push site and every change of the visitor's ids: the worker re-uploads a changed
  // subscription or one uploaded as another visitor, renews a lost one, withdraws a revoked one.
  const check = () => {
    if (supported() && o.vapidPublicKey && Notification.permission != 'default')
      registration()
        .then((r) => r && tell(r, { novin: 'check' }))
        .catch(noop);
  };
  check();
  if (supported()) addEventListener(VISITOR_SAVED, check);

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
        // subscribe() needs an active worker; a fresh one is only installing. It fails with a clear error past ~5 s.
        for (let i = 0; !reg.active && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
        const bytes = keyBytes(key);
        let sub = await reg.pushManager.getSubscription();
        const made = sub?.options.applicationServerKey;
        // A subscription made with another key cannot be reused: subscribe() would throw.
        if (made && String(new Uint8Array(made)) != String(bytes)) await sub!.unsubscribe(), (sub = null);
        if (!sub) await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes });
        await tell(reg, { novin: 'check', key });
        return 'subscribed';
      } catch (e) {
        fail('subscribe failed: ' + e);
        return 'failed';
      }
    },
    async unsubscribe() {
      try {
        const reg = supported() && (await registration());
        const sub = reg && (await reg.pushManager.getSubscription());
        if (!sub || !(await sub.unsubscribe())) return false;
        await tell(reg, { novin: 'unsubscribed', endpoint: sub.endpoint });
        return true;
      } catch {
        return false;
      }
    },
  };
}
