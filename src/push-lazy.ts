/**
 * `novin.push` without the push code: the module is fetched only for sites that configure push
 * (the script tag fetches novin-push.js beside novinSDK.js; the npm build imports a chunk that
 * the app's bundler splits off), so sites and visitors that never use push never download it.
 * A site that configured a VAPID key gets it fetched right after load, so a click's subscribe()
 * finds it ready and keeps the user gesture the permission prompt needs.
 */
import { novinError } from './errors.js';
import type { NovinPush, PushConfig, PushState } from './push.js';
import { pushSupported } from './push-support.js';
import { noop } from './storage.js';
import type { PushFactory } from './novin.js';

declare global {
  interface Window {
    /** Set by novin-push.js when it loads. */
    novinPushFactory?: PushFactory;
  }
}

/** A PushFactory whose push code `load` fetches (and runs with the config) when first needed. */
export function deferredPush(load: (c?: PushConfig) => Promise<NovinPush>): PushFactory {
  return (c?: PushConfig): NovinPush => {
    const supported = () => !!c && pushSupported();
    let loading: Promise<NovinPush> | undefined;
    const loaded = () =>
      (loading ??= load(c).catch((e) => {
        loading = undefined;
        c?.onError(novinError('push', 'novin push: ' + e.message));
        throw e;
      }));
    if (supported() && c?.options?.vapidPublicKey) setTimeout(() => loaded().catch(noop));
    return {
      isSupported: supported,
      permission: () => (supported() ? Notification.permission : 'unsupported'),
      subscribe: () => (supported() ? loaded().then((p) => p.subscribe(), (): PushState => 'failed') : Promise.resolve('unsupported')),
      unsubscribe: () => (supported() ? loaded().then((p) => p.unsubscribe(), () => false) : Promise.resolve(false)),
    };
  };
}

/** What a Trusted Types policy offers us (TypeScript's DOM types have no Trusted Types yet). */
type ScriptUrlPolicy = { createScriptURL(url: string): string };
type TrustedTypes = { createPolicy(name: string, rules: ScriptUrlPolicy): ScriptUrlPolicy };
let policy: ScriptUrlPolicy | undefined;

/** The script tag's: novin-push.js at `src`, which sets window.novinPushFactory. */
export const lazyPush = (src: string): PushFactory =>
  deferredPush(
    (c) =>
      new Promise<NovinPush>((resolve, reject) => {
        const loaded = () => (window.novinPushFactory ? resolve(window.novinPushFactory(c)) : reject(new Error('not a push module')));
        if (window.novinPushFactory) return loaded();
        const s = document.createElement('script');
        // A page that enforces Trusted Types refuses a plain script URL: ours goes through a policy
        // named 'novin', made only when push loads (a CSP that lists its policies must name it).
        try {
          policy ??= (window as unknown as { trustedTypes?: TrustedTypes }).trustedTypes?.createPolicy('novin', { createScriptURL: (u) => u });
        } catch {
          /* not allowed by the page's CSP: the plain URL, refused as it would be anyway */
        }
        s.src = policy?.createScriptURL(src) ?? src;
        s.onload = loaded;
        s.onerror = () => reject(new Error('could not load ' + src));
        document.head.appendChild(s);
      }),
  );
