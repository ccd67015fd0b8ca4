import { ITEMS, findCategory } from '../data.js';
import { grid } from '../cards.js';
import { boot } from '../layout.js';
import { send } from '../track.js';
import { h, notice, param, render } from '../ui.js';

boot();
const query = param('q').trim();
const words = query.toLowerCase().split(/\s+/).filter(Boolean);
const found = ITEMS.filter((i) => {
  const text = `${i.name} ${findCategory(i.category).name}`.toLowerCase();
  return words.every((w) => text.includes(w));
});
document.querySelector('input[name=q]').value = query;
render(
  h('h1', {}, query ? `Results for “${query}”` : 'Search'),
  query && !found.length ? notice('Nothing matched. Try “coffee” or “laptop”.') : grid(query ? found : []),
);
// The results page stands for the search the visitor submitted.
if (query) send({ name: 'search', properties: { searchQuery: query } });
