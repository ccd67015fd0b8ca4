import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../sw/config.js';

/* The push service and the collector, as the worker sees them. */
interface Body {
  subscription?: { endpoint: string };
  anonymousId?: string;
  userId?: string;
  replaces?: string;
  endpoint?: string;
}

/** A base64url VAPID public key; only its bytes matter here. */
const KEY = 'BPk7mR2LbVbJ7N5qO1sIr0xKz8Yw3Ftq';

interface FakeCollector {
  calls: Array<{ method: string; url: string; body: Body }>;
  /** The next answers' status (0: network error); undefined answers 201/204. */
  status?: number;
}

function fakeCollector(): FakeCollector {
  const c: FakeCollector = { calls: [] };
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    c.calls.push({ method: String(init.method), url, body: JSON.parse(String(init.body)) });
    if (c.status === 0) throw new TypeError('Failed to fetch');
    return new Response(null, { status: c.status ?? (init.method == 'DELETE' ? 204 : 201) });
  });
  return c;
}

const subscription = (endpoint: string) =>
  ({ endpoint, toJSON: () => ({ endpoint, keys: { p256dh: 'p', auth: 'a' } }) }) as unknown as PushSubscription;

/** `current` is the browser's subscription endpoint (null: none); subscribe() makes '…/renewed'. */
function fakeRegistration(current: string | null) {
  const state = { current, asked: 0, subscribed: [] as PushSubscriptionOptionsInit[] };
  const reg = {
    pushManager: {
      async getSubscription() {
        state.asked++;
        return state.current ? subscription(state.current) : null;
      },
      async subscribe(o: PushSubscriptionOptionsInit) {
        state.subscribed.push(o);
        state.current = 'https://push.example/renewed';
        return subscription(state.current);
      },
    },
  } as unknown as ServiceWorkerRegistration;
  return { reg, state };
}

const S: Settings = { projectId: 'p1', endpoint: 'https://c.example', origin: 'https://shop.example.com', allow: [] };
const ONE = 'https://push.example/one';
const TWO = 'https://push.example/two';

/** Fresh modules over a fresh database: idb-keyval keeps its open store per module. */
async function load() {
  vi.resetModules();
  const [{ reconcile }, push, queue] = await Promise.all([
    import('../../sw/reconcile.js'),
    import('../../src/push-subscription.js'),
    import('../../src/queue.js'),
  ]);
  return { reconcile, ...push, ...queue };
}

let c: FakeCollector;
beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.stubGlobal('Notification', { permission: 'granted' });
  c = fakeCollector();
});
afterEach(() => vi.unstubAllGlobals());

