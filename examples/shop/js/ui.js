// Small DOM helpers: pages build their markup with these instead of innerHTML, so product
// names and search queries can never inject markup.

/** What may stand among children: left out are null, undefined and false (`cond ? el : null`). */
const present = (c) => c != null && c !== false;
const node = (c) => (c instanceof Node ? c : String(c));

/** h('a', { href: '/' , class: 'x' }, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  el.append(...children.flat().filter(present).map(node));
  return el;
}

export const param = (name) => new URLSearchParams(location.search).get(name) ?? '';

/** Replaces the contents of the page's main area; takes children as h() does. */
export function render(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat().filter(present).map(node));
  return main;
}

export function notice(text, kind = 'info') {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
