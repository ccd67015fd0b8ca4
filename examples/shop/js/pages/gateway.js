// The payment gateway stand-in: it only sends the visitor back to the shop, paid or not.
import { t, toman } from '../i18n.js';
import { h, param, render } from '../ui.js';

const purchaseId = param('purchaseId');
const order = JSON.parse(localStorage.getItem('shop.pendingOrder') || 'null');
const back = (status) => () => (location.href = `/order.html?purchaseId=${encodeURIComponent(purchaseId)}&status=${status}`);

document.title = t('gatewayTitle');
render(
  h('section', { class: 'card gateway-card' },
    h('h1', {}, t('gatewayTitle')),
    h('p', {}, t('gatewayMerchant', h('bdi', { class: 'order-id' }, purchaseId))),
    h('p', { class: 'total' }, order ? toman(order.total) : '—'),
    h('p', { class: 'muted' }, t('gatewayNote')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'cancel-payment', onclick: back('cancelled') }, t('cancel')),
      h('button', { type: 'button', class: 'primary', id: 'confirm-payment', onclick: back('paid') }, t('pay')))),
);
