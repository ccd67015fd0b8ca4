/**
 * The worker's event handlers. Each one handles only what is ours — pushes to our
 * subscription, notifications carrying our marker, our sync tag — and never stops other
 * listeners, so a site can run its own handlers beside them.
 */
import type { Note } from '../src/push-subscription.js';
import { settings, type WorkerConfig } from './config.js';
import { clickUrl, metaOf, readPayload, type Shown } from './payload.js';
import { flush, report, SYNC_TAG } from './report.js';
import { reconcile } from './reconcile.js';
import { showPage } from './windows.js';

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

export interface Handlers {
  push(e: PushEvent): void;
  notificationclick(e: NotificationEvent): void;
  notificationclose(e: NotificationEvent): void;
  pushsubscriptionchange(e: PushSubscriptionChangeEvent): void;
  sync(e: SyncEvent): void;
  /** Notes from the site's pages about the push subscription. */
  message(e: ExtendableMessageEvent): void;
}

const noop = () => {};
const global = () => self as unknown as ServiceWorkerGlobalScope;

/** waitUntil throws on script-made events (test hooks, frameworks); the work runs regardless. */
function keep(e: ExtendableEvent, p: Promise<unknown>): void {
  p.catch(noop);
  try {
    e.waitUntil(p);
  } catch {
    /* see above */
  }
}

/**
 * The handlers for a site that adds its own listeners (`self.addEventListener('push', h.push)`).
 * Settings come from `config`, else from the worker's URL.
 */
export function createHandlers(config?: WorkerConfig, scope: ServiceWorkerGlobalScope = global()): Handlers {
  const s = settings(scope.location.href, config);
  const reg = () => scope.registration;
  return {
    push(e) {
      let n: Shown;
      try {
        n = readPayload(e.data?.text(), s.origin, s.allow);
      } catch {
        n = readPayload(null, s.origin);
      }
      const props: Record<string, unknown> = { notificationId: n.id ?? '' };
      if (n.malformed) props.malformed = true;
      keep(e, Promise.all([reg().showNotification(n.title, n.options), report(s, 'notificationReceived', props, reg())]));
    },
    notificationclick(e) {
      const m = metaOf(e.notification);
      if (!m) return;
      e.notification.close();
      const props: Record<string, unknown> = { notificationId: m.id };
      if (e.action) props.action = e.action;
      // The report starts before the window: opening one may end the worker on Android.
      keep(e, Promise.all([report(s, 'notificationClicked', props, reg()), showPage(scope.clients, clickUrl(m, e.action, s.origin))]));
    },
    notificationclose(e) {
      const m = metaOf(e.notification);
      if (m) keep(e, report(s, 'notificationClosed', { notificationId: m.id }, reg()));
    },
    pushsubscriptionchange(e) {
      keep(e, reconcile(s, reg(), { novin: 'check' }, e));
    },
    sync(e) {
      if (e.tag != SYNC_TAG) return;
      // A rejection makes the browser retry the sync later, until its last chance.
      keep(
        e,
        flush(s).then((done) => {
          if (!done && !e.lastChance) throw new Error('novin: delivery failed; the browser retries this sync');
        }),
      );
    },
    message(e) {
      // Only same-origin pages can message the worker; anything else is some other script's.
      const n = e.data as Note | null;
      if (n?.novin == 'check' || n?.novin == 'unsubscribed') keep(e, reconcile(s, reg(), n));
    },
  };
}

/** Adds every handler to the worker. Call it during the worker's first evaluation, as browsers require. */
export function install(config?: WorkerConfig, scope: ServiceWorkerGlobalScope = global()): Handlers {
  const h = createHandlers(config, scope);
  for (const [type, fn] of Object.entries(h)) scope.addEventListener(type, fn as EventListener);
  return h;
}
