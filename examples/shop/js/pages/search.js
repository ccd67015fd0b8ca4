import { ITEMS, findCategory } from '../data.js';
import { grid } from '../cards.js';
import { latinDigits, t } from '../i18n.js';
import { boot } from '../layout.js';
import { send } from '../track.js';
import { h, notice, param, render } from '../ui.js';

// Matches either language whatever the page shows. Folded alike on both sides: case, digits,
// the Arabic keyboard's ي and ك for Persian ی and ک, and the zero-width non-joiner that
// some type as a space and some leave out (لپ‌تاپ, لپ تاپ, لپتاپ).
const fold = (s) => latinDigits(s).toLowerCase().replace(/ي/g, 'ی').replace(/ك/g, 'ک').replace(/\u200c/g, ' ');
const squeeze = (s) => s.replace(/\s+/g, '');

const query = param('q').trim();
boot(query ? t('resultsFor', query) : t('search'));
const words = fold(query).split(/\s+/).filter(Boolean);
const found = ITEMS.filter((i) => {
  const c = findCategory(i.category);
  const text = fold([i.name, i.nameFa, c.name, c.nameFa].join(' '));
  return words.every((w) => text.includes(w) || squeeze(text).includes(w));
});
document.querySelector('input[name=q]').value = query;
render(
  h('h1', {}, query ? t('resultsFor', query) : t('search')),
  query && !found.length ? notice(t('nothingMatched')) : grid(query ? found : []),
);
// The results page stands for the search the visitor submitted.
if (query) send({ name: 'search', properties: { searchQuery: query } });
