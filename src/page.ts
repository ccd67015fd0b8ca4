/**
 * True only in the script-tag build (novinSDK.js; rollup.config.mjs replaces the marker), which
 * runs nowhere but in a page: the minifier then drops the checks for server rendering there.
 */
export const PAGE_ONLY = ('__NOVIN_PAGE_ONLY__' as string) === 'true';
