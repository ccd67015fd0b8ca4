import { ITEMS, findCategory } from '../data.js';
import { grid } from '../cards.js';
import { local, t } from '../i18n.js';
import { boot } from '../layout.js';
import { send } from '../track.js';
import { h, notice, param, render } from '../ui.js';

const category = findCategory(param('id'));
boot(category ? local(category) : t('categoryNotFound'));
if (!category) {
  render(h('h1', {}, t('categoryNotFound')), notice(t('pickCategory')));
} else {
  render(h('h1', {}, local(category)), h('p', { class: 'lead' }, local(category, 'blurb')), grid(ITEMS.filter((i) => i.category === category.id)));
  send({ name: 'categoryView', categoryId: category.id, properties: { categoryName: local(category) } });
}