describe('reconcile (the worker keeps the collector in line with the browser)', () => {
  it('takes checks one at a time: two at once upload the subscription once', async () => {
    const m = await load();
    const { reg } = fakeRegistration(ONE);
    await m.saveVisitor({ anonymousId: 'a1' });
    await Promise.all([m.reconcile(S, reg, { novin: 'check', key: KEY }), m.reconcile(S, reg, { novin: 'check', key: KEY })]);
    expect(c.calls.filter((x) => x.method === 'POST')).toHaveLength(1);
  });

  it('uploads a new subscription as the visitor, once', async () => {
    const m = await load();
    const { reg } = fakeRegistration(ONE);
    await m.saveVisitor({ anonymousId: 'a1', novinAB: 'B' });
    await m.reconcile(S, reg, { novin: 'check', key: KEY });
    expect(c.calls).toEqual([
      { method: 'POST', url: 'https://c.example/api/sdk/push-subscriptions?projectId=p1', body: { subscription: { endpoint: ONE, keys: { p256dh: 'p', auth: 'a' } }, anonymousId: 'a1' } },
    ]);
    expect(await m.loadPush()).toEqual({ key: KEY, endpoint: ONE, anonymousId: 'a1', userId: undefined });
    await m.reconcile(S, reg, { novin: 'check' });
    expect(c.calls).toHaveLength(1);
  });

  it('leaves alone a subscription the site did not make through novin', async () => {
    const m = await load();
    const { reg, state } = fakeRegistration(ONE);
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.reconcile(S, reg, { novin: 'check' });
    expect(c.calls).toEqual([]);
    expect(state.asked).toBe(0);
    expect(await m.loadPush()).toEqual({});
  });

  it('uploads a changed subscription naming the endpoint it replaces; a refused upload is tried again next time', async () => {
    const m = await load();
    const { reg, state } = fakeRegistration(ONE);
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.reconcile(S, reg, { novin: 'check', key: KEY });
    state.current = TWO;
    c.status = 503;
    await m.reconcile(S, reg, { novin: 'check' });
    expect(await m.loadPush()).toMatchObject({ endpoint: ONE });
    c.status = undefined;
    await m.reconcile(S, reg, { novin: 'check' });
    expect(c.calls.map((x) => [x.body.subscription?.endpoint, x.body.replaces])).toEqual([[ONE, undefined], [TWO, ONE], [TWO, ONE]]);
    expect(await m.loadPush()).toMatchObject({ endpoint: TWO });
  });

  it('uploads the same subscription again when the visitor signs in or out, preferring the ids the page sent', async () => {
    const m = await load();
    const { reg } = fakeRegistration(ONE);
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.reconcile(S, reg, { novin: 'check', key: KEY });
    await m.saveVisitor({ anonymousId: 'a1', userId: 'u1' });
    await m.reconcile(S, reg, { novin: 'check' });
    await m.reconcile(S, reg, { novin: 'check', ids: { anonymousId: 'a1', userId: 'u2' } });
    await m.reconcile(S, reg, { novin: 'check', ids: { anonymousId: 'a1', userId: 'u2' } });
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.reconcile(S, reg, { novin: 'check' });
    expect(c.calls.map((x) => [x.body.userId, x.body.replaces])).toEqual([[undefined, undefined], ['u1', undefined], ['u2', undefined], [undefined, undefined]]);
    expect(await m.loadPush()).toEqual({ key: KEY, endpoint: ONE, anonymousId: 'a1', userId: undefined });
  });

  it('waits for an anonymous id before uploading', async () => {
    const m = await load();
    const { reg } = fakeRegistration(ONE);
    await m.reconcile(S, reg, { novin: 'check', key: KEY, ids: {} });
    expect(c.calls).toEqual([]);
    expect(await m.loadPush()).toEqual({ key: KEY });
    await m.reconcile(S, reg, { novin: 'check', ids: { anonymousId: 'a9' } });
    expect(c.calls.map((x) => x.body.anonymousId)).toEqual(['a9']);
  });

  it('renews a lost subscription with the key while permission lasts, replacing the old endpoint', async () => {
    const m = await load();
    const { reg, state } = fakeRegistration(ONE);
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.reconcile(S, reg, { novin: 'check', key: KEY });
    state.current = null;
    await m.reconcile(S, reg, { novin: 'check' });
    expect(state.subscribed).toEqual([{ userVisibleOnly: true, applicationServerKey: m.keyBytes(KEY) }]);
    expect(c.calls[1]).toMatchObject({ method: 'POST', body: { subscription: { endpoint: 'https://push.example/renewed' }, replaces: ONE } });
    expect(await m.loadPush()).toMatchObject({ endpoint: 'https://push.example/renewed' });
  });

  it('withdraws a subscription the visitor revoked, and keeps trying while the collector cannot be told', async () => {
    const m = await load();
    const { reg, state } = fakeRegistration(ONE);
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.reconcile(S, reg, { novin: 'check', key: KEY });
    state.current = null;
    vi.stubGlobal('Notification', { permission: 'denied' });
    c.status = 0;
    await m.reconcile(S, reg, { novin: 'check' });
    expect(await m.loadPush()).toMatchObject({ endpoint: ONE });
    c.status = undefined;
    await m.reconcile(S, reg, { novin: 'check' });
    expect(state.subscribed).toEqual([]);
    expect(c.calls.slice(1)).toEqual([
      { method: 'DELETE', url: 'https://c.example/api/sdk/push-subscriptions?projectId=p1', body: { endpoint: ONE } },
      { method: 'DELETE', url: 'https://c.example/api/sdk/push-subscriptions?projectId=p1', body: { endpoint: ONE } },
    ]);
    expect(await m.loadPush()).toEqual({ key: KEY });
    await m.reconcile(S, reg, { novin: 'check' });
    expect(c.calls).toHaveLength(3);
  });

  it('forgets the record and tells the collector when the page unsubscribed', async () => {
    const m = await load();
    const { reg } = fakeRegistration(ONE);
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.reconcile(S, reg, { novin: 'check', key: KEY });
    await m.reconcile(S, reg, { novin: 'unsubscribed', endpoint: ONE });
    expect(c.calls[1]).toEqual({ method: 'DELETE', url: 'https://c.example/api/sdk/push-subscriptions?projectId=p1', body: { endpoint: ONE } });
    expect(await m.loadPush()).toEqual({});
  });
});

