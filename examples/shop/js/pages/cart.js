import { checkCoupon, salePrice } from '../data.js';
import { cartLines, couponCode, removeFromCart, setCoupon, totals } from '../cart.js';
import { boot, refreshCartCount } from '../layout.js';
import { send } from '../track.js';
import { h, notice, render, toman } from '../ui.js';

boot();

function onRemove(item) {
  removeFromCart(item.id);
  send({ name: 'itemRemoveFromCart', itemId: item.id, properties: { itemName: item.name } });
  refreshCartCount();
  draw();
}

function onApplyCoupon(event) {
  event.preventDefault();
  const code = new FormData(event.target).get('coupon').toString().trim().toUpperCase();
  if (!code) return;
  const result = checkCoupon(code, totals().subtotal);
  const c = result.coupon ?? {};
  const properties = { couponCode: code, couponCategory: c.category ?? 'unknown', couponPercentage: c.percentage ?? 0, couponValue: result.value ?? c.value ?? 0 };
  if (result.ok) {
    setCoupon(code);
    send({ name: 'couponApplied', properties });
    draw(notice(`${code} applied: ${toman(result.value)} off.`, 'ok'));
  } else {
    send({ name: 'couponNotApplied', properties: { ...properties, reason: result.reason } });
    draw(notice(`${code} cannot be used: ${result.reason}.`, 'error'));
  }
}

function draw(message) {
  const lines = cartLines();
  if (!lines.length) {
    render(h('h1', {}, 'Your cart'), notice('Your cart is empty.'), h('a', { href: '/' }, '← Keep shopping'));
    return;
  }
  const t = totals();
  render(
    h('h1', {}, 'Your cart'),
    h('table', { class: 'cart' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Item'), h('th', {}, 'Qty'), h('th', {}, 'Price'), h('th', {}))),
      h('tbody', {}, lines.map(({ item, count }) =>
        h('tr', { dataset: { itemId: item.id } },
          h('td', {}, h('a', { href: `/item.html?id=${item.id}` }, item.name)),
          h('td', {}, String(count)),
          h('td', {}, toman(salePrice(item) * count)),
          h('td', {}, h('button', { type: 'button', class: 'link remove', onclick: () => onRemove(item) }, 'Remove')))))),
    h('form', { class: 'coupon', id: 'coupon-form', onsubmit: onApplyCoupon },
      h('input', { name: 'coupon', placeholder: 'Coupon code', 'aria-label': 'Coupon code', value: couponCode() }),
      h('button', { type: 'submit', class: 'secondary' }, 'Apply')),
    message ?? null,
    h('dl', { class: 'totals' },
      h('dt', {}, 'Subtotal'), h('dd', {}, toman(t.subtotal)),
      t.discount ? [h('dt', {}, `Coupon ${t.coupon.couponCode}`), h('dd', {}, `−${toman(t.discount)}`)] : null,
      h('dt', {}, 'Total'), h('dd', { class: 'total' }, toman(t.total))),
    h('a', { class: 'button primary', href: '/checkout.html?step=1', id: 'checkout' }, 'Checkout →'),
  );
}

draw();
