/**
 * examples/server against `npm start`'s collector: the script must exit 0, and the collector
 * must hold what each of its steps says it sent, with the ids the seed prescribes.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { named, startDemo, type Demo } from './start-demo.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let demo: Demo;

beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo?.stop();
});

describe('server example', () => {
  it('syncs, sends backend events, deletes, completes a goal and answers live items', async () => {
    const endpoint = new URL(demo.shop).origin;
    const cookie = 'novinAnonymousId=anon-from-cookie; novin-AB=B';
    const run = spawnSync(process.execPath, ['examples/server/index.mjs'], {
      cwd: ROOT,
      env: { ...process.env, NOVIN_ENDPOINT: endpoint, SITE_PORT: '0', VISITOR_COOKIE: cookie },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/sku-1001 18500000 Toman, 13 in stock/);

    const s = (await demo.state()) as Record<string, any>;
    expect(s.refused).toEqual([]);
    for (const e of s.events) expect(e.source).toBe('server');
    expect(named(s as any, 'purchaseApproved').map((e) => e.properties.purchaseId).slice(0, 3)).toEqual(['NS-2024-0917', 'NS-2025-0203', 'NS-2025-0311']);
    const complete = named(s as any, 'purchaseComplete')[0];
    expect(complete).toMatchObject({ anonymousId: 'anon-from-cookie', userId: 'u-1001', itemIdList: ['sku-1002', 'sku-4001'] });
    // After admin approval the visitor's cookie is out of reach: userId only.
    for (const name of ['itemComment', 'itemRate']) {
      const [e] = named(s as any, name);
      expect(e, name).toMatchObject({ userId: 'u-1001', itemId: 'sku-4001' });
      expect(e.anonymousId, name).toBeUndefined();
    }
    expect(s.workflowRuns).toMatchObject([{ workflow: 'orderApproved', eventName: 'purchaseApproved', userId: 'u-1001' }]);
    expect(JSON.stringify(s.loyalty)).toContain('"purchasePoints":240');
    const items = JSON.stringify(s.items);
    expect(items).toContain('sku-4001');
    expect(items).not.toContain('sku-1003');
    expect(JSON.stringify(s.users)).not.toContain('u-1003');
    expect(s.userGoals).toMatchObject([{ userId: 'u-1001', goalCode: 'demo', completedAt: expect.any(String) }, { goalCode: 'signed-up' }]);
  });
});

describe("the shop's own backend", () => {
  const shopApi = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(new URL(path, demo.shop), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const order = (purchaseId: string) => ({ itemIdList: ['sku-1001'], userId: 'u-victim', properties: { purchaseId } });
  const visitor = 'novinAnonymousId=anon-shopper; novin-AB=A';

  it('takes the user from its session and the anonymous id from the cookie, never from the body', async () => {
    expect((await shopApi('/shop-api/orders/paid', order('NS-NO-SESSION'), { cookie: visitor })).status).toBe(200);
    const signIn = await shopApi('/shop-api/session', { userId: 'u-1001' });
    expect(signIn.status).toBe(200);
    const session = /^shopSession=([^;]+);/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
    expect(session).toBeTruthy();
    expect((await shopApi('/shop-api/orders/paid', { ...order('NS-SESSION'), anonymousId: 'anon-forged' }, { cookie: `${visitor}; shopSession=${session}` })).status).toBe(200);
    expect((await shopApi('/shop-api/orders/paid', order('NS-MADE-UP-SESSION'), { cookie: `${visitor}; shopSession=guessed` })).status).toBe(200);
    const out = await fetch(new URL('/shop-api/session', demo.shop), { method: 'DELETE', headers: { cookie: `shopSession=${session}` } });
    expect(out.headers.get('set-cookie')).toMatch(/^shopSession=;.*Max-Age=0/);
    expect((await shopApi('/shop-api/orders/paid', order('NS-SIGNED-OUT'), { cookie: `${visitor}; shopSession=${session}` })).status).toBe(200);

    const s = await demo.waitForState((st) => named(st, 'purchaseComplete').some((e) => e.properties.purchaseId === 'NS-SIGNED-OUT'), 'the shop backend purchases');
    const paid = (id: string) => named(s, 'purchaseComplete').find((e) => e.properties.purchaseId === id)!;
    expect(paid('NS-SESSION')).toMatchObject({ userId: 'u-1001', anonymousId: 'anon-shopper', novinAB: 'A' });
    for (const id of ['NS-NO-SESSION', 'NS-MADE-UP-SESSION', 'NS-SIGNED-OUT']) {
      expect(paid(id), id).toMatchObject({ anonymousId: 'anon-shopper', novinAB: 'A' });
      expect(paid(id).userId, id).toBeUndefined();
    }
  });

  it("refuses what another site's page can send without a preflight (no JSON Content-Type)", async () => {
    const before = named(await demo.state(), 'purchaseComplete').length;
    for (const path of ['/shop-api/orders/paid', '/shop-api/session']) {
      const res = await shopApi(path, path.endsWith('session') ? { userId: 'u-victim' } : order('NS-TEXT-PLAIN'), { 'content-type': 'text/plain' });
      expect(res.status, path).toBe(415);
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
    expect(named(await demo.state(), 'purchaseComplete')).toHaveLength(before);
  });
});
