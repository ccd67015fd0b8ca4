import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockBackend, fileJournal, resolveConfig, type Journal, type Op } from '../../mock/index.js';

const memoryJournal = (): Journal & { ops: Op[] } => {
  const ops: Op[] = [];
  return { ops, load: () => [...ops], append: (list) => void ops.push(...list), clear: () => void ops.splice(0) };
};
const post = (backend: ReturnType<typeof createMockBackend>, path: string, body: unknown, token?: string) =>
  backend.handle(new Request(`http://mock.test${path}`, { method: 'POST', body: JSON.stringify(body), headers: token ? { authorization: `Bearer ${token}` } : {} }));

describe('journal replay', () => {
  it('rebuilds the same state from the journal', async () => {
    let now = Date.parse('2026-11-28T10:00:00Z');
    const journal = memoryJournal();
    const a = createMockBackend(undefined, { journal, now: () => now });
    await post(a, '/api/sdk/events?projectId=demo-project', { events: [{ name: 'signUp', userId: 'u1', anonymousId: 'a1', time: '2026-11-28T10:00:00Z', messageId: 'm1', aggregations: [{ userAggregationfield: 'mobileLead', operation: '+' }] }] });
    await post(a, '/api/users', { userId: 'u1', firstName: 'Sara' }, 'dev-access-token');
    await post(a, '/api/v1/onboarding-goals/assign', { user_id: 'u1', goal_codes: ['demo'], timeout_minutes: 5 }, 'dev-api-token');
    await post(a, '/api/sdk/push-subscriptions?projectId=demo-project', { subscription: { endpoint: 'https://p.test/1', keys: { p256dh: 'k', auth: 'a' } }, anonymousId: 'a1' });
    now += 10 * 60_000;
    a.tick();
    const b = createMockBackend(undefined, { journal, now: () => now });
    const strip = (s: ReturnType<typeof a.state>) => ({ ...s, revision: 0, requests: 0 });
    expect(strip(b.state())).toEqual(strip(a.state()));
    expect(b.state().userGoals.find((e) => e.goalCode === 'demo')?.timedOutAt).toBe('2026-11-28T10:05:00.000Z');
    expect((await post(b, '/api/sdk/events?projectId=demo-project', { events: [{ name: 'signUp', userId: 'u1', anonymousId: 'a1', time: '2026-11-28T10:00:00Z', messageId: 'm1' }] }).then((r) => r.json())) as object).toMatchObject({ duplicates: 1 });
  });
  it('writes nothing for a request it refuses outright except the refusal', async () => {
    const journal = memoryJournal();
    const backend = createMockBackend(undefined, { journal });
    await post(backend, '/api/users', { userId: 'u1' }, 'wrong');
    expect(journal.ops.map((o) => o.op)).toEqual(['refused']);
  });
});

describe('a journal that fails to write', () => {
  it('answers 500, changes nothing and keeps serving', async () => {
    let full = true;
    const journal: Journal = { load: () => [], append: () => { if (full) throw new Error('ENOSPC: no space left on device'); }, clear: () => undefined };
    const backend = createMockBackend(undefined, { journal });
    const res = await post(backend, '/api/users', { userId: 'u1' }, 'dev-access-token');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ status: 'error', message: 'internal: ENOSPC: no space left on device' });
    expect(backend.state().users).toEqual({});
    full = false;
    expect((await post(backend, '/api/users', { userId: 'u1' }, 'dev-access-token')).status).toBe(200);
    expect(Object.keys(backend.state().users['demo-project'])).toEqual(['u1']);
  });
});

describe('fileJournal', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  it('survives a torn last line and keeps appending cleanly after it', () => {
    dir = mkdtempSync(join(tmpdir(), 'novin-journal-'));
    const j = fileJournal(dir);
    j.append([{ op: 'deleteItem', at: 1, projectId: 'p', id: 'a' }]);
    appendFileSync(join(dir, 'journal.ndjson'), '{"op":"deleteItem","at":2,"proj');
    const again = fileJournal(dir);
    expect(again.load()).toEqual([{ op: 'deleteItem', at: 1, projectId: 'p', id: 'a' }]);
    again.append([{ op: 'deleteItem', at: 3, projectId: 'p', id: 'c' }]);
    expect(fileJournal(dir).load().map((o) => o.at)).toEqual([1, 3]);
    again.clear();
    expect(readFileSync(join(dir, 'journal.ndjson'), 'utf8')).toBe('');
  });
});

describe('config', () => {
  it('names every wrong field at once', () => {
    expect(() => resolveConfig({ projects: [{ projectId: '' }], apiTokens: [{ token: 't', endpoints: ['users'] }], goals: [{ code: 'g', name: 'G', type: 'event' }] })).toThrow(
      /config\.projects\[0\]\.projectId[\s\S]*config\.projects\[0\]\.accessToken[\s\S]*config\.apiTokens\[0\]\.endpoints[\s\S]*config\.goals\[0\]\.event/,
    );
    expect(() => createMockBackend({ projects: [] })).toThrow('config.projects: must be a non-empty array');
  });
  it('keeps pushUrlOrigins as project data, checked to be origins', () => {
    const project = { projectId: 'p', accessToken: 't' };
    expect(resolveConfig({ projects: [project] }).projects[0].pushUrlOrigins).toEqual([]);
    expect(resolveConfig({ projects: [{ ...project, pushUrlOrigins: ['https://blog.example.com'] }] }).projects[0].pushUrlOrigins).toEqual(['https://blog.example.com']);
    for (const bad of [['https://blog.example.com/'], ['blog.example.com'], ['javascript:alert(1)'], 'https://blog.example.com'])
      expect(() => resolveConfig({ projects: [{ ...project, pushUrlOrigins: bad }] }), JSON.stringify(bad)).toThrow('config.projects[0].pushUrlOrigins: must be an array of origins');
  });
});
