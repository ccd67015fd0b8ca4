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

const envelope = (messageId: string, over: Record<string, unknown> = {}) => ({ name: 'search', anonymousId: 'a-1', time: '2026-11-28T12:00:00Z', messageId, ...over });
const send = (events: unknown[], extra: Record<string, unknown> = {}) =>
  fetch(`${BASE}/api/sdk/events?projectId=demo-project`, { method: 'POST', body: JSON.stringify({ events, ...extra }) }).then((r) => r.json() as Promise<Record<string, any>>);
const get = (path: string) => fetch(`${BASE}${path}`).then((r) => r.json() as Promise<Record<string, any>>);

describe('inspector page', () => {
  it('is served at / and /inspector/ under a strict CSP with no inline script or style; /inspector redirects', async () => {
    for (const path of ['/', '/inspector/']) {
      const res = await fetch(`${BASE}${path}`);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await res.text();
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.map((m) => m[1])).toEqual([' src="/inspector/app.js" defer']);
      expect(scripts.every((m) => m[2] === '')).toBe(true);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    }
    const moved = await backend.handle(new Request(`${BASE}/inspector`));
    expect([moved.status, moved.headers.get('location')]).toEqual([301, '/inspector/']);
    const js = await fetch(`${BASE}/inspector/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await js.text();
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(() => new Function(code)).not.toThrow();
    // Modest: the whole page script and stylesheet, unminified.
    expect(code.length + (await (await fetch(`${BASE}/inspector/app.css`)).text()).length).toBeLessThan(60_000);
  });

  it('has an icon, so browsers find no favicon 404', async () => {
    for (const path of ['/inspector/favicon.svg', '/favicon.ico']) {
      const res = await fetch(`${BASE}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    }
    expect(INSPECTOR_HTML).toContain('<link rel="icon" href="/inspector/favicon.svg"');
  });

  it('shows what arrived as text only, live, with refusals and their reasons in the same timeline', async () => {
    document.body.innerHTML = INSPECTOR_HTML.replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '');
    const hostile = '<img src=x id=pwned>';
    await send([envelope('m1', { name: 'custom.thing', anonymousId: hostile, properties: { html: hostile } })]);
    new Function(await (await fetch(`${BASE}/inspector/app.js`)).text())();
    const timeline = () => document.getElementById('timeline')?.textContent ?? '';
    await vi.waitFor(() => expect(timeline()).toContain('custom.thing'), { timeout: 3000 });
    expect(timeline()).toContain(hostile);
    const row = document.querySelector<HTMLButtonElement>('#timeline button.sum')!;
    expect(row.getAttribute('aria-expanded')).toBe('false');
    row.click();
    expect(row.getAttribute('aria-expanded')).toBe('true');
    expect(document.querySelector('#timeline .detail pre.json')?.textContent).toContain(`"html": "${hostile}"`);
    expect(document.getElementById('pwned')).toBeNull();
    expect(document.querySelectorAll('img')).toHaveLength(0);
    await fetch(`${BASE}/api/sdk/events?projectId=nope`, { method: 'POST', body: '{}' });
    await vi.waitFor(() => expect(timeline()).toContain('projectId: unknown project "nope"'), { timeout: 3000 });
    expect(document.querySelector('#timeline li.refusal')).not.toBeNull();
    // The new row went in above; the open one is still open.
    expect(document.querySelector('#timeline li')?.classList.contains('refusal')).toBe(true);
    expect(row.getAttribute('aria-expanded')).toBe('true');
    await vi.waitFor(() => expect(document.getElementById('status')?.textContent).toContain('1 refused'), { timeout: 3000 });
  });

  it('says when older rows were dropped from memory, and that the counts are still exact', async () => {
    backend = createMockBackend(undefined, { maxEvents: 5 });
    document.body.innerHTML = INSPECTOR_HTML.replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '');
    await send(Array.from({ length: 12 }, (_, i) => envelope(`d${i}`)));
    new Function(await (await fetch(`${BASE}/inspector/app.js`)).text())();
    await vi.waitFor(() => expect(document.querySelectorAll('#timeline li.row')).toHaveLength(5), { timeout: 3000 });
    await vi.waitFor(() => expect(document.getElementById('timeline-end')?.textContent).toContain('7 events and 0 refusals were dropped'), { timeout: 3000 });
    expect(document.getElementById('timeline-end')?.textContent).toContain('keeps the newest 5');
    expect(document.getElementById('older')?.hidden).toBe(true);
    await vi.waitFor(() => expect(document.getElementById('status')?.textContent).toContain('12 events'), { timeout: 3000 });
    expect(document.getElementById('status')?.textContent).toContain('memory keeps the newest 5 rows (7 dropped)');
  });

  it('keeps the JSON keys other tests rely on, and reset clears them', async () => {
    await fetch(`${BASE}/api/sdk`);
    const state = await get('/inspector/state');
    for (const key of ['events', 'refused', 'users', 'items', 'goals', 'userGoals', 'workflowRuns', 'loyalty', 'pushSubscriptions', 'requests', 'counts', 'maxEvents', 'dropped'])
      expect(state, key).toHaveProperty(key);
    expect(state.requests).toBe(1);
    await fetch(`${BASE}/api/sdk/events?projectId=demo-project`, { method: 'POST', body: '{"events": [{"name": "x"}]}' });
    expect(backend.state().refused).toHaveLength(1);
    expect((await fetch(`${BASE}/inspector/reset`, { method: 'POST' })).status).toBe(200);
    expect(backend.state()).toMatchObject({ events: [], refused: [], requests: 0, counts: { events: 0, refused: 0 } });
  });
});

