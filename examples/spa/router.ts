/**
 * History-API routing under /spa/: links with `data-route` change the view without a page
 * load, and back/forward re-render. Each change calls `onChange`, where the app tracks.
 */
export const BASE = '/spa';

export type View = (params: string[]) => Node;
export interface Route {
  pattern: RegExp;
  view: View;
}

export function createRouter(routes: Route[], outlet: HTMLElement, onChange: (path: string) => void) {
  const show = () => {
    const path = location.pathname.slice(BASE.length) || '/';
    for (const r of routes) {
      const m = r.pattern.exec(path);
      if (m) {
        outlet.replaceChildren(r.view(m.slice(1).map(decodeURIComponent)));
        onChange(path);
        return;
      }
    }
    const missing = document.createElement('p');
    missing.textContent = 'Page not found.';
    outlet.replaceChildren(missing);
  };

  const go = (path: string) => {
    history.pushState(null, '', BASE + path);
    show();
  };

  document.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a[data-route]') as HTMLAnchorElement | null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    go(a.getAttribute('data-route')!);
  });
  addEventListener('popstate', show);
  return { go, show };
}
