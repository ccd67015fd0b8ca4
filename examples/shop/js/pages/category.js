import { ITEMS, findCategory } from '../data.js';
import { grid } from '../cards.js';
import { boot } from '../layout.js';
import { send } from '../track.js';
import { h, notice, param, render } from '../ui.js';

boot();
const category = findCategory(param('id'));
if (!category) {
  render(h('h1', {}, 'Category not found'), notice('Pick a category from the menu above.'));
} else {
  document.title = `${category.name} — Novin Shop`;
  render(h('h1', {}, category.name), h('p', { class: 'lead' }, category.blurb), grid(ITEMS.filter((i) => i.category === category.id)));
  send({ name: 'categoryView', categoryId: category.id, properties: { categoryName: category.name } });
}
