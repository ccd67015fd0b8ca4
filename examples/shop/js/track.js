// The shop's side of tracking: every call goes through window.novin (the stub until
// novinSDK.js arrives), and nothing here may break the page if tracking is blocked.
import { salePrice } from './data.js';
import { local } from './i18n.js';

export function send(body) {
  try {
    return window.novin.event.send(body);
  } catch (e) {
    return Promise.reject(e);
  }
}

export function identify(userId) {
  try {
    window.novin.identify(userId);
  } catch {
    // tracking blocked: the shop works the same
  }
}

/**
 * Waits until a send is stored for delivery before the page navigates away, but never longer
 * than `ms`: with the SDK blocked (an ad blocker) the stub's promise would never settle.
 */
export function beforeLeaving(promises, ms = 2000) {
  const all = Promise.all([].concat(promises).map((p) => Promise.resolve(p).catch(() => undefined)));
  return Promise.race([all, new Promise((r) => setTimeout(r, ms))]);
}

export const itemUrl = (item) => new URL(`/item.html?id=${encodeURIComponent(item.id)}`, location.origin).href;
export const imageUrl = (item) => new URL(`/img/${item.image}`, location.origin).href;

/** One `itemsList` entry as the catalog describes it, named in the page's language. */
export const listEntry = (item, count = 1) => ({
  itemId: item.id,
  itemName: local(item),
  itemPrice: salePrice(item),
  itemCount: count,
  itemImageUrl: imageUrl(item),
  itemUrl: itemUrl(item),
});
