/**
 * Page lifecycle signals for delivery. Page-only, and a no-op where there is no document
 * (service worker, server rendering).
 */
import { PAGE_ONLY } from './page.js';

export interface PageHandlers {
  /** The page may be about to go away for good. */
  hidden(): void;
  /** Shown again, also after a restore from the back/forward cache. */
  visible(): void;
  /** The network came or went (navigator.onLine says which). */
  network(): void;
}

export function onPageChange(h: PageHandlers): void {
  if (!PAGE_ONLY && (typeof document == 'undefined' || typeof addEventListener != 'function')) return;
  // Never `unload`/`beforeunload`: they are unreliable on mobile and keep pages out of the bfcache.
  // `visibilitychange` is the last event mobile browsers reliably fire; `pagehide` covers the
  // desktop navigations that skip it. A second call finds what the first sent still in flight.
  document.addEventListener('visibilitychange', () => (document.visibilityState == 'hidden' ? h.hidden() : h.visible()));
  addEventListener('pagehide', h.hidden);
  addEventListener('pageshow', (e) => (e as PageTransitionEvent).persisted && h.visible());
  addEventListener('online', h.network);
  addEventListener('offline', h.network);
}
