// Product cards for the grids on the home, category, search and wish-list pages, and the
// category tiles of the home and not-found pages.
import { CATEGORIES, salePrice } from './data.js';
import { local, num, percent, t, toman } from './i18n.js';
import { h } from './ui.js';

export function price(item) {
  const sale = salePrice(item);
  return h('p', { class: 'price' },
    sale < item.price ? [h('s', {}, toman(item.price)), ' '] : null,
    h('strong', {}, toman(sale)),
    item.discountPercentage ? h('span', { class: 'tag' }, t('percentOff', percent(item.discountPercentage))) : null);
}

export const itemCard = (item) =>
  h('a', { class: 'card item-card', href: `/item.html?id=${encodeURIComponent(item.id)}`, dataset: { itemId: item.id } },
    h('img', { src: `/img/${item.image}`, alt: '', width: 160, height: 120 }),
    h('h3', {}, local(item)),
    price(item),
    item.stock < 5 ? h('p', { class: 'stock low' }, t('onlyLeft', num(item.stock))) : null);

export const grid = (items) => h('div', { class: 'grid' }, items.map(itemCard));

export const categoryTiles = () =>
  h('div', { class: 'tiles' }, CATEGORIES.map((c) =>
    h('a', { class: 'tile', href: `/category.html?id=${c.id}` }, h('strong', {}, local(c)), h('span', {}, local(c, 'blurb')))));
