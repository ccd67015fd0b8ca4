// The site's own login state. A real shop keeps accounts on its server; the demo keeps them
// in localStorage, and tells the shop's tiny server only who signed in.
import { DEMO_ACCOUNT } from './data.js';
import { latinDigits } from './i18n.js';

const USER = 'shop.user';
const ACCOUNTS = 'shop.accounts';

function read(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

export const currentUser = () => read(USER, null);
const accounts = () => [DEMO_ACCOUNT, ...read(ACCOUNTS, [])];

/**
 * A mobile number as the shop stores it: 0-9 only, whichever digits the visitor's keyboard
 * typed (Persian ۰۹۱۲…, Arabic-Indic ٠٩١٢…), without the spaces and dashes people group it with.
 */
export const mobileNumber = (s) => latinDigits(s).replace(/[\s-]/g, '');

/** What was typed in "Mobile or email", as the accounts store it. */
export const loginKey = (s) => (s.includes('@') ? s.trim().toLowerCase() : mobileNumber(s));

/** The account for a mobile number or email and password, or null. */
export function findAccount(login, password) {
  const key = loginKey(login);
  return accounts().find((a) => (a.mobile === key || a.email === key) && a.password === password) ?? null;
}

export const accountExists = (mobile, email) => accounts().some((a) => a.mobile === mobile || (email && a.email === email));

export function createAccount(fields) {
  const account = { ...fields, userId: `u-${Date.now().toString(36)}` };
  localStorage.setItem(ACCOUNTS, JSON.stringify([...read(ACCOUNTS, []), account]));
  return account;
}

/**
 * Signs in on this page and on the shop's server, which keeps the userId in its own session:
 * what the server sends with its secret token (purchaseComplete) must not take the user from
 * anything the page could have made up.
 */
export async function startSession(account) {
  const { password: _, ...user } = account;
  localStorage.setItem(USER, JSON.stringify(user));
  await shopApi('POST', { userId: account.userId });
}

export async function endSession() {
  localStorage.removeItem(USER);
  await shopApi('DELETE');
}

async function shopApi(method, body) {
  try {
    const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    await fetch('/shop-api/session', init);
  } catch {
    // The shop works without its server; purchases then go to the collector as anonymous.
  }
}
