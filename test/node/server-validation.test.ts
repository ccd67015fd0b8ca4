import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerClient, type NovinError, type ServerClient } from '../../server/index.js';
import { recordingServer } from './server.helpers.js';

let server: Awaited<ReturnType<typeof recordingServer>>;
let client: ServerClient;
beforeAll(async () => {
  server = await recordingServer();
  client = createServerClient({ endpoint: server.url, accessToken: 'dev-access-token', retry: { baseMs: 1 } });
});
afterAll(() => server.close());

// Every refusal must come before the wire: the recording server must stay empty.
async function refused(call: () => Promise<unknown>): Promise<NovinError> {
  const before = server.requests.length;
  const e = await call().then(() => expect.unreachable('should have been refused'), (x: NovinError) => x);
  expect(server.requests.length).toBe(before);
  expect(e).toMatchObject({ name: 'NovinError', kind: 'invalid' });
  return e;
}
// The public types forbid most bad input; these calls stand for untyped (JS or JSON) callers.
const any = (v: unknown) => v as never;

describe('invalid input is refused before any request, naming the field', () => {
  it('events.send', async () => {
    const e = await refused(() => client.events.send(any({ name: 'itemRate', itemId: 'sku-1', properties: { rate: 'five' } })));
    expect(e.errors).toEqual(['itemRate: properties.rate must be a finite number', 'itemRate: userId is required']);
    expect(e.message).toBe('itemRate: properties.rate must be a finite number (and 1 more problem)');
    await refused(() => client.events.send(any({ name: 'purchaseComplete' })));
    await refused(() => client.events.send(any({ name: 'signIn', userId: 'u1' }))).then((x) =>
      expect(x.message).toBe('signIn: anonymousId is required'),
    );
    await refused(() => client.events.send(any({ name: 'x', aggregations: [{ userAggregationfield: 'p', operation: '+' }] }))).then((x) =>
      expect(x.message).toBe('x: aggregations[0].point must be a finite number'),
    );
    await refused(() => client.events.send(any(null)));
  });

  it('events.bulk names the position of each bad event', async () => {
    const e = await refused(() =>
      client.events.bulk(any([{ name: 'purchaseApproved', userId: 'u1', itemIdList: ['a'] }, { name: 'purchaseApproved', itemIdList: [] }])),
    );
    expect(e.errors).toEqual([
      'events[1]: purchaseApproved: itemIdList must name at least one item',
      'events[1]: purchaseApproved: userId is required',
    ]);
    await refused(() => client.events.bulk(any('nope')));
  });

  it('items and users, one and many', async () => {
    expect((await refused(() => client.items.upsert(any({ name: 'Tea' })))).message).toBe('item.itemId is required');
    expect((await refused(() => client.users.upsert(any({ userId: 'u1', userType: 'vip' })))).message).toBe(
      'user.userType must be one of "visitor", "customer"',
    );
    const many = Array.from({ length: 1200 }, (_, i) => ({ itemId: `sku-${i}`, price: i === 3 ? Number.NaN : i }));
    const e = await refused(() => client.items.bulk(many));
    expect(e.message).toBe('items[3].price must be a finite number');
    const users = await refused(() => client.users.bulk(any([{ userId: 'u1' }, { userId: 'u2', city: 5, favourite: 'tea' }])));
    expect(users.errors).toEqual([
      'users[1].city must be a string',
      'users[1].favourite is not a known user field (put custom fields in attributes)',
    ]);
  });

  it('delete ids', async () => {
    expect((await refused(() => client.items.delete(''))).message).toMatch(/^itemId must be a non-empty string/);
    expect((await refused(() => client.users.delete(any(42)))).message).toMatch(/^userId must be a non-empty string/);
    await refused(() => client.users.delete('x'.repeat(257)));
  });

  it('accepts the same calls once they are right', async () => {
    const before = server.requests.length;
    await client.events.send({ name: 'itemRate', userId: 'u1', itemId: 'sku-1', properties: { rate: 5 } });
    await client.events.send({ name: 'myCustomThing', userId: 'u1', properties: { anything: [1, { deep: true }] } });
    await client.items.bulk([{ itemId: 'sku-1', price: 10 }]);
    expect(server.requests.length).toBe(before + 3);
  });
});

describe('types', () => {
  it('turn catalog mistakes into compile errors (checked by tsc, not at run time)', () => {
    // Never called: tsc checks the body, `npm run typecheck` fails if an expectation breaks.
    const compileOnly = (c: ServerClient) => {
      // @ts-expect-error itemRate needs userId
      void c.events.send({ name: 'itemRate', itemId: 'sku-1' });
      // @ts-expect-error rate is a number
      void c.events.send({ name: 'itemRate', userId: 'u', itemId: 'sku-1', properties: { rate: 'five' } });
      // @ts-expect-error userType is "visitor" or "customer"
      void c.users.upsert({ userId: 'u', userType: 'vip' });
      // @ts-expect-error price is a number
      void c.items.bulk([{ itemId: 'a', price: '10' }]);
      void c.events.send({ name: 'purchaseComplete', itemIdList: ['a'], anonymousId: 'x' });
      void c.events.send({ name: 'orderShipped', userId: 'u', properties: { carrier: 'post', days: 3 } });
      void c.events.bulk([
        { name: 'purchaseApproved', userId: 'u', itemIdList: ['a'], time: '2025-01-01T10:00:00Z' },
        { name: 'itemComment', userId: 'u', itemId: 'a' },
      ]);
      // @ts-expect-error every catalog event in a bulk list keeps its own rules
      void c.events.bulk([{ name: 'purchaseApproved', userId: 'u', itemIdList: ['a'] }, { name: 'itemComment', userId: 'u' }]);
    };
    expect(typeof compileOnly).toBe('function');
  });
});
