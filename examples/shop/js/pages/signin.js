import { DEMO_ACCOUNT } from '../data.js';
import { boot } from '../layout.js';
import { findAccount, startSession } from '../session.js';
import { beforeLeaving, send } from '../track.js';
import { h, notice, render } from '../ui.js';

boot();
const status = h('div', { 'aria-live': 'polite' });

async function onSubmit(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const login = form.get('login').toString().trim();
  const byEmail = login.includes('@');
  // The button press comes first, whether or not the password is right.
  send({ name: 'tryToSignIn', properties: byEmail ? { email: login } : { mobile: login } });
  const account = findAccount(login, form.get('password').toString());
  if (!account) {
    status.replaceChildren(notice('That mobile number or email and password do not match.', 'error'));
    return;
  }
  await startSession(account);
  await beforeLeaving(send({ name: 'signIn', userId: account.userId }));
  location.href = new URLSearchParams(location.search).get('next') || '/';
}

render(
  h('h1', {}, 'Sign in'),
  h('form', { class: 'form narrow', id: 'signin-form', onsubmit: onSubmit },
    h('label', {}, 'Mobile or email', h('input', { name: 'login', required: true, autocomplete: 'username' })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' })),
    h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, 'Sign in')),
  status,
  h('p', { class: 'muted' }, `Demo account: ${DEMO_ACCOUNT.mobile} / ${DEMO_ACCOUNT.password}. New here? `, h('a', { href: '/signup.html' }, 'Sign up')),
);
