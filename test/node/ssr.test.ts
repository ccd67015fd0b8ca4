/**
 * Importing the npm build in Node (server rendering) touches no browser global, and send()
 * validates, then resolves without sending anything.
 */
import { describe, expect, it, vi } from 'vitest';

describe('novin-sdk in Node', () => {
  it('imports and runs without window, document or IndexedDB', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { createNovin, catalog } = await import('novin-sdk');
    expect(Object.keys(catalog)).toContain('itemView');
    const novin = createNovin({ projectId: 'p1', endpoint: 'https://cdp.example.com' });
    await expect(novin.event.send({ name: 'itemView', itemId: 'sku-1' })).resolves.toBeUndefined();
    await expect(novin.event.send({ name: 'itemView' } as never)).rejects.toThrow('itemView: itemId is required');
    novin.identify('u1');
    await novin.flush();
    await novin.optOut();
    expect(novin.ids()).toEqual({});
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
