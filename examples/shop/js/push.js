// Push opt-in with a soft prompt: the shop explains the offer in its own dialog first and
// asks the browser only after a yes, because a native prompt that is refused cannot be shown
// again, while "Not now" on ours costs nothing.
import { h } from './ui.js';

const SNOOZE = 'shop.pushSnoozedUntil';
const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

function dialog(title, text, actions) {
  const d = h('dialog', { class: 'soft-prompt', id: 'push-prompt' },
    h('h2', {}, title),
    h('p', {}, text),
    h('div', { class: 'actions' }, actions.map(([label, run, primary]) =>
      h('button', { type: 'button', class: primary ? 'primary' : 'secondary', onclick: () => { d.close(); run?.(); } }, label))));
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
}

const REFUSED = {
  default: 'You closed the browser\'s question without answering. Ask again any time.',
  denied: 'Notifications are blocked for this site in your browser settings.',
  unsupported: 'This browser cannot receive push notifications here.',
  blocked: 'Another service worker controls this site, so alerts cannot be set up.',
  'needs-gesture': 'The browser wants a click before it asks. Please press the button again.',
  failed: 'Something went wrong while subscribing. Please try again later.',
};

async function subscribe(button) {
  const push = window.novin && window.novin.push;
  if (!push || typeof push.subscribe !== 'function') {
    dialog('Not available yet', 'The tracking SDK has not loaded push support on this page. Try again in a moment.', [['OK']]);
    return;
  }
  button.disabled = true;
  // Called straight from the click on "Yes", so the browser accepts this as a user gesture.
  const state = await push.subscribe();
  button.disabled = false;
  if (state === 'subscribed') button.textContent = 'Alerts on ✓';
  else dialog('No alerts for now', REFUSED[state] ?? REFUSED.failed, [['OK']]);
}

function offer(button) {
  if (Notification.permission === 'denied') {
    dialog('Notifications are blocked', 'Allow notifications for this site in your browser settings, then try again.', [['OK']]);
    return;
  }
  dialog('Get price-drop alerts?', 'We send at most one note a week: price drops on your wish list and coupons. You can turn them off at any time.', [
    ['Not now', () => localStorage.setItem(SNOOZE, String(Date.now() + 7 * 86_400_000))],
    ['Yes, notify me', () => subscribe(button), true],
  ]);
}

/** A card for the order page: offers alerts unless the visitor said "Not now" this week or already chose. */
export function orderAlertsCard() {
  const button = document.getElementById('push-button');
  if (!button || Notification.permission !== 'default' || Number(localStorage.getItem(SNOOZE)) > Date.now()) return null;
  return h('aside', { class: 'card alerts-card' },
    h('p', {}, 'Want a note when your order ships?'),
    h('button', { type: 'button', class: 'secondary', onclick: () => offer(button) }, 'Turn on alerts'));
}

/** The header's opt-in button; nothing where the browser has no push. */
export function pushButton() {
  if (!supported()) return null;
  const on = Notification.permission === 'granted';
  const button = h('button', { type: 'button', class: 'link push-button', id: 'push-button' }, on ? 'Alerts on ✓' : 'Price alerts');
  button.addEventListener('click', () => offer(button));
  return button;
}
