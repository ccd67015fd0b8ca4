import { wishList } from '../cart.js';
import { grid } from '../cards.js';
import { t } from '../i18n.js';
import { boot } from '../layout.js';
import { h, notice, render } from '../ui.js';

boot(t('yourWishList'));
const items = wishList();
render(h('h1', {}, t('yourWishList')), items.length ? grid(items) : notice(t('wishListEmpty')));
