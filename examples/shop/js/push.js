// Push opt-in with a soft prompt: the shop explains the offer in its own dialog first and
// asks the browser only after a yes, because a native prompt that is refused cannot be shown
// again, while "Not now" on ours costs nothing.
import { t } from './i18n.js';
import { h } from './ui.js';

const SNOOZE = 'shop.pushSnoozedUntil';
const REFUSALS = ['default', 'denied', 'unsupported', 'blocked', 'needs-gesture', 'failed'];
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

/**
 * Whether this browser holds a push subscription for the site. A granted permission is not
 * one: subscribing can still fail (no push service, a worker that never activated), and a
 * subscription can be lost later.
 */
async function subscribed() {
  try {
    if (Notification.permission !== 'granted') return false;
    const reg = await navigator.serviceWorker.getRegistration('/');
    return !!(reg && (await reg.pushManager.getSubscription()));
  } catch {
    return false;
  }
}

/** The header button says what the browser holds, asked again after every attempt. */
async function showState(button) {
  const on = await subscribed();
  button.textContent = on ? t('alertsOn') : t('priceAlerts');
  button.dataset.state = on ? 'on' : 'off';
}

async function subscribe(button) {
  const push = window.novin && window.novin.push;
  if (!push || typeof push.subscribe !== 'function') {
    dialog(t('notAvailable'), t('notLoaded'), [[t('ok')]]);
    return;
  }
  button.disabled = true;
  // Called straight from the click on "Yes", so the browser accepts this as a user gesture.
  const state = await push.subscribe();
  await showState(button);
  button.disabled = false;
  if (state !== 'subscribed') dialog(t('noAlerts'), t(`refused.${REFUSALS.includes(state) ? state : 'failed'}`), [[t('ok')]]);
}

function offer(button) {
  if (Notification.permission === 'denied') {
    dialog(t('blockedTitle'), t('blockedText'), [[t('ok')]]);
    return;
  }
  dialog(t('offerTitle'), t('offerText'), [
    [t('notNow'), () => localStorage.setItem(SNOOZE, String(Date.now() + 7 * 86_400_000))],
    [t('yesNotify'), () => subscribe(button), true],
  ]);
}

/** A card for the order page: offers alerts unless the visitor said "Not now" this week or already chose. */
export function orderAlertsCard() {
  const button = document.getElementById('push-button');
  if (!button || Notification.permission !== 'default' || Number(localStorage.getItem(SNOOZE)) > Date.now()) return null;
  return h('aside', { class: 'card alerts-card' },
    h('p', {}, t('orderAlerts')),
    h('button', { type: 'button', class: 'secondary', onclick: () => offer(button) }, t('turnOnAlerts')));
}

/** The header's opt-in button; nothing where the browser has no push. */
export function pushButton() {
  if (!supported()) return null;
  const button = h('button', { type: 'button', class: 'link push-button', id: 'push-button' }, t('priceAlerts'));
  button.addEventListener('click', () => offer(button));
  void showState(button);
  return button;
}
