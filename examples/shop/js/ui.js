// Small DOM helpers: pages build their markup with these instead of innerHTML, so product
// names and search queries can never inject markup.

/** h('a', { href: '/' , class: 'x' }, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export const toman = (n) => `${Math.round(n).toLocaleString('en-US')} Toman`;

export const param = (name) => new URLSearchParams(location.search).get(name) ?? '';

/** Replaces the contents of the page's main area. */
export function render(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat());
  return main;
}

export function notice(text, kind = 'info') {
  const el = h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  return el;
}
