/**
 * After a click: focus a window already showing the page, else take a window of the site to
 * it, else open a new one. One decision per click: Chromium lets a notification click either
 * open a window or focus one, not both.
 */

export interface WindowLike {
  url: string;
  focused?: boolean;
  visibilityState?: DocumentVisibilityState;
}

export type Choice<W> = { how: 'focus' | 'navigate'; client: W } | { how: 'open' };

// A fragment does not load a document: a window at the page, scrolled elsewhere, is that page.
const page = (url: string) => url.split('#')[0];
const origin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};
// The window the user is most likely looking at first; matchAll already lists recent ones first.
const best = <W extends WindowLike>(ws: W[]) => ws.find((w) => w.focused) ?? ws.find((w) => w.visibilityState == 'visible') ?? ws[0];

/**
 * @param windows every window of the site (controlled or not)
 * @param url the absolute target URL
 * @param controlled windows this worker controls: only those can be navigated
 */
export function chooseWindow<W extends WindowLike>(windows: W[], url: string, controlled: W[] = windows): Choice<W> {
  const at = best(windows.filter((w) => page(w.url) == page(url)));
  if (at) return { how: 'focus', client: at };
  const near = best(controlled.filter((w) => origin(w.url) == origin(url)));
  if (near) return { how: 'navigate', client: near };
  return { how: 'open' };
}

/** Carries out the choice; resolves to what was done. Never rejects. */
export async function showPage(clients: Clients, url: string): Promise<Choice<WindowClient>['how'] | 'failed'> {
  try {
    const all = (await clients.matchAll({ type: 'window', includeUncontrolled: true })) as WindowClient[];
    const mine = (await clients.matchAll({ type: 'window' })) as WindowClient[];
    const c = chooseWindow(all, url, mine);
    if (c.how == 'open') await clients.openWindow(url);
    else {
      // Focus first: it needs the click's permission, which a navigation's await may outlast.
      await c.client.focus().catch(() => undefined);
      if (c.how == 'navigate') await c.client.navigate(url);
    }
    return c.how;
  } catch {
    return 'failed';
  }
}
