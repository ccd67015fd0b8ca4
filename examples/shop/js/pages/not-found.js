// The page for any address the shop does not have (the server answers it with status 404).
import { categoryTiles } from '../cards.js';
import { digits, t } from '../i18n.js';
import { boot } from '../layout.js';
import { h, render } from '../ui.js';

boot(t('notFoundTitle'));
render(
  h('section', { class: 'not-found' },
    h('p', { class: 'code' }, digits('404')),
    h('h1', {}, t('notFoundTitle')),
    h('p', { class: 'lead' }, t('notFoundText')),
    h('a', { class: 'button primary', href: '/', id: 'home-link' }, t('notFoundHome'))),
  h('h2', {}, t('notFoundBrowse')),
  categoryTiles(),
);
