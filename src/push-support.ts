import { PAGE_ONLY } from './page.js';

/** Web push is there: a secure page with service workers, the Push API and notifications. */
export const pushSupported = (): boolean =>
  (PAGE_ONLY || typeof window != 'undefined') && window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
