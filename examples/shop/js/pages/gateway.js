// The payment gateway stand-in: it only sends the visitor back to the shop, paid or not.
import { h, param, render, toman } from '../ui.js';

const purchaseId = param('purchaseId');
const order = JSON.parse(localStorage.getItem('shop.pendingOrder') || 'null');
const back = (status) => () => (location.href = `/order.html?purchaseId=${encodeURIComponent(purchaseId)}&status=${status}`);

render(
  h('section', { class: 'card gateway-card' },
    h('h1', {}, 'Test payment gateway'),
    h('p', {}, `Merchant: Novin Shop · Order ${purchaseId}`),
    h('p', { class: 'total' }, order ? toman(order.total) : '—'),
    h('p', { class: 'muted' }, 'No card is charged: this page stands for the bank.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'cancel-payment', onclick: back('cancelled') }, 'Cancel'),
      h('button', { type: 'button', class: 'primary', id: 'confirm-payment', onclick: back('paid') }, 'Pay'))),
);
