// The shop's two languages: English, and Persian right to left with Persian digits. The
// visitor's choice is kept in this site's localStorage; changing it reloads the page, as a
// shop with /fa/ addresses would navigate, so every page only ever draws in one language.
import { STRINGS } from './strings.js';

// js/lang.js reads the same key before the body is drawn, so the first paint has the right direction.
const KEY = 'shop.lang';

function stored() {
  try {
    return localStorage.getItem(KEY) === 'fa' ? 'fa' : 'en';
  } catch {
    return 'en';
  }
}

/** 'en' or 'fa', fixed for the life of the page. */
export const LANG = stored();
const FA = LANG === 'fa';
document.documentElement.lang = LANG;
document.documentElement.dir = FA ? 'rtl' : 'ltr';

export function switchLanguage(to) {
  try {
    localStorage.setItem(KEY, to);
  } catch {
    // storage blocked: the page still switches, the next one forgets
  }
  location.reload();
}

/** The text for `key` in the page's language; a function entry is called with `args`. */
export function t(key, ...args) {
  const s = STRINGS[key][FA ? 1 : 0];
  return typeof s === 'function' ? s(...args) : s;
}

const numbers = new Intl.NumberFormat(FA ? 'fa-IR' : 'en-US');
const percents = new Intl.NumberFormat(FA ? 'fa-IR' : 'en-US', { style: 'percent' });
/** A count or amount with the language's digits and thousands separator (۱۸٬۹۰۰٬۰۰۰). */
export const num = (n) => numbers.format(n);
export const percent = (p) => percents.format(p / 100);
export const toman = (n) => t('toman', num(Math.round(n)));

/** A digit string kept as written (a phone number, no separators) in the language's digits. */
export const digits = (s) => (FA ? String(s).replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d))) : String(s));

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits as 0-9: visitors type either on their phones. */
// Both runs start at a code point ending in 0 (U+06F0, U+0660), so the low four bits are the digit.
export const latinDigits = (s) => String(s).replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) & 0xf));

/** A product's or category's name, blurb… in the page's language (the Persian is in `nameFa`, `blurbFa`). */
export const local = (thing, field = 'name') => (FA && thing[`${field}Fa`]) || thing[field];
