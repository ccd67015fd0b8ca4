// The site's own login state. A real shop has a server session; the demo keeps accounts in
// localStorage so it runs with no backend of its own.
import { DEMO_ACCOUNT } from './data.js';

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

/** The account for a mobile number or email and password, or null. */
export function findAccount(login, password) {
  const key = login.trim().toLowerCase();
  return accounts().find((a) => (a.mobile === key || a.email === key) && a.password === password) ?? null;
}

export const accountExists = (mobile, email) => accounts().some((a) => a.mobile === mobile || (email && a.email === email));

export function createAccount(fields) {
  const account = { ...fields, userId: `u-${Date.now().toString(36)}` };
  localStorage.setItem(ACCOUNTS, JSON.stringify([...read(ACCOUNTS, []), account]));
  return account;
}

export function startSession(account) {
  const { password: _, ...user } = account;
  localStorage.setItem(USER, JSON.stringify(user));
}

export const endSession = () => localStorage.removeItem(USER);
