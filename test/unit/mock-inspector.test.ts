import { beforeEach, describe, expect, it, vi } from 'vitest';
import { serveInMsw } from './helpers/mock-in-msw.js';
import { createMockBackend, type MockBackend } from '../../mock/index.js';
import { INSPECTOR_HTML } from '../../mock/inspector/page.js';

// The page runs at the happy-dom origin, so its relative fetches reach the handler there.
const BASE = location.origin;
let backend: MockBackend;
serveInMsw(BASE, () => backend);
beforeEach(() => {
  backend = createMockBackend();
});

describe('inspector', () => {
  it('serves the page under a strict CSP with no inline script or style', async () => {
    const res = await fetch(`${BASE}/`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[1])).toEqual([' src="/inspector/app.js" defer']);
    expect(scripts.every((m) => m[2] === '')).toBe(true);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const js = await fetch(`${BASE}/inspector/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  it('shows what arrived, as text only, and updates when more arrives', async () => {
    document.body.innerHTML = INSPECTOR_HTML.replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '');
    const hostile = '<img src=x id=pwned>';
    await fetch(`${BASE}/api/sdk/events?projectId=demo-project`, {
      method: 'POST',
      body: JSON.stringify({ events: [{ name: 'custom.thing', anonymousId: hostile, time: '2026-11-28T12:00:00Z', messageId: 'm1', properties: { html: hostile } }] }),
    });
    const script = await (await fetch(`${BASE}/inspector/app.js`)).text();
    new Function(script)();
    await vi.waitFor(() => expect(document.getElementById('events')?.textContent).toContain('custom.thing'), { timeout: 3000 });
    expect(document.getElementById('events')?.textContent).toContain(hostile);
    expect(document.getElementById('pwned')).toBeNull();
    expect(document.querySelectorAll('img')).toHaveLength(0);
    await fetch(`${BASE}/api/sdk/events?projectId=nope`, { method: 'POST', body: '{}' });
    await vi.waitFor(() => expect(document.getElementById('refused')?.textContent).toContain('projectId: unknown project "nope"'), { timeout: 3000 });
  });

  it('keeps the JSON keys other tests rely on, and reset clears them', async () => {
    await fetch(`${BASE}/api/sdk`);
    const state = (await (await fetch(`${BASE}/inspector/state`)).json()) as Record<string, unknown>;
    for (const key of ['events', 'refused', 'users', 'items', 'goals', 'userGoals', 'workflowRuns', 'loyalty', 'pushSubscriptions', 'requests'])
      expect(state, key).toHaveProperty(key);
    expect(state.requests).toBe(1);
    await fetch(`${BASE}/api/sdk/events?projectId=demo-project`, { method: 'POST', body: '{"events": [{"name": "x"}]}' });
    expect(backend.state().refused).toHaveLength(1);
    expect((await fetch(`${BASE}/inspector/reset`, { method: 'POST' })).status).toBe(200);
    expect(backend.state()).toMatchObject({ events: [], refused: [], requests: 0 });
  });
});