describe('timeline JSON', () => {
  it('answers only what is new (?after) and what changed (?since), newest first', async () => {
    await send([envelope('m1'), envelope('m2')]);
    const first = await get('/inspector/timeline');
    expect(first.rows.map((r: any) => r.event.messageId)).toEqual(['m2', 'm1']);
    expect(first.rows.map((r: any) => r.seq)).toEqual([2, 1]);
    expect(first).toMatchObject({ more: false, last: 2, stale: false });
    expect(first.summary.counts).toMatchObject({ events: 2, byName: { search: 2 } });
    const quiet = await get(`/inspector/timeline?after=${first.last}&since=${first.revision}&mark=${first.mark}`);
    expect(quiet).toMatchObject({ rows: [], updated: [], revision: first.revision });
    expect(quiet.summary).toBeUndefined();
    // A duplicate of m1 changes m1's row; m3 is new.
    await send([envelope('m1'), envelope('m3')]);
    const next = await get(`/inspector/timeline?after=${first.last}&since=${first.revision}`);
    expect(next.rows.map((r: any) => r.event.messageId)).toEqual(['m3']);
    expect(next.updated.map((r: any) => [r.event.messageId, r.duplicates])).toEqual([['m1', 1]]);
    expect(next.summary.counts).toMatchObject({ events: 3, duplicates: 1 });
  });

  it('pages back with ?before and says when there is more', async () => {
    await send(Array.from({ length: 25 }, (_, i) => envelope(`p${i}`)));
    const page = await get('/inspector/timeline?limit=10');
    expect(page.rows).toHaveLength(10);
    expect(page.more).toBe(true);
    const older = await get(`/inspector/timeline?limit=10&before=${page.rows.at(-1).seq}`);
    expect(older.rows[0].seq).toBe(page.rows.at(-1).seq - 1);
    const last = await get(`/inspector/timeline?limit=10&before=${older.rows.at(-1).seq}`);
    expect(last.rows).toHaveLength(5);
    expect(last.more).toBe(false);
  });

  it('filters by name, visitor (linked ids), source, status and free text', async () => {
    await send([
      envelope('v1', { name: 'itemView', itemId: 'tea', anonymousId: 'anon-7' }),
      envelope('v2', { name: 'signUp', userId: 'u-7', anonymousId: 'anon-7' }),
      envelope('v3', { name: 'search', anonymousId: 'anon-8', properties: { searchQuery: 'Green Tea' } }),
      { name: 'itemView', anonymousId: 'anon-7', time: '2026-11-28T12:00:00Z', messageId: 'bad' },
    ]);
    await send([envelope('v1', { name: 'itemView', itemId: 'tea', anonymousId: 'anon-7' })]);
    await fetch(`${BASE}/api/events`, { method: 'POST', headers: { authorization: 'Bearer dev-access-token' }, body: JSON.stringify({ name: 'purchaseApproved', userId: 'u-7', itemIdList: ['tea'], messageId: 'v4' }) });
    const ids = async (q: string) => (await get(`/inspector/timeline?${q}`)).rows.map((r: any) => r.event?.messageId ?? `refused:${r.messageId}`);
    expect(await ids('name=itemView')).toEqual(['refused:bad', 'v1']);
    // The visitor's anonymous id reaches the user it became, and that user's server events.
    expect(await ids('visitor=anon-7')).toEqual(['v4', 'refused:bad', 'v2', 'v1']);
    expect(await ids('visitor=u-7')).toEqual(['v4', 'refused:bad', 'v2', 'v1']);
    expect(await ids('source=server')).toEqual(['v4']);
    expect(await ids('status=refused')).toEqual(['refused:bad']);
    expect(await ids('status=duplicated')).toEqual(['v1']);
    expect(await ids('q=green%20TEA')).toEqual(['v3']);
    expect(await ids('name=itemView&status=accepted')).toEqual(['v1']);
    expect((await fetch(`${BASE}/inspector/timeline?status=odd`)).status).toBe(400);
    expect((await fetch(`${BASE}/inspector/timeline?after=-1`)).status).toBe(400);
  });

  it('marks where the anonymous visitor became a user, and the visitor view says so', async () => {
    await send([envelope('s1', { anonymousId: 'anon-9' }), envelope('s2', { name: 'signUp', userId: 'u-9', anonymousId: 'anon-9' }), envelope('s3', { userId: 'u-9', anonymousId: 'anon-9' })]);
    const rows = (await get('/inspector/timeline?visitor=anon-9')).rows;
    expect(rows.map((r: any) => r.became ?? null)).toEqual([null, 'u-9', null]);
    const visitor = await get('/inspector/visitor?id=anon-9');
    expect(visitor).toMatchObject({ id: 'anon-9', anonymousIds: ['anon-9'], userIds: ['u-9'] });
    expect(visitor.transitions).toEqual([expect.objectContaining({ anonymousId: 'anon-9', userId: 'u-9', name: 'signUp', seq: 2 })]);
    expect(visitor.goals.map((g: any) => g.goalCode)).toEqual(['signed-up']);
    expect((await get('/inspector/visitor?id=nobody')).transitions).toEqual([]);
  });

  it('links loyalty points and goal completions from the event', async () => {
    await send([envelope('g1', { name: 'signUp', userId: 'u-1', anonymousId: 'a', aggregations: [{ userAggregationfield: 'mobileLead', operation: '+' }] })]);
    const [row] = (await get('/inspector/timeline')).rows;
    expect(row).toMatchObject({ points: [{ field: 'mobileLead', delta: 10 }], loyaltyKey: 'u-1', goalsCompleted: ['signed-up'], became: 'u-1' });
    const loyalty = await get('/inspector/table/loyalty');
    expect(loyalty.rows).toEqual([{ projectId: 'demo-project', user: 'u-1', totals: { mobileLead: 10 } }]);
    const goals = await get('/inspector/table/goals');
    expect(goals.userGoals.rows[0]).toMatchObject({ userId: 'u-1', goalCode: 'signed-up' });
    expect((await fetch(`${BASE}/inspector/table/nope`)).status).toBe(404);
  });

  it('starts a new epoch on reset, so a page holding old rows reloads', async () => {
    const before = await get('/inspector/timeline');
    await fetch(`${BASE}/inspector/reset`, { method: 'POST' });
    expect((await get('/inspector/timeline')).epoch).not.toBe(before.epoch);
  });
});

