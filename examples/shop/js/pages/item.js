import { findCategory, findItem } from '../data.js';
import { addToCart, addToWishList, cartItemsList, wishList } from '../cart.js';
import { price } from '../cards.js';
import { boot, refreshCartCount } from '../layout.js';
import { imageUrl, itemUrl, listEntry, send } from '../track.js';
import { h, notice, param, render } from '../ui.js';

boot();
const item = findItem(param('id'));

function onAddToCart(count, status) {
  addToCart(item.id, count);
  refreshCartCount();
  send({ name: 'itemAddToCart', itemId: item.id, properties: { itemName: item.name, itemsList: cartItemsList() } });
  status.replaceChildren(notice(`Added ${count} to your cart.`, 'ok'), h('a', { href: '/cart.html', id: 'go-to-cart' }, 'Go to cart →'));
}

function onAddToWishList(status) {
  addToWishList(item.id);
  send({ name: 'itemAddToWishList', itemId: item.id, properties: { itemName: item.name, itemsList: wishList().map((i) => listEntry(i)) } });
  status.replaceChildren(notice('Saved to your wish list.', 'ok'), h('a', { href: '/wishlist.html' }, 'See the wish list →'));
}

if (!item) {
  render(h('h1', {}, 'Item not found'), notice('It may have been sold out and removed.'));
} else {
  document.title = `${item.name} — Novin Shop`;
  const category = findCategory(item.category);
  const status = h('div', { class: 'status', 'aria-live': 'polite' });
  const count = h('select', { id: 'quantity', 'aria-label': 'Quantity' }, [1, 2, 3].map((n) => h('option', { value: n }, String(n))));
  render(
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, 'Home'), ' / ', h('a', { href: `/category.html?id=${category.id}` }, category.name)),
    h('article', { class: 'item' },
      h('img', { src: `/img/${item.image}`, alt: '', width: 320, height: 240 }),
      h('div', {},
        h('h1', {}, item.name),
        price(item),
        h('p', { class: 'stock' }, item.stock > 0 ? `In stock (${item.stock}), ships from Tehran within 2 days` : 'Out of stock'),
        h('div', { class: 'buy' },
          count,
          h('button', { type: 'button', class: 'primary', id: 'add-to-cart', onclick: () => onAddToCart(Number(count.value), status) }, 'Add to cart'),
          h('button', { type: 'button', class: 'secondary', id: 'add-to-wishlist', onclick: () => onAddToWishList(status) }, '♡ Wish list')),
        status)),
  );
  send({ name: 'itemView', itemId: item.id, properties: { itemName: item.name, itemUrl: itemUrl(item), itemImageUrl: imageUrl(item) } });
}
