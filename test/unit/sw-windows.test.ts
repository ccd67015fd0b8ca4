import { describe, expect, it, vi } from 'vitest';
import { chooseWindow, showPage, type WindowLike } from '../../sw/windows.js';

const SITE = 'https://shop.example.com';
const w = (path: string, more: Partial<WindowLike> = {}): WindowLike => ({ url: SITE + path, visibilityState: 'hidden', ...more });

describe('chooseWindow', () => {
  it('focuses a window already at the URL, ignoring a fragment', () => {
    const a = w('/a');
    const b = w('/sale#top');
    expect(chooseWindow([a, b], `${SITE}/sale`)).toEqual({ how: 'focus', client: b });
  });
  it('prefers the focused, then a visible one among several at the URL', () => {
    const hidden = w('/sale');
    const visible = w('/sale', { visibilityState: 'visible' });
    const focused = w('/sale', { focused: true });
    expect(chooseWindow([hidden, visible, focused], `${SITE}/sale`)).toMatchObject({ client: focused });
    expect(chooseWindow([hidden, visible], `${SITE}/sale`)).toMatchObject({ client: visible });
  });
  it('does not treat another query as the same page', () => {
    expect(chooseWindow([w('/sale?p=1')], `${SITE}/sale?p=2`).how).toBe('navigate');
  });
  it('navigates a controlled window of the site, the one the user looks at first', () => {
    const a = w('/a');
    const b = w('/b', { visibilityState: 'visible' });
    expect(chooseWindow([a, b], `${SITE}/sale`)).toEqual({ how: 'navigate', client: b });
  });
  it('opens a new window when no controlled window can be navigated', () => {
    const uncontrolled = w('/a');
    expect(chooseWindow([uncontrolled], `${SITE}/sale`, [])).toEqual({ how: 'open' });
    // Still focuses an uncontrolled window that already shows the page.
    expect(chooseWindow([uncontrolled], `${SITE}/a`, [])).toEqual({ how: 'focus', client: uncontrolled });
  });
  it('opens allowlisted other origins in a new window instead of taking the site away', () => {
    expect(chooseWindow([w('/a')], 'https://blog.example.org/post')).toEqual({ how: 'open' });
  });
  it('opens when there is no window', () => expect(chooseWindow([], `${SITE}/`)).toEqual({ how: 'open' }));
});

function fakeClients(windows: Array<WindowLike & { controlled?: boolean }>) {
  const made = windows.map((x) => ({
    ...x,
    focus: vi.fn(async () => undefined),
    navigate: vi.fn(async () => null),
  }));
  const clients = {
    matchAll: vi.fn(async (o: ClientQueryOptions) => made.filter((m) => o.includeUncontrolled || m.controlled)),
    openWindow: vi.fn(async () => null),
  };
  return { made, clients: clients as unknown as Clients & typeof clients };
}

describe('showPage', () => {
  it('focuses, then navigates, a controlled window', async () => {
    const { made, clients } = fakeClients([{ url: `${SITE}/a`, controlled: true }]);
    expect(await showPage(clients, `${SITE}/b`)).toBe('navigate');
    expect(made[0].focus).toHaveBeenCalled();
    expect(made[0].navigate).toHaveBeenCalledWith(`${SITE}/b`);
    expect(clients.openWindow).not.toHaveBeenCalled();
  });
  it('only focuses a window at the URL', async () => {
    const { made, clients } = fakeClients([{ url: `${SITE}/b` }]);
    expect(await showPage(clients, `${SITE}/b`)).toBe('focus');
    expect(made[0].focus).toHaveBeenCalled();
    expect(made[0].navigate).not.toHaveBeenCalled();
  });
  it('opens a window past uncontrolled ones', async () => {
    const { clients } = fakeClients([{ url: `${SITE}/a` }]);
    expect(await showPage(clients, `${SITE}/b`)).toBe('open');
    expect(clients.openWindow).toHaveBeenCalledWith(`${SITE}/b`);
  });
  it('reports a refused window instead of throwing', async () => {
    const { clients } = fakeClients([]);
    clients.openWindow.mockRejectedValueOnce(new Error('Not allowed to open a window'));
    expect(await showPage(clients, `${SITE}/b`)).toBe('failed');
  });
});
