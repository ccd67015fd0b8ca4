/**
 * Keeps the collector's copy of the subscription in line with the browser's. Runs when a page
 * says so (each page load, after subscribing, after unsubscribing) and on
 * `pushsubscriptionchange`, which Chrome rarely fires: the page-load check is the mechanism,
 * the event a bonus.
 */
import { keyBytes, loadPush, removeEndpoint, savePush, upload, type Note } from '../src/push-subscription.js';
import { loadVisitor } from '../src/queue.js';
import type { Settings } from './config.js';

let checking: Promise<void> = Promise.resolve();

/**
 * One check at a time: two pages (or a page load and a sign-in) asking together would both
 * see the old record and upload the same subscription twice.
 */
export function reconcile(s: Settings, reg: ServiceWorkerRegistration, note: Note, change?: PushSubscriptionChangeEvent): Promise<void> {
  const run = () => check(s, reg, note, change);
  return (checking = checking.then(run, run));
}

async function check(s: Settings, reg: ServiceWorkerRegistration, note: Note, change?: PushSubscriptionChangeEvent): Promise<void> {
  const last = await loadPush();
  if (note.novin == 'unsubscribed') {
    await savePush({});
    if (note.endpoint) await removeEndpoint(s, note.endpoint);
    return;
  }
  const key = note.key ?? last.key;
  // The site never subscribed through novin: the subscription is not ours to manage.
  if (!key) return;
  if (key != last.key) await savePush({ ...last, key });
  let sub = 'sub' in note ? note.sub : (change?.newSubscription ?? (await reg.pushManager.getSubscription()))?.toJSON();
  // Lost (expired, or dropped by the browser) while permission lasts: renew it.
  if (!sub && Notification.permission == 'granted')
    sub = (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) })).toJSON();
  if (sub?.endpoint) {
    const v = note.ids?.anonymousId ? note.ids : await loadVisitor();
    // Signing in or out changes who the collector should file it under, though the subscription stays.
    if (sub.endpoint == last.endpoint && v.anonymousId == last.anonymousId && v.userId == last.userId) return;
    // Without an anonymous id the collector cannot file it; a later page load tries again.
    if (v.anonymousId && (await upload(s, sub, v, change?.oldSubscription?.endpoint ?? last.endpoint)))
      await savePush({ key, endpoint: sub.endpoint, anonymousId: v.anonymousId, userId: v.userId });
  } else if (last.endpoint && (await removeEndpoint(s, last.endpoint))) await savePush({ key });
}
