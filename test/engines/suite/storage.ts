/**
 * IndexedDB missing in each engine: a throwing indexedDB.open (put there by the page's first
 * script), and the engine's own private browsing (Firefox with IndexedDB disabled there).
 */
import { expect } from 'vitest';
import { harness, hasId, sdkPage, seen, sendMany, visit } from '../site.js';
import type { Suite } from './index.js';

/** Can the page open an IndexedDB database? (run in the page) */
const idbWorks = () =>
  new Promise<string>((resolve) => {
    try {
      const open = indexedDB.open('probe');
      open.onsuccess = () => (open.result.close(), resolve('available'));
      open.onerror = () => resolve(`unavailable (${open.error?.name})`);
    } catch (e) {
      resolve(`unavailable (throws ${(e as Error).name})`);
    }
  });

export function storageTests(s: Suite): void {
  s.check('IndexedDB unavailable (indexedDB.open throws): events kept in memory and delivered', async () => {
    s.c.pages['/harness.js'] = harness(`IDBFactory.prototype.open = function () { throw new DOMException('denied by test', 'SecurityError'); };`);
    const tab = await s.open();
    expect(await tab.evaluate(idbWorks)).toBe('unavailable (throws SecurityError)');
    await hasId(tab);
    await sendMany(tab, 25);
    await s.c.waitForUnique(25, 20_000);
    const page = await seen(tab);
    expect(page.errors).toEqual([]);
    expect(page.reported.filter((r) => r.kind === 'storage')).toHaveLength(1);
  });

  s.check('private browsing: events delivered, with or without IndexedDB', async () => {
    const session = await s.renew({ private: true });
    s.c.pages['/'] = sdkPage(s.c);
    const tab = await visit(session, s.c.url + '/');
    const idb = await tab.evaluate(idbWorks);
    s.figure('private browsing: IndexedDB', idb);
    await hasId(tab);
    await sendMany(tab, 10);
    await s.c.waitForUnique(10, 20_000);
    const page = await seen(tab);
    expect(page.errors).toEqual([]);
    // Without IndexedDB the queue lives in memory, said once; with it, nothing to say.
    expect(page.reported.filter((r) => r.kind === 'storage')).toHaveLength(idb === 'available' ? 0 : 1);
  });
}
