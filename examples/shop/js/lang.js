// Sets the page's language and direction before the body is drawn, so a Persian page is right
// to left from its first paint. A classic script file rather than inline code: the shop's pages
// need no CSP exception. js/i18n.js keeps the choice under the same key.
(function (root) {
  var lang = 'en';
  try {
    if (localStorage.getItem('shop.lang') === 'fa') lang = 'fa';
  } catch (e) {
    // storage blocked: English
  }
  root.lang = lang;
  root.dir = lang === 'fa' ? 'rtl' : 'ltr';
})(document.documentElement);
