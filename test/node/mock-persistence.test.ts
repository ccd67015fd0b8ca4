import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, startMock, type MockProcess } from './helpers/mock-process.js';

const SERVER = { authorization: 'Bearer dev-access-token' };
let dir = '';
let running: MockProcess | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const state = async (m: MockProcess) => (await api(m.url, 'GET', '/inspector/state')).body;

describe('novin-mock --data DIR', () => {
  it('keeps everything accepted across a restart, and says where', async () => {
    dir = mkdtempSync(join(tmpdir(), 'novin-mock-data-'));
    const first = await startMock(['--data', dir]);
    expect(first.output()).toContain(`data: ${dir} (kept across restarts)`);
    await api(first.url, 'POST', '/api/items', { itemId: 'i1', name: 'Tea' }, SERVER);
    await api(first.url, 'POST', '/api/sdk/events?projectId=demo-project', { events: [{ name: 'search', anonymousId: 'a', time: '2026-11-28T12:00:00Z', messageId: 'keep-1', workFlowPath: 'webhook/w' }] });
    await api(first.url, 'POST', '/api/sdk/push-subscriptions?projectId=demo-project', { subscription: { endpoint: 'https://p.test/1', keys: { p256dh: 'k', auth: 'a' } }, anonymousId: 'a' });
    const before = await state(first);
    await first.stop();
    running = await startMock(['--data', dir]);
    const after = await state(running);
    for (const key of ['events', 'items', 'workflowRuns', 'pushSubscriptions', 'refused']) expect(after[key], key).toEqual(before[key]);
    // Still de-duplicated after the restart.
    const again = await api(running.url, 'POST', '/api/sdk/events?projectId=demo-project', { events: [{ name: 'search', anonymousId: 'a', time: '2026-11-28T12:00:00Z', messageId: 'keep-1' }] });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('loses nothing answered 2xx when killed with SIGKILL right after', async () => {
    dir = mkdtempSync(join(tmpdir(), 'novin-mock-kill-'));
    const first = await startMock(['--data', dir]);
    const res = await api(first.url, 'POST', '/api/users', { userId: 'u-kill', firstName: 'Reza' }, SERVER);
    expect(res.status).toBe(200);
    await first.kill9();
    running = await startMock(['--data', dir]);
    expect((await state(running)).users['demo-project']['u-kill']).toMatchObject({ firstName: 'Reza' });
  });

  it('without --data, a restart starts empty', async () => {
    dir = mkdtempSync(join(tmpdir(), 'novin-mock-none-'));
    const first = await startMock();
    await api(first.url, 'POST', '/api/items', { itemId: 'gone' }, SERVER);
    await first.stop();
    running = await startMock();
    expect((await state(running)).items).toEqual({});
  });
});