describe('pushsubscriptionchange (the worker handler)', () => {
  const NEW = 'https://push.example/new';
  /** The worker's handlers over `reg`, with a subscription uploaded earlier as visitor a1. */
  async function handlers(reg: ServiceWorkerRegistration) {
    const m = await load();
    const { createHandlers } = await import('../../sw/handlers.js');
    await m.saveVisitor({ anonymousId: 'a1' });
    await m.savePush({ key: KEY, endpoint: ONE, anonymousId: 'a1' });
    const scope = { location: { href: 'https://shop.example.com/novin-sw.js' }, registration: reg } as unknown as ServiceWorkerGlobalScope;
    return { m, h: createHandlers({ projectId: 'p1', endpoint: 'https://c.example' }, scope) };
  }

  it("uploads the event's new subscription as replacing the old one, and keeps the worker alive until it is done", async () => {
    const { reg, state } = fakeRegistration(ONE);
    const { m, h } = await handlers(reg);
    const kept: Promise<unknown>[] = [];
    h.pushsubscriptionchange({
      oldSubscription: subscription(ONE),
      newSubscription: subscription(NEW),
      waitUntil: (p: Promise<unknown>) => void kept.push(p),
    } as unknown as PushSubscriptionChangeEvent);
    expect(kept).toHaveLength(1);
    await kept[0];
    expect(c.calls).toEqual([
      {
        method: 'POST',
        url: 'https://c.example/api/sdk/push-subscriptions?projectId=p1',
        body: { subscription: { endpoint: NEW, keys: { p256dh: 'p', auth: 'a' } }, anonymousId: 'a1', replaces: ONE },
      },
    ]);
    expect(state.asked).toBe(0);
    expect(await m.loadPush()).toEqual({ key: KEY, endpoint: NEW, anonymousId: 'a1', userId: undefined });
  });

  it('without subscriptions in the event (some browsers) renews one itself, also from a script-made event', async () => {
    const { reg, state } = fakeRegistration(null);
    const { m, h } = await handlers(reg);
    h.pushsubscriptionchange({
      oldSubscription: null,
      newSubscription: null,
      waitUntil: () => {
        throw new DOMException('Can not call waitUntil on a script constructed ExtendableEvent.', 'InvalidStateError');
      },
    } as unknown as PushSubscriptionChangeEvent);
    await vi.waitFor(() => expect(c.calls).toHaveLength(1));
    expect(state.subscribed).toHaveLength(1);
    expect(c.calls[0].body).toMatchObject({ subscription: { endpoint: 'https://push.example/renewed' }, replaces: ONE });
    await vi.waitFor(async () => expect(await m.loadPush()).toMatchObject({ endpoint: 'https://push.example/renewed' }));
  });
});
