// The header every page shares, and what every page does on load: tell the SDK who is
// signed in and, for signed-in visitors only, send pageView (the catalog's rule).
import { CATEGORIES } from './data.js';
import { cartCount } from './cart.js';
import { currentUser, endSession } from './session.js';
import { beforeLeaving, identify, send } from './track.js';
import { pushButton } from './push.js';
import { h } from './ui.js';

async function signOut() {
  await beforeLeaving(send({ name: 'signOut' }));
  await endSession();
  location.href = '/';
}

function header() {
  const user = currentUser();
  const count = cartCount();
  return [
    h('div', { class: 'bar' },
      h('a', { class: 'logo', href: '/' }, h('span', { class: 'logo-mark' }, 'N'), 'Novin Shop'),
      h('form', { class: 'search', action: '/search.html', method: 'get', role: 'search' },
        h('input', { type: 'search', name: 'q', placeholder: 'Search phones, coffee…', 'aria-label': 'Search', required: true }),
        h('button', { type: 'submit' }, 'Search')),
      h('nav', { class: 'account' },
        pushButton(),
        user
          ? [h('span', { class: 'hello' }, `Hi, ${user.firstName}`), h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, 'Sign out')]
          : [h('a', { href: '/signin.html', id: 'sign-in-link' }, 'Sign in'), h('a', { href: '/signup.html' }, 'Sign up')],
        h('a', { href: '/cart.html', class: 'cart-link', id: 'cart-link' }, 'Cart', h('span', { class: 'badge', id: 'cart-count' }, String(count))))),
    h('nav', { class: 'categories' },
      CATEGORIES.map((c) => h('a', { href: `/category.html?id=${c.id}` }, c.name)),
      h('a', { href: '/inspector/', class: 'inspector-link', target: '_blank', rel: 'noopener' }, 'Open the inspector ↗')),
  ];
}

export function refreshCartCount() {
  const el = document.getElementById('cart-count');
  if (el) el.textContent = String(cartCount());
}

/** Draws the header and sends what every page sends. */
export function boot() {
  document.getElementById('site-header').replaceChildren(...header().flat());
  const user = currentUser();
  if (user) {
    // The SDK remembers the user after signIn; identify covers visitors whose session began elsewhere.
    identify(user.userId);
    send({ name: 'pageView' });
  }
}
