// Back from the gateway. purchaseComplete is backend-only: the shop's server confirms the
// payment with the bank and sends it with its secret token, so this page only asks it to.
import { clearCart } from '../cart.js';
import { boot, refreshCartCount } from '../layout.js';
import { orderAlertsCard } from '../push.js';
import { h, notice, param, render } from '../ui.js';

boot();
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

if (param('status') !== 'paid' || !order || order.properties.purchaseId !== purchaseId) {
  render(h('h1', {}, 'Payment not completed'), notice('Nothing was charged. Your cart is still here.'), h('a', { class: 'button primary', href: '/cart.html' }, 'Back to the cart'));
} else {
  const status = h('div', { 'aria-live': 'polite' });
  render(
    h('h1', { id: 'order-done' }, 'Thank you! Your order is registered.'),
    h('p', {}, 'Order number ', h('strong', { id: 'purchase-id' }, purchaseId), '. We will text you when it ships.'),
    status,
    orderAlertsCard(),
    h('a', { href: '/' }, '← Back to the shop'),
  );
  clearCart();
  refreshCartCount();
  localStorage.removeItem('shop.pendingOrder');
  confirmOnServer().then((ok) =>
    status.replaceChildren(notice(ok ? 'Payment confirmed by the shop server (purchaseComplete sent).' : 'The shop server could not confirm the payment yet.', ok ? 'ok' : 'info')));
}
