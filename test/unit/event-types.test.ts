/**
 * The catalog's compile-time side: `npm test` type-checks this file, so a catalog change that
 * loosens or breaks the types fails there (each @ts-expect-error must still be an error).
 */
import { expect, it } from 'vitest';
import { createNovin, type CatalogName, type NovinEvent } from '../../src/index.js';

it('types follow the catalog table', () => {
  // Local ids and opted out: validation runs, nothing goes to the network.
  const novin = createNovin({ projectId: 'p', endpoint: 'https://cdp.example.com', anonymousId: 'local' });
  novin.optOut();
  const send = novin.event.send;
  const calls = [
    send({ name: 'itemView', itemId: 'x', properties: { itemName: 'a', fullUrl: 'https://x/' } }),
    send({ name: 'checkOut', itemIdList: ['a'], properties: { stepNumber: 1, totalPrice: 5, itemsList: [{ itemId: 'a', itemCount: 2 }] } }),
    send({ name: 'registerOrder', itemIdList: ['a'], properties: { purchaseId: 'o-1', totalPrice: 5 } }),
    send({ name: 'signIn', userId: 'u' }),
    send({ name: 'video.play', properties: { anything: [1, 'two'] } }),
    send({ name: 'search', workFlowPath: 'webhook-test/welcome', aggregations: [{ userAggregationfield: 'mobileLead', operation: '+' }] }),
    // @ts-expect-error itemId is required
    send({ name: 'itemView' }),
    // @ts-expect-error itemName is a string
    send({ name: 'itemView', itemId: 'x', properties: { itemName: 3 } }),
    // @ts-expect-error a typo is not a property
    send({ name: 'itemView', itemId: 'x', properties: { itemNme: 'a' } }),
    // @ts-expect-error totalPrice is a number
    send({ name: 'checkOut', itemIdList: ['a'], properties: { totalPrice: '5' } }),
    // @ts-expect-error purchaseId belongs to orders, not checkout steps
    send({ name: 'checkOut', itemIdList: ['a'], properties: { purchaseId: 'x' } }),
    // @ts-expect-error purchaseComplete is backend only
    send({ name: 'purchaseComplete', itemIdList: ['a'] }),
    // @ts-expect-error signIn names its user
    send({ name: 'signIn' }),
    // @ts-expect-error workflows are webhook/NAME or webhook-test/NAME
    send({ name: 'search', workFlowPath: 'hook/x' }),
    // @ts-expect-error browsers send operations, not points
    send({ name: 'search', aggregations: [{ userAggregationfield: 'x', point: 5 }] }),
  ];
  const union: NovinEvent = { name: 'couponNotApplied', properties: { couponCode: 'OFF', reason: 'expired' } };
  expect(union.name).toBe('couponNotApplied');
  // The run-time checks refuse what the types refuse, except what a person would call pedantic:
  // an unknown property is kept (with a warning) and a decimal string in a number field is read.
  const kept = [8, 9, 10];
  return Promise.allSettled(calls).then((r) =>
    expect(r.map((x) => x.status)).toEqual(calls.map((_, i) => (i < 6 || kept.includes(i) ? 'fulfilled' : 'rejected'))),
  );
});

it('types names: any catalog or custom name, a union only when each of its events fits', () => {
  const novin = createNovin({ projectId: 'p', endpoint: 'https://cdp.example.com', anonymousId: 'local' });
  novin.optOut();
  const send = novin.event.send;
  const event = { name: 'search', properties: { searchQuery: 'phone' } } as NovinEvent;
  const custom: string = 'video.play';
  const cartChange = 'itemAddToCart' as 'itemAddToCart' | 'itemRemoveFromCart';
  const anyCatalogName = 'search' as CatalogName;
  const calls = [
    // The union of browser events, a name known only at run time, a union whose events share their fields.
    send(event),
    send({ name: custom, properties: { seconds: 3 } }),
    send({ name: cartChange, itemId: 'sku-1' }),
    // @ts-expect-error a name that may be purchaseComplete is refused as a whole
    send({ name: Math.random() > 2 ? 'itemView' : 'purchaseComplete', itemId: 'sku-1' }),
    // @ts-expect-error a name that may be any catalog event must fit each one
    send({ name: anyCatalogName }),
    // @ts-expect-error a custom event's name is a string
    send({ name: 42 }),
  ];
  return Promise.allSettled(calls).then((r) => expect(r.map((x) => x.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']));
});
