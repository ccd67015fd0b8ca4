import { cartLines, orderFields, totals } from '../cart.js';
import { boot } from '../layout.js';
import { currentUser } from '../session.js';
import { beforeLeaving, send } from '../track.js';
import { h, notice, param, render, toman } from '../ui.js';

boot();

const STEPS = ['Shipping address', 'Delivery', 'Review and pay'];
const SAVED = 'shop.checkout';
const saved = () => JSON.parse(sessionStorage.getItem(SAVED) || '{}');
const field = (name, label, attrs = {}) =>
  h('label', {}, label, h('input', { name, required: true, value: saved()[name] ?? '', ...attrs }));

function onContinue(event, step) {
  event.preventDefault();
  sessionStorage.setItem(SAVED, JSON.stringify({ ...saved(), ...Object.fromEntries(new FormData(event.target)) }));
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
      field('fullName', 'Full name', { value: saved().fullName ?? (user ? `${user.firstName} ${user.lastName}` : ''), autocomplete: 'name' }),
      field('mobile', 'Mobile', { value: saved().mobile ?? user?.mobile ?? '', inputmode: 'tel', autocomplete: 'tel' }),
      field('city', 'City', { value: saved().city ?? 'Tehran' }),
      field('address', 'Address', { autocomplete: 'street-address' }),
      h('button', { type: 'submit', class: 'primary' }, 'Continue'));
  if (step === 2)
    return h('form', { class: 'form', id: 'step-form', onsubmit: (e) => onContinue(e, 2) },
      ['Standard post (3–5 days, free)', 'Express courier in Tehran (same day, 90,000 Toman)'].map((label, i) =>
        h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'delivery', value: label, checked: i === 0 }), label)),
      h('button', { type: 'submit', class: 'primary' }, 'Continue'));
  const t = totals();
  const s = saved();
  return h('div', { class: 'review' },
    h('p', {}, `${s.fullName ?? ''}, ${s.address ?? ''}, ${s.city ?? ''}. ${s.delivery ?? ''}`),
    h('ul', {}, cartLines().map(({ item, count }) => h('li', {}, `${count} × ${item.name}`))),
    t.discount ? h('p', {}, `Coupon ${t.coupon.couponCode}: −${toman(t.discount)}`) : null,
    h('p', { class: 'total' }, `To pay: ${toman(t.total)}`),
    h('button', { type: 'button', class: 'primary', id: 'pay', onclick: (e) => onPay(e.currentTarget) }, 'Pay with bank card'));
}

const step = Math.min(Math.max(Number(param('step')) || 1, 1), STEPS.length);
if (!cartLines().length) {
  render(h('h1', {}, 'Checkout'), notice('Your cart is empty.'), h('a', { href: '/' }, '← Keep shopping'));
} else {
  render(
    h('h1', {}, 'Checkout'),
    h('ol', { class: 'steps' }, STEPS.map((title, i) => h('li', { class: i + 1 === step ? 'current' : i + 1 < step ? 'done' : '' }, title))),
    h('h2', {}, `${step}. ${STEPS[step - 1]}`),
    stepBody(step),
  );
  const order = orderFields();
  send({ name: 'checkOut', itemIdList: order.itemIdList, properties: { stepNumber: step, stepTitle: STEPS[step - 1], ...order.properties } });
}
