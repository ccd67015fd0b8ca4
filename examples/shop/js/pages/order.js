// Back from the gateway. purchaseComplete is backend-only: the shop's server confirms the
// payment with the bank and sends it with its secret token, so this page only asks it to.
import { clearCart } from '../cart.js';
import { t } from '../i18n.js';
import { boot, refreshCartCount } from '../layout.js';
import { orderAlertsCard } from '../push.js';
import { h, notice, param, render } from '../ui.js';

const purchaseId = param('purchaseId');
const order = JSON.parse(localStorage.getItem('shop.pendingOrder') || 'null');

async function confirmOnServer() {
  try {
    const res = await fetch('/shop-api/orders/paid', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // No ids here: the server takes the user from its session and the anonymous id from
      // the novinAnonymousId cookie, never from what the page says.
      body: JSON.stringify(order),
    });
    return res.ok;
  } catch {
    return false;
  }
}

const paid = param('status') === 'paid' && order?.properties.purchaseId === purchaseId;
boot(paid ? t('orderDone') : t('paymentNotCompleted'));
if (!paid) {
  render(h('h1', {}, t('paymentNotCompleted')), notice(t('nothingCharged')), h('a', { class: 'button primary', href: '/cart.html' }, t('backToCart')));
} else {
  const status = h('div', { 'aria-live': 'polite' });
  render(
    h('h1', { id: 'order-done' }, t('orderDone')),
    h('p', {}, t('orderNumber', h('strong', { id: 'purchase-id' }, purchaseId))),
    status,
    orderAlertsCard(),
    h('a', { href: '/' }, t('backToShop')),
  );
  clearCart();
  refreshCartCount();
  localStorage.removeItem('shop.pendingOrder');
  confirmOnServer().then((ok) =>
    status.replaceChildren(notice(ok ? t('serverConfirmed') : t('serverNotYet'), ok ? 'ok' : 'info')));
}
