import { t } from '../i18n.js';
import { boot } from '../layout.js';
import { accountExists, createAccount, mobileNumber, startSession } from '../session.js';
import { beforeLeaving, send } from '../track.js';
import { h, notice, render } from '../ui.js';

boot(t('createAccount'));
const status = h('div', { 'aria-live': 'polite' });

async function onSubmit(event) {
  event.preventDefault();
  const f = Object.fromEntries([...new FormData(event.target)].map(([k, v]) => [k, v.toString().trim()]));
  f.mobile = mobileNumber(f.mobile);
  const filled = Object.fromEntries(['mobile', 'email', 'firstName', 'lastName'].filter((k) => f[k]).map((k) => [k, f[k]]));
  send({ name: 'tryToSignUp', properties: filled });
  if (!/^09\d{9}$/.test(f.mobile)) return status.replaceChildren(notice(t('badMobile'), 'error'));
  if (accountExists(f.mobile, f.email)) return status.replaceChildren(notice(t('accountExists'), 'error'));
  const account = createAccount(f);
  await startSession(account);
  await beforeLeaving(send({ name: 'signUp', userId: account.userId }));
  location.href = '/';
}

render(
  h('h1', {}, t('createAccount')),
  h('form', { class: 'form narrow', id: 'signup-form', onsubmit: onSubmit },
    h('label', {}, t('firstName'), h('input', { name: 'firstName', autocomplete: 'given-name' })),
    h('label', {}, t('lastName'), h('input', { name: 'lastName', autocomplete: 'family-name' })),
    h('label', {}, t('mobile'), h('input', { name: 'mobile', required: true, inputmode: 'tel', placeholder: t('mobilePlaceholder'), autocomplete: 'tel' })),
    h('label', {}, t('emailOptional'), h('input', { name: 'email', type: 'email', autocomplete: 'email' })),
    h('label', {}, t('password'), h('input', { name: 'password', type: 'password', required: true, minlength: 4, autocomplete: 'new-password' })),
    h('button', { type: 'submit', class: 'primary', id: 'sign-up' }, t('signUp'))),
  status,
);