describe('sentAt: the clock skew of a batch', () => {
  it('records received − sentAt on each event, leaves time alone, and takes batches without it', async () => {
    let now = Date.parse('2026-11-28T12:00:00Z');
    backend = createMockBackend(undefined, { now: () => now });
    const ahead = new Date(now + 5 * 60_000).toISOString();
    expect(await send([envelope('k1'), envelope('k2')], { sentAt: ahead })).toMatchObject({ accepted: 2 });
    expect(await send([envelope('k3')])).toMatchObject({ accepted: 1 });
    expect(await send([envelope('k4')], { sentAt: 'yesterday-ish' })).toMatchObject({ accepted: 1 });
    now += 1000;
    expect(await send([{ name: 'itemView', anonymousId: 'a', time: 'x', messageId: 'k5' }], { sentAt: new Date(now - 2000).toISOString() })).toMatchObject({ rejected: [expect.anything()] });
    const s = backend.state();
    expect(s.events.map((e) => [e.event.messageId, e.skewMs, e.sentAt, e.event.time])).toEqual([
      ['k1', -300_000, ahead, '2026-11-28T12:00:00Z'],
      ['k2', -300_000, ahead, '2026-11-28T12:00:00Z'],
      ['k3', undefined, undefined, '2026-11-28T12:00:00Z'],
      ['k4', undefined, undefined, '2026-11-28T12:00:00Z'],
    ]);
    expect(s.refused[0]).toMatchObject({ messageId: 'k5', skewMs: 2000 });
    expect((await get('/inspector/timeline?status=skewed')).rows.map((r: any) => r.event.messageId)).toEqual(['k2', 'k1']);
  });
});

