import { wishList } from '../cart.js';
import { grid } from '../cards.js';
import { boot } from '../layout.js';
import { h, notice, render } from '../ui.js';

boot();
const items = wishList();
render(h('h1', {}, 'Your wish list'), items.length ? grid(items) : notice('Nothing saved yet: use ♡ on an item page.'));
