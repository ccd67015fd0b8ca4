import { ITEMS } from '../data.js';
import { categoryTiles, grid } from '../cards.js';
import { t, toman } from '../i18n.js';
import { boot } from '../layout.js';
import { h, render } from '../ui.js';

boot();
render(
  h('section', { class: 'hero' },
    h('h1', {}, t('heroTitle')),
    h('p', {}, t('hero', h('code', {}, 'YALDA300'), h('code', {}, 'WELCOME10'), toman(300_000), toman(5_000_000)))),
  h('h2', {}, t('byCategory')),
  categoryTiles(),
  h('h2', {}, t('popular')),
  grid(ITEMS.filter((i) => ['sku-1001', 'sku-2002', 'sku-3001', 'sku-4001'].includes(i.id))),
);
