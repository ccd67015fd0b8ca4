import { CATEGORIES, ITEMS } from '../data.js';
import { grid } from '../cards.js';
import { boot } from '../layout.js';
import { h, render } from '../ui.js';

boot();
render(
  h('section', { class: 'hero' },
    h('h1', {}, 'Yalda deals are here'),
    h('p', {}, 'Use ', h('code', {}, 'YALDA300'), ' for 300,000 Toman off orders above 5,000,000 Toman, or ', h('code', {}, 'WELCOME10'), ' on your first order.')),
  h('h2', {}, 'Shop by category'),
  h('div', { class: 'tiles' }, CATEGORIES.map((c) =>
    h('a', { class: 'tile', href: `/category.html?id=${c.id}` }, h('strong', {}, c.name), h('span', {}, c.blurb)))),
  h('h2', {}, 'Popular this week'),
  grid(ITEMS.filter((i) => ['sku-1001', 'sku-2002', 'sku-3001', 'sku-4001'].includes(i.id))),
);
