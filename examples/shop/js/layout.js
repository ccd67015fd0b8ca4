// The header and footer every page shares, and what every page does on load: tell the SDK who
// is signed in and, for signed-in visitors only, send pageView (the catalog's rule).
import { CATEGORIES } from './data.js';
import { cartCount } from './cart.js';
import { local, num, switchLanguage, t } from './i18n.js';
import { currentUser, endSession } from './session.js';
import { beforeLeaving, identify, send } from './track.js';
import { pushButton } from './push.js';
import { h } from './ui.js';

async function signOut() {
  await beforeLeaving(send({ name: 'signOut' }));
  await endSession();
  location.href = '/';
}

// Named in its own language, so a visitor who cannot read the page's one still finds it.
const languageSwitch = () =>
  h('button', { type: 'button', class: 'link lang-switch', id: 'lang-switch', lang: t('switchToLang'), title: t('switchLabel'), onclick: () => switchLanguage(t('switchToLang')) }, t('switchTo'));

function header() {
  const user = currentUser();
  return [
    h('div', { class: 'bar' },
      h('a', { class: 'logo', href: '/' }, h('span', { class: 'logo-mark' }, t('logoMark')), t('shopName')),
      h('form', { class: 'search', action: '/search.html', method: 'get', role: 'search' },
        h('input', { type: 'search', name: 'q', placeholder: t('searchPlaceholder'), 'aria-label': t('search'), required: true }),
        h('button', { type: 'submit' }, t('search'))),
      h('nav', { class: 'account' },
        languageSwitch(),
        pushButton(),
        user
          ? [h('span', { class: 'hello' }, t('hello', user.firstName)), h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, t('signOut'))]
          : [h('a', { href: '/signin.html', id: 'sign-in-link' }, t('signIn')), h('a', { href: '/signup.html' }, t('signUp'))],
        h('a', { href: '/cart.html', class: 'cart-link', id: 'cart-link' }, t('cart'), h('span', { class: 'badge', id: 'cart-count' }, num(cartCount()))))),
    h('nav', { class: 'categories' },
      CATEGORIES.map((c) => h('a', { href: `/category.html?id=${c.id}` }, local(c))),
      h('a', { href: '/inspector/', class: 'inspector-link', target: '_blank', rel: 'noopener' }, t('openInspector'))),
  ];
}

const footer = () => h('p', {}, t('footer', h('a', { href: '/inspector/' }, t('inspector'))));

export function refreshCartCount() {
  const el = document.getElementById('cart-count');
  if (el) el.textContent = num(cartCount());
}

/**
 * Draws the header and footer, titles the page (`title` before the shop's name; the shop's
 * own title when left out) and sends what every page sends.
 */
export function boot(title) {
  document.title = title ? `${title} — ${t('shopName')}` : t('homeTitle');
  document.getElementById('site-header').replaceChildren(...header().flat());
  document.querySelector('.site-footer')?.replaceChildren(footer());
  const user = currentUser();
  if (user) {
    // The SDK remembers the user after signIn; identify covers visitors whose session began elsewhere.
    identify(user.userId);
    send({ name: 'pageView' });
  }
}
