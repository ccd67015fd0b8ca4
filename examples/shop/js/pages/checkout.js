import { cartLines, orderFields, totals } from '../cart.js';
import { local, num, t, toman } from '../i18n.js';
import { boot } from '../layout.js';
import { currentUser, mobileNumber } from '../session.js';
import { beforeLeaving, send } from '../track.js';
import { h, notice, param, render } from '../ui.js';

boot(t('checkout'));

const STEPS = t('steps');
const SAVED = 'shop.checkout';
const saved = () => JSON.parse(sessionStorage.getItem(SAVED) || '{}');
const field = (name, label, attrs = {}) =>
  h('label', {}, label, h('input', { name, required: true, value: saved()[name] ?? '', ...attrs }));

function onContinue(event, step) {
  event.preventDefault();
  const form = Object.fromEntries(new FormData(event.target));
  if (form.mobile) form.mobile = mobileNumber(form.mobile);
  sessionStorage.setItem(SAVED, JSON.stringify({ ...saved(), ...form }));
  location.href = `/checkout.html?step=${step + 1}`;
}

async function onPay(button) {
  button.disabled = true;
  const purchaseId = `NS-${Date.now().toString(36).toUpperCase()}`;
  const order = orderFields();
  order.properties = { purchaseId, ...order.properties };
  // The gateway and the order page need the order after this page is gone.
  localStorage.setItem('shop.pendingOrder', JSON.stringify({ ...order, total: totals().total }));
  await beforeLeaving(send({ name: 'registerOrder', ...order }));
  location.href = `/gateway.html?purchaseId=${purchaseId}`;
}

function stepBody(step) {
  const user = currentUser();
  if (step === 1)
    return h('form', { class: 'form', id: 'step-form', onsubmit: (e) => onContinue(e, 1) },
      field('fullName', t('fullName'), { value: saved().fullName ?? (user ? `${user.firstName} ${user.lastName}` : ''), autocomplete: 'name' }),
      field('mobile', t('mobile'), { value: saved().mobile ?? user?.mobile ?? '', inputmode: 'tel', autocomplete: 'tel' }),
      field('city', t('city'), { value: saved().city ?? t('defaultCity') }),
      field('address', t('address'), { autocomplete: 'street-address' }),
      h('button', { type: 'submit', class: 'primary' }, t('continue')));
  if (step === 2)
    return h('form', { class: 'form', id: 'step-form', onsubmit: (e) => onContinue(e, 2) },
      [t('standardPost'), t('expressCourier', toman(90_000))].map((label, i) =>
        h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'delivery', value: label, checked: i === 0 }), label)),
      h('button', { type: 'submit', class: 'primary' }, t('continue')));
  const tot = totals();
  const s = saved();
  return h('div', { class: 'review' },
    h('p', {}, t('shipTo', s.fullName ?? '', s.address ?? '', s.city ?? '', s.delivery ?? '')),
    h('ul', {}, cartLines().map(({ item, count }) => h('li', {}, t('lineCount', num(count), local(item))))),
    tot.discount ? h('p', {}, t('couponReview', tot.coupon.couponCode, toman(tot.discount))) : null,
    h('p', { class: 'total' }, t('toPay', toman(tot.total))),
    h('button', { type: 'button', class: 'primary', id: 'pay', onclick: (e) => onPay(e.currentTarget) }, t('payByCard')));
}

const step = Math.min(Math.max(Number(param('step')) || 1, 1), STEPS.length);
if (!cartLines().length) {
  render(h('h1', {}, t('checkout')), notice(t('cartEmpty')), h('a', { href: '/' }, t('keepShopping')));
} else {
  render(
    h('h1', {}, t('checkout')),
    h('ol', { class: 'steps' }, STEPS.map((title, i) => h('li', { class: i + 1 === step ? 'current' : i + 1 < step ? 'done' : '' }, title))),
    h('h2', {}, t('stepHeading', num(step), STEPS[step - 1])),
    stepBody(step),
  );
  const order = orderFields();
  send({ name: 'checkOut', itemIdList: order.itemIdList, properties: { stepNumber: step, stepTitle: STEPS[step - 1], ...order.properties } });
}
