import { findCategory, findItem } from '../data.js';
import { addToCart, addToWishList, cartItemsList, wishList } from '../cart.js';
import { price } from '../cards.js';
import { local, num, t } from '../i18n.js';
import { boot, refreshCartCount } from '../layout.js';
import { imageUrl, itemUrl, listEntry, send } from '../track.js';
import { h, notice, param, render } from '../ui.js';

const item = findItem(param('id'));
boot(item ? local(item) : t('itemNotFound'));

function onAddToCart(count, status) {
  addToCart(item.id, count);
  refreshCartCount();
  send({ name: 'itemAddToCart', itemId: item.id, properties: { itemName: local(item), itemsList: cartItemsList() } });
  status.replaceChildren(notice(t('added', num(count)), 'ok'), h('a', { href: '/cart.html', id: 'go-to-cart' }, t('goToCart')));
}

function onAddToWishList(status) {
  addToWishList(item.id);
  send({ name: 'itemAddToWishList', itemId: item.id, properties: { itemName: local(item), itemsList: wishList().map((i) => listEntry(i)) } });
  status.replaceChildren(notice(t('savedToWishList'), 'ok'), h('a', { href: '/wishlist.html' }, t('seeWishList')));
}

if (!item) {
  render(h('h1', {}, t('itemNotFound')), notice(t('itemGone')));
} else {
  const category = findCategory(item.category);
  const status = h('div', { class: 'status', 'aria-live': 'polite' });
  const count = h('select', { id: 'quantity', 'aria-label': t('quantity') }, [1, 2, 3].map((n) => h('option', { value: n }, num(n))));
  render(
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, t('home')), ' / ', h('a', { href: `/category.html?id=${category.id}` }, local(category))),
    h('article', { class: 'item' },
      h('img', { src: `/img/${item.image}`, alt: '', width: 320, height: 240 }),
      h('div', {},
        h('h1', {}, local(item)),
        price(item),
        h('p', { class: 'stock' }, item.stock > 0 ? t('inStock', num(item.stock)) : t('outOfStock')),
        h('div', { class: 'buy' },
          count,
          h('button', { type: 'button', class: 'primary', id: 'add-to-cart', onclick: () => onAddToCart(Number(count.value), status) }, t('addToCart')),
          h('button', { type: 'button', class: 'secondary', id: 'add-to-wishlist', onclick: () => onAddToWishList(status) }, t('addToWishList'))),
        status)),
  );
  send({ name: 'itemView', itemId: item.id, properties: { itemName: local(item), itemUrl: itemUrl(item), itemImageUrl: imageUrl(item) } });
}
