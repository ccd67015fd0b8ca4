/**
 * `novin.push` for the script tag: the push module is its own file (novin-push.js, beside
 * novinSDK.js), so sites and visitors that never use push never download it. A site that
 * configured a VAPID key gets it fetched right after load, so a click's subscribe() finds it
 * ready and keeps the user gesture the permission prompt needs.
 */
import { novinError } from './errors.js';
import type { NovinPush, PushConfig, PushState } from './push.js';
import { pushSupported } from './push-support.js';
import type { PushFactory } from './novin.js';

declare global {
  interface Window {
    /** Set by novin-push.js when it loads. */
    novinPushFactory?: PushFactory;
  }
}

export function lazyPush(src: string): PushFactory {
  return (c?: PushConfig): NovinPush => {
    const supported = () => !!c && pushSupported();
    let loading: Promise<NovinPush> | undefined;
    const load = () =>
      (loading ??= new Promise<NovinPush>((resolve, reject) => {
        if (window.novinPushFactory) return resolve(window.novinPushFactory(c));
        const s = document.createElement('script');
        s.src = src;
        s.onload = () => (window.novinPushFactory ? resolve(window.novinPushFactory(c)) : reject(new Error('not a push module')));
        s.onerror = () => reject(new Error('could not load ' + src));
        document.head.appendChild(s);
      }).catch((e) => {
        loading = undefined;
        c?.onError(novinError('push', 'novin push: ' + e.message));
        throw e;
      }));
    if (supported() && c?.options?.vapidPublicKey) setTimeout(() => load().catch(() => {}));
    return {
      isSupported: supported,
      permission: () => (supported() ? Notification.permission : 'unsupported'),
      subscribe: () => (supported() ? load().then((p) => p.subscribe(), (): PushState => 'failed') : Promise.resolve('unsupported')),
      unsubscribe: () => (supported() ? load().then((p) => p.unsubscribe(), () => false) : Promise.resolve(false)),
    };
  };
}
