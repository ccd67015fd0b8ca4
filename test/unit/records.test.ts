import { describe, expect, it } from 'vitest';
import { checkRecord, checkRecords } from '../../src/events/records.js';

const item = {
  itemId: 'sku-1',
  name: 'Tea',
  quantity: 3,
  price: 120_000,
  discountPercentage: 10,
  discountValue: 12_000,
  fullPath: 'Drinks/Tea',
  imagesUrl: ['https://shop.example.com/tea.jpg'],
  isConsumable: true,
  consumeTime: 30,
};

describe('checkRecord', () => {
  it('accepts a full item and returns a clean copy', () => {
    const { record, errors } = checkRecord('item', { ...item, extra: undefined });
    expect(errors).toEqual([]);
    expect(record).toEqual(item);
  });

  it('names the path and field of each problem', () => {
    const { record, errors } = checkRecord('item', { itemId: 'a', price: '12', imagesUrl: ['x', 3], colour: 'red' }, 'items[3]');
    expect(record).toBeUndefined();
    expect(errors).toEqual([
      'items[3].price must be a finite number',
      'items[3].imagesUrl[1] must be a string',
      'items[3].colour is not a known item field',
    ]);
  });

  it('requires the id, non-empty', () => {
    expect(checkRecord('item', { name: 'x' }).errors).toEqual(['item.itemId is required']);
    expect(checkRecord('user', { userId: '  ' }).errors[0]).toMatch(/^user\.userId must be a non-empty string/);
    expect(checkRecord('user', { userId: 7 }).errors).toEqual(['user.userId must be a string']);
  });

  it('holds consumeTime to -1 for a non-consumable item', () => {
    expect(checkRecord('item', { itemId: 'a', isConsumable: false, consumeTime: 5 }).errors).toEqual([
      'item.consumeTime must be -1 when isConsumable is false',
    ]);
    expect(checkRecord('item', { itemId: 'a', isConsumable: false, consumeTime: -1 }).errors).toEqual([]);
  });

  it('checks user enums, dates and free-form attributes', () => {
    const good = { userId: 'u1', userType: 'customer', birthDate: '1990-04-01', attributes: { vip: true, tags: ['a'], nested: { x: 1 } } };
    expect(checkRecord('user', good).record).toEqual(good);
    const bad = checkRecord('user', { userId: 'u1', userType: 'admin', birthDate: 'yesterday', attributes: { n: NaN }, loyalty: 3 });
    expect(bad.errors).toEqual([
      'user.userType must be one of "visitor", "customer"',
      'user.birthDate must be an ISO 8601 date (YYYY-MM-DD)',
      'user.attributes.n must be a finite number',
      'user.loyalty is not a known user field (put custom fields in attributes)',
    ]);
  });

  it('never throws, even on cycles and throwing getters', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(checkRecord('user', { userId: 'u', attributes: cyclic }).errors[0]).toMatch(/nested too deeply/);
    const trap = { itemId: 'a', get price(): number { throw new Error('boom'); } };
    expect(checkRecord('item', trap).errors).toEqual(['item could not be read (a getter or proxy threw)']);
    expect(checkRecord('item', null).errors).toEqual(['item must be an object']);
  });
});

describe('checkRecords', () => {
  it('indexes errors by position and reports holes', () => {
    // eslint-disable-next-line no-sparse-arrays
    const { records, errors } = checkRecords('item', [item, { itemId: 'b', price: Infinity }, , item]);
    expect(records).toBeUndefined();
    expect(errors).toEqual(['items[1].price must be a finite number', 'items[2] must be an object']);
  });

  it('enforces a maximum list length', () => {
    expect(checkRecords('user', Array(501).fill({ userId: 'u' }), 'users', 500).errors).toEqual([
      'users has too many entries (501, at most 500)',
    ]);
    expect(checkRecords('user', [{ userId: 'u' }], 'users', 500).records).toEqual([{ userId: 'u' }]);
    expect(checkRecords('user', 'nope').errors).toEqual(['users must be an array']);
  });
});
