/**
 * `novin-sdk/global`: the types of `window.novin` and `window.novinConfig` for pages that load
 * the script-tag build (novinSDK.js) and call it from TypeScript. Bring them in once:
 *
 * @example
 * import type {} from 'novin-sdk/global';
 * window.novin?.event.send({ name: 'itemView', itemId: 'sku-1001' });
 */
import type { Novin, NovinOptions } from './novin.js';

declare global {
  interface Window {
    /** The SDK once novinSDK.js has run; before that, the README's stub that records calls. */
    novin?: Novin;
    /** Settings read by novinSDK.js when it starts (set it before the script loads). */
    novinConfig?: NovinOptions;
  }
}

export {};
