// The cart, the wish list and the applied coupon, kept in localStorage like a guest cart.
import { checkCoupon, findItem, salePrice } from './data.js';
import { listEntry } from './track.js';

const CART = 'shop.cart';
const WISH = 'shop.wishlist';
const COUPON = 'shop.coupon';

function load(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}
const save = (key, value) => localStorage.setItem(key, JSON.stringify(value));

/** [{ item, count }] for items that still exist. */
export function cartLines() {
  return load(CART, [])
    .map(({ id, count }) => ({ item: findItem(id), count }))
    .filter((l) => l.item && l.count > 0);
}

export function addToCart(id, count = 1) {
  const lines = load(CART, []);
  const line = lines.find((l) => l.id === id);
  if (line) line.count += count;
  else lines.push({ id, count });
  save(CART, lines);
}

export function removeFromCart(id) {
  save(CART, load(CART, []).filter((l) => l.id !== id));
}

export function clearCart() {
  localStorage.removeItem(CART);
  localStorage.removeItem(COUPON);
}

export const cartCount = () => cartLines().reduce((n, l) => n + l.count, 0);
export const cartItemsList = () => cartLines().map((l) => listEntry(l.item, l.count));

export const wishList = () => load(WISH, []).map(findItem).filter(Boolean);
export function addToWishList(id) {
  const ids = load(WISH, []);
  if (!ids.includes(id)) save(WISH, [...ids, id]);
}

export const couponCode = () => load(COUPON, '');
export const setCoupon = (code) => (code ? save(COUPON, code) : localStorage.removeItem(COUPON));

/** Subtotal, quantity, and the coupon re-checked against the current cart. */
export function totals() {
  const lines = cartLines();
  const subtotal = lines.reduce((s, l) => s + salePrice(l.item) * l.count, 0);
  const quantity = lines.reduce((n, l) => n + l.count, 0);
  const code = couponCode();
  const c = code ? checkCoupon(code, subtotal) : undefined;
  const discount = c?.ok ? c.value : 0;
  return {
    subtotal,
    quantity,
    discount,
    total: subtotal - discount,
    coupon: c?.ok ? { couponCode: code, couponPercentage: c.percentage, couponValue: c.value } : undefined,
  };
}

/** The fields checkOut and registerOrder share. */
export function orderFields() {
  const t = totals();
  return {
    itemIdList: cartLines().map((l) => l.item.id),
    properties: {
      itemsList: cartItemsList(),
      totalPrice: t.total,
      totalQuantity: t.quantity,
      ...(t.coupon ?? {}),
    },
  };
}
