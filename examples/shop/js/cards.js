// Product cards for the grids on the home, category, search and wish-list pages.
import { salePrice } from './data.js';
import { h, toman } from './ui.js';

export function price(item) {
  const sale = salePrice(item);
  return h('p', { class: 'price' },
    sale < item.price ? [h('s', {}, toman(item.price)), ' '] : null,
    h('strong', {}, toman(sale)),
    item.discountPercentage ? h('span', { class: 'tag' }, `−${item.discountPercentage}%`) : null);
}

export const itemCard = (item) =>
  h('a', { class: 'card item-card', href: `/item.html?id=${encodeURIComponent(item.id)}`, dataset: { itemId: item.id } },
    h('img', { src: `/img/${item.image}`, alt: '', width: 160, height: 120 }),
    h('h3', {}, item.name),
    price(item),
    item.stock < 5 ? h('p', { class: 'stock low' }, `Only ${item.stock} left`) : null);

export const grid = (items) => h('div', { class: 'grid' }, items.map(itemCard));
