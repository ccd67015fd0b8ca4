import { checkCoupon, salePrice } from '../data.js';
import { cartLines, couponCode, removeFromCart, setCoupon, totals } from '../cart.js';
import { latinDigits, local, num, t, toman } from '../i18n.js';
import { boot, refreshCartCount } from '../layout.js';
import { send } from '../track.js';
import { h, notice, render } from '../ui.js';

boot(t('yourCart'));

function onRemove(item) {
  removeFromCart(item.id);
  send({ name: 'itemRemoveFromCart', itemId: item.id, properties: { itemName: local(item) } });
  refreshCartCount();
  draw();
}

function onApplyCoupon(event) {
  event.preventDefault();
  const code = latinDigits(new FormData(event.target).get('coupon')).trim().toUpperCase();
  if (!code) return;
  const result = checkCoupon(code, totals().subtotal);
  const c = result.coupon ?? {};
  const properties = { couponCode: code, couponCategory: c.category ?? 'unknown', couponPercentage: c.percentage ?? 0, couponValue: result.value ?? c.value ?? 0 };
  if (result.ok) {
    setCoupon(code);
    send({ name: 'couponApplied', properties });
    draw(notice(t('couponApplied', code, toman(result.value)), 'ok'));
  } else {
    send({ name: 'couponNotApplied', properties: { ...properties, reason: result.reason } });
    draw(notice(t('couponRefused', code, t(`coupon.${result.problem}`, toman(c.minTotal ?? 0))), 'error'));
  }
}

// One form for the life of the page: redrawing the cart around it keeps what the visitor typed
// (a refused code stays there to correct), the focus and the caret.
const couponForm = h('form', { class: 'coupon', id: 'coupon-form', onsubmit: onApplyCoupon },
  h('input', { name: 'coupon', placeholder: t('couponCode'), 'aria-label': t('couponCode'), value: couponCode() }),
  h('button', { type: 'submit', class: 'secondary' }, t('apply')));

function draw(message) {
  const lines = cartLines();
  if (!lines.length) {
    render(h('h1', {}, t('yourCart')), notice(t('cartEmpty')), h('a', { href: '/' }, t('keepShopping')));
    return;
  }
  const tot = totals();
  render(
    h('h1', {}, t('yourCart')),
    h('table', { class: 'cart' },
      h('thead', {}, h('tr', {}, h('th', {}, t('item')), h('th', {}, t('qty')), h('th', {}, t('price')), h('th', {}))),
      h('tbody', {}, lines.map(({ item, count }) =>
        h('tr', { dataset: { itemId: item.id } },
          h('td', { class: 'name' }, h('a', { href: `/item.html?id=${item.id}` }, local(item))),
          // The label shows where the narrow layout hides the table's head.
          h('td', { class: 'qty', dataset: { label: t('qty') } }, num(count)),
          h('td', { class: 'amount' }, toman(salePrice(item) * count)),
          h('td', { class: 'act' }, h('button', { type: 'button', class: 'link remove', onclick: () => onRemove(item) }, t('remove'))))))),
    couponForm,
    message,
    h('dl', { class: 'totals' },
      h('dt', {}, t('subtotal')), h('dd', {}, toman(tot.subtotal)),
      tot.discount ? [h('dt', {}, t('couponLine', tot.coupon.couponCode)), h('dd', {}, `−${toman(tot.discount)}`)] : null,
      h('dt', {}, t('total')), h('dd', { class: 'total' }, toman(tot.total))),
    h('a', { class: 'button primary', href: '/checkout.html?step=1', id: 'checkout' }, t('checkoutButton')),
  );
}

draw();
