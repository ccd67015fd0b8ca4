import { boot } from '../layout.js';
import { accountExists, createAccount, startSession } from '../session.js';
import { beforeLeaving, send } from '../track.js';
import { h, notice, render } from '../ui.js';

boot();
const status = h('div', { 'aria-live': 'polite' });

async function onSubmit(event) {
  event.preventDefault();
  const f = Object.fromEntries([...new FormData(event.target)].map(([k, v]) => [k, v.toString().trim()]));
  const filled = Object.fromEntries(['mobile', 'email', 'firstName', 'lastName'].filter((k) => f[k]).map((k) => [k, f[k]]));
  send({ name: 'tryToSignUp', properties: filled });
  if (!/^09\d{9}$/.test(f.mobile)) return status.replaceChildren(notice('Enter an 11-digit mobile number starting with 09.', 'error'));
  if (accountExists(f.mobile, f.email)) return status.replaceChildren(notice('An account with this mobile or email exists: sign in instead.', 'error'));
  const account = createAccount(f);
  await startSession(account);
  await beforeLeaving(send({ name: 'signUp', userId: account.userId }));
  location.href = '/';
}

render(
  h('h1', {}, 'Create an account'),
  h('form', { class: 'form narrow', id: 'signup-form', onsubmit: onSubmit },
    h('label', {}, 'First name', h('input', { name: 'firstName', autocomplete: 'given-name' })),
    h('label', {}, 'Last name', h('input', { name: 'lastName', autocomplete: 'family-name' })),
    h('label', {}, 'Mobile', h('input', { name: 'mobile', required: true, inputmode: 'tel', placeholder: '09…', autocomplete: 'tel' })),
    h('label', {}, 'Email (optional)', h('input', { name: 'email', type: 'email', autocomplete: 'email' })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', required: true, minlength: 4, autocomplete: 'new-password' })),
    h('button', { type: 'submit', class: 'primary', id: 'sign-up' }, 'Sign up')),
  status,
);
