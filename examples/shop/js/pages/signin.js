import { DEMO_ACCOUNT } from '../data.js';
import { digits, t } from '../i18n.js';
import { boot } from '../layout.js';
import { findAccount, loginKey, startSession } from '../session.js';
import { beforeLeaving, send } from '../track.js';
import { h, notice, render } from '../ui.js';

boot(t('signIn'));
const status = h('div', { 'aria-live': 'polite' });

async function onSubmit(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const login = loginKey(form.get('login').toString());
  const byEmail = login.includes('@');
  // The button press comes first, whether or not the password is right.
  send({ name: 'tryToSignIn', properties: byEmail ? { email: login } : { mobile: login } });
  const account = findAccount(login, form.get('password').toString());
  if (!account) {
    status.replaceChildren(notice(t('noMatch'), 'error'));
    return;
  }
  await startSession(account);
  await beforeLeaving(send({ name: 'signIn', userId: account.userId }));
  location.href = new URLSearchParams(location.search).get('next') || '/';
}

render(
  h('h1', {}, t('signIn')),
  h('form', { class: 'form narrow', id: 'signin-form', onsubmit: onSubmit },
    h('label', {}, t('mobileOrEmail'), h('input', { name: 'login', required: true, autocomplete: 'username' })),
    h('label', {}, t('password'), h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' })),
    h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, t('signIn'))),
  status,
  h('p', { class: 'muted' }, t('demoAccount', digits(DEMO_ACCOUNT.mobile), DEMO_ACCOUNT.password), h('a', { href: '/signup.html' }, t('signUp'))),
);
