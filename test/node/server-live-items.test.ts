import { describe, expect, it } from 'vitest';
import { checkLiveItemsAnswer, checkLiveItemsRequest, liveItemsHandler, type Item } from '../../server/index.js';

const shelf: Record<string, Item> = {
  'sku-1': { itemId: 'sku-1', name: 'Tea', price: 120_000, quantity: 4, imagesUrl: ['https://shop.example.com/tea.jpg'] },
  'sku-2': { itemId: 'sku-2', name: 'Cup', price: 80_000, quantity: 0, discountPercentage: 10 },
};
const lookup = (ids: string[]) => ids.flatMap((id) => (shelf[id] ? [shelf[id]] : []));

const post = (body: unknown, method = 'POST') =>
  new Request('https://shop.example.com/api/items', {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'POST' ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
  });

describe('checkLiveItemsRequest', () => {
  it('accepts {"itemIdList": [...]} and drops duplicates', () => {
    expect(checkLiveItemsRequest({ itemIdList: ['a', 'b', 'a'] })).toEqual({ itemIdList: ['a', 'b'], errors: [] });
    expect(checkLiveItemsRequest({ itemIdList: [] })).toEqual({ itemIdList: [], errors: [] });
  });

  it('names what is wrong', () => {
    expect(checkLiveItemsRequest([]).errors[0]).toMatch(/^body must be an object/);
    expect(checkLiveItemsRequest({ ids: ['a'] }).errors).toEqual(['itemIdList must be an array of item ids']);
    expect(checkLiveItemsRequest({ itemIdList: ['a', 7, ''] }).errors).toEqual([
      'itemIdList[1] must be a non-empty string of at most 256 characters',
      'itemIdList[2] must be a non-empty string of at most 256 characters',
    ]);
    expect(checkLiveItemsRequest({ itemIdList: Array(501).fill('a') }).errors[0]).toMatch(/too many entries \(501, at most 500\)/);
  });
});

describe('checkLiveItemsAnswer', () => {
  it('accepts items, as {items} or a bare array', () => {
    const items = [shelf['sku-1']];
    expect(checkLiveItemsAnswer({ items }, ['sku-1']).items).toEqual(items);
    expect(checkLiveItemsAnswer(items, ['sku-1', 'sku-9']).items).toEqual(items);
  });

  it('refuses bad fields and items nobody asked for', () => {
    expect(checkLiveItemsAnswer([{ itemId: 'sku-1', price: '120000' }], ['sku-1']).errors).toEqual(['items[0].price must be a finite number']);
    expect(checkLiveItemsAnswer([shelf['sku-2']], ['sku-1']).errors).toEqual(['items[0].itemId "sku-2" was not in itemIdList']);
    expect(checkLiveItemsAnswer({ products: [] }).errors).toEqual(['items must be an array']);
  });
});

describe('liveItemsHandler', () => {
  it('answers the current items the site looked up', async () => {
    const res = await liveItemsHandler(lookup)(post({ itemIdList: ['sku-1', 'sku-2', 'gone'] }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ items: [shelf['sku-1'], shelf['sku-2']] });
  });

  it('passes the lookup the checked, de-duplicated ids', async () => {
    const seen: string[][] = [];
    await liveItemsHandler(async (ids) => (seen.push(ids), []))(post({ itemIdList: ['a', 'a', 'b'] }));
    expect(seen).toEqual([['a', 'b']]);
  });

  it('answers 400 to a bad request without calling the lookup', async () => {
    let called = false;
    const handle = liveItemsHandler(() => ((called = true), []));
    const bad = await handle(post({ itemIdList: 'sku-1' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ status: 'error', errors: ['itemIdList must be an array of item ids'] });
    expect((await handle(post('{not json'))).status).toBe(400);
    expect((await handle(post(null, 'GET'))).status).toBe(405);
    expect(called).toBe(false);
  });

  it('answers 500 when the site returns bad items, and tells the site why', async () => {
    const reported: unknown[] = [];
    const handle = liveItemsHandler(() => [{ itemId: 'sku-1', price: Number.NaN }], { onError: (e) => reported.push(e) });
    const res = await handle(post({ itemIdList: ['sku-1'] }));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ status: 'error', errors: ['items[0].price must be a finite number'] });
    expect(String(reported[0])).toMatch(/items\[0\]\.price must be a finite number/);
  });

  it('answers 500 without the lookup’s own error text when it throws', async () => {
    const reported: unknown[] = [];
    const handle = liveItemsHandler(() => Promise.reject(new Error('connect ECONNREFUSED db.internal:5432')), { onError: (e) => reported.push(e) });
    const res = await handle(post({ itemIdList: ['sku-1'] }));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('db.internal');
    expect(reported).toHaveLength(1);
  });
});