describe('bounded memory (maxEvents)', () => {
  it('keeps the newest rows only, while counts, loyalty and goals stay exact and the journal keeps everything', async () => {
    const ops: unknown[] = [];
    backend = createMockBackend(undefined, { maxEvents: 10, journal: { load: () => [], append: (list) => void ops.push(...list), clear: () => void ops.splice(0) } });
    for (let batch = 0; batch < 5; batch++)
      await send(Array.from({ length: 10 }, (_, i) => envelope(`b${batch}-${i}`, { name: i % 2 ? 'signUp' : 'search', userId: `u${batch}`, aggregations: [{ userAggregationfield: 'mobileLead', operation: '+' }] })));
    await send([{ name: 'itemView', anonymousId: 'a', time: 'x', messageId: 'r1' }]);
    const s = backend.state();
    expect(s.events).toHaveLength(9);
    expect(s.refused).toHaveLength(1);
    expect(s.events[0].event.messageId).toBe('b4-1');
    expect(s.counts).toMatchObject({ events: 50, refused: 1, byName: { search: 25, signUp: 25 } });
    expect(s.dropped).toMatchObject({ events: 41, refused: 0 });
    expect(Object.values(s.loyalty['demo-project']).map((t) => t.mobileLead)).toEqual([100, 100, 100, 100, 100]);
    expect(s.userGoals.filter((g) => g.completedAt)).toHaveLength(5);
    expect(ops.filter((o: any) => o.op === 'event')).toHaveLength(50);
    // De-duplication still knows the dropped ones.
    expect(await send([envelope('b0-0')])).toMatchObject({ accepted: 0, duplicates: 1 });
    const page = await get('/inspector/timeline?limit=100');
    expect(page.rows).toHaveLength(10);
    expect(page.more).toBe(false);
    expect(page.summary).toMatchObject({ maxEvents: 10, retained: 10, dropped: { events: 41 } });
    expect(() => createMockBackend(undefined, { maxEvents: 0 })).toThrow('maxEvents');
  });
});
