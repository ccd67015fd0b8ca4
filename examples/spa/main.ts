/**
 * The SPA demo: the npm import of novin-sdk, client-side routes, identify on login, and a
 * pageView on every route change for a signed-in visitor (the catalog sends pageView only then).
 */
import { createNovin } from 'novin-sdk';
import { el } from './dom.js';
import { createRouter } from './router.js';
import { currentUser, saveUser } from './session.js';
import { account, home, login, perk, type App } from './views.js';

const novin = createNovin({ projectId: 'demo-project', endpoint: location.origin, debug: true });

// A visitor who arrives signed in: the SDK may not know the user yet (another device, cleared storage).
const arriving = currentUser();
if (arriving) novin.identify(arriving.userId);

const nav = document.getElementById('nav')!;
const outlet = document.getElementById('view')!;

function signOut() {
  novin.event.send({ name: 'signOut' }).catch(() => undefined);
  saveUser(null);
  refreshNav();
  router.go('/');
}

function refreshNav() {
  const user = currentUser();
  const a = (path: string, text: string, id: string) => el('a', { href: `/spa${path}`, 'data-route': path, id }, text);
  nav.replaceChildren(a('/', 'Perks', 'nav-home'));
  if (!user) return nav.append(a('/login', 'Sign in', 'nav-login'));
  nav.append(a('/account', 'Account', 'nav-account'), el('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, 'Sign out'));
}

const app: App = { novin, go: (p) => router.go(p), refreshNav };
const router = createRouter(
  [
    { pattern: /^\/$/, view: home },
    { pattern: /^\/perk\/([^/]+)$/, view: ([id]) => perk(app, id) },
    { pattern: /^\/login$/, view: () => login(app) },
    { pattern: /^\/account$/, view: () => account(app) },
  ],
  outlet,
  () => {
    if (currentUser()) novin.event.send({ name: 'pageView' }).catch(() => undefined);
  },
);

refreshNav();
router.show();
