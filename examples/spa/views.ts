import type { Novin } from 'novin-sdk';
import { PERKS, USERS } from './data.js';
import { el, toman } from './dom.js';
import { currentUser, saveUser } from './session.js';

export interface App {
  novin: Novin;
  go(path: string): void;
  refreshNav(): void;
}

const link = (path: string, text: string, id?: string) => el('a', { href: `/spa${path}`, 'data-route': path, ...(id ? { id } : {}) }, text);

export const home = () =>
  el('section', {},
    el('h1', {}, 'Novin Club perks'),
    el('ul', { class: 'cards' }, ...PERKS.map((p) => el('li', {}, el('h3', {}, link(`/perk/${p.id}`, p.name)), el('p', {}, toman(p.price))))));

export function perk(app: App, id: string): Node {
  const p = PERKS.find((x) => x.id === id);
  if (!p) return el('p', {}, 'No such perk.');
  app.novin.event.send({ name: 'itemView', itemId: p.id, properties: { itemName: p.name, itemUrl: location.href } }).catch(() => undefined);
  return el('section', { class: 'panel' }, el('h1', {}, p.name), el('p', {}, p.blurb), el('p', {}, el('strong', {}, toman(p.price))));
}

export function login(app: App): Node {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { id: 'login-form' },
    el('label', {}, 'Mobile', el('input', { name: 'login', required: true, autocomplete: 'username' })),
    el('label', {}, 'Password', el('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' })),
    el('button', { type: 'submit', id: 'login' }, 'Sign in'),
    error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const login = String(data.get('login')).trim();
    app.novin.event.send({ name: 'tryToSignIn', properties: { mobile: login } }).catch(() => undefined);
    const user = USERS.find((u) => u.login === login && u.password === data.get('password'));
    if (!user) {
      error.textContent = 'Wrong mobile number or password.';
      return;
    }
    saveUser({ userId: user.userId, name: user.name });
    // identify first: the route change below sends pageView, which needs the userId.
    app.novin.identify(user.userId);
    app.novin.event.send({ name: 'signIn', userId: user.userId }).catch(() => undefined);
    app.refreshNav();
    app.go('/account');
  });
  return el('section', {}, el('h1', {}, 'Sign in'), form, el('p', {}, 'Demo: 09121234567 / demo'));
}

export function account(app: App): Node {
  const user = currentUser();
  if (!user) return el('section', {}, el('p', {}, 'You are signed out. '), link('/login', 'Sign in'));
  return el('section', { class: 'panel' },
    el('h1', { id: 'account-title' }, `Welcome back, ${user.name}`),
    el('p', {}, `Signed in as ${user.userId}. Your anonymous id: ${app.novin.ids().anonymousId ?? '(not issued yet)'}.`));
}
