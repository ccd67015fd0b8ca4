import { AB_COOKIE, ANONYMOUS_COOKIE, type CookieJar } from './cookies.js';
import type { Ids, Visitor } from './queue.js';
import { webLock } from './lock.js';
import { backoff } from './retry.js';
import { uuid } from './uuid.js';
import { readLocal, writeLocal } from './storage.js';
import { timeoutSignal } from './transport.js';

export type { Ids };

export interface IdentityConfig {
  endpoint: string;
  projectId: string;
  _cookies: CookieJar;
  /** 'collector' (default) asks POST /api/sdk/anonymous-id; 'local' mints the id in the page. */
  anonymousId?: 'collector' | 'local';
  /** False while consent is pending or the visitor opted out: ids stay in memory, nothing is asked. */
  _may(): boolean;
  /** Called whenever an id changes: the anonymous id arrived, the user signed in or out, another tab changed them. */
  _onChange(ids: Ids): void;
  /** The ids were forgotten (a reset here or in another tab); `previous` is who the visitor was. */
  _onForget(previous: Ids): void;
  /** First retry wait in ms (doubling, with jitter, up to a minute). */
  _retryBase?: number;
  /** How long one request may go unanswered, in ms. @default 30000 */
  timeout?: number;
  _log?(message: string, detail?: unknown): void;
}

export interface Identity {
  /** The current ids, from memory: storage is read once per page and on other tabs' changes, never per event. */
  readonly ids: Ids;
  /**
   * Writes the ids where they are kept (renewing the cookies) and, when no copy has one, takes
   * the anonymous id from the IndexedDB record or obtains a new one. Once per page load, and
   * again when consent arrives.
   */
  _start(stored: Visitor): void;
  _setUser(userId: string | undefined): void;
  /** Forgets both ids in every copy (other tabs follow) and obtains a new anonymous id. */
  _forget(): void;
  /** Stops retrying (tests, teardown). */
  _stop(): void;
}

const USER_KEY = 'novin:userId';
/** A copy of the cookie's value (IndexedDB has another): it outlives a cookie that is blocked, dropped or capped. */
const ID_KEY = 'novin:anonymousId';
const LOCK = 'novin-anonymous-id';

/**
 * The visitor's ids. The anonymous id comes from the `novinAnonymousId` cookie, else from its
 * copies in localStorage and IndexedDB, else from the collector: asked once per page (once
 * across tabs under a Web Lock; without one, a tab adopts what a sibling stored first) and
 * retried with backoff while it fails. Tabs follow each other's changes through the storage
 * event, so one browser converges on one id.
 */
export function createIdentity(config: IdentityConfig): Identity {
  const { _cookies: cookies } = config;
  const ids: Ids = {};
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  // The ids were forgotten in this page: an IndexedDB copy read before that is stale.
  let forgot = false;
  // A userId set while nothing could be stored (consent pending), to store once it can.
  let unsaved = false;

  // The cookie wins: the site's server reads it and it spans subdomains, which localStorage does not.
  const load = () => {
    ids.anonymousId = cookies.get(ANONYMOUS_COOKIE) || readLocal(ID_KEY);
    ids.novinAB = cookies.get(AB_COOKIE) || ids.novinAB;
  };
  load();
  ids.userId = readLocal(USER_KEY);

  const changed = () => config._onChange(ids);
  // One write per cookie: a full 365 days again on every page load (Safari keeps cookies written
  // by scripts for 7 days only), and a cookie that was lost is put back from a copy.
  const save = () => {
    if (!config._may()) return;
    if (ids.anonymousId) cookies.set(ANONYMOUS_COOKIE, ids.anonymousId), writeLocal(ID_KEY, ids.anonymousId);
    if (ids.novinAB) cookies.set(AB_COOKIE, ids.novinAB);
    // Only a userId this page could not store yet: writing back what it read could undo a
    // sign-out another tab made since.
    if (unsaved) writeLocal(USER_KEY, ids.userId), (unsaved = false);
  };
  const adopt = (anonymousId: string, novinAB?: unknown) => {
    ids.anonymousId = anonymousId;
    if (typeof novinAB == 'string' && novinAB && !ids.novinAB) ids.novinAB = novinAB;
    save();
    config._log?.('anonymous id', anonymousId);
    changed();
  };

  const ask = async (): Promise<void> => {
    // A sibling tab may have stored an id while this one waited for the lock.
    load();
    if (ids.anonymousId) return adopt(ids.anonymousId);
    if (config.anonymousId === 'local') return adopt(uuid());
    const res = await fetch(`${config.endpoint}/api/sdk/anonymous-id?projectId=${encodeURIComponent(config.projectId)}`, {
      method: 'POST',
      credentials: 'omit',
      // A collector that never answers must not hold the lock every tab waits on.
      signal: timeoutSignal(config.timeout ?? 30_000),
    });
    const body = res.ok ? await res.json() : undefined;
    if (!body || typeof body.anonymousId !== 'string' || !body.anonymousId) throw new Error(`anonymous id: HTTP ${res.status}`);
    // Without Web Locks siblings ask at the same time: the first id stored wins, ours is dropped.
    load();
    adopt(ids.anonymousId || body.anonymousId, body.novinAB);
  };

  const obtain = (): void => {
    clearTimeout(timer);
    if (stopped || !config._may()) return;
    // Opaque origins (sandboxed frames) refuse Web Locks: ask without one there.
    webLock(LOCK, ask, ask).catch((e: unknown) => {
      const wait = backoff(++attempt, config._retryBase ?? 1000, 60_000);
      config._log?.(`anonymous id: retry in ${wait} ms`, e);
      timer = setTimeout(obtain, wait);
    });
  };

  // Both ids gone from memory; the visitor's new id comes from a sibling or the collector.
  const drop = () => {
    config._onForget({ ...ids });
    ids.anonymousId = ids.userId = undefined;
    forgot = true;
    changed();
    obtain();
  };
  const forget = () => {
    cookies.set(ANONYMOUS_COOKIE, '');
    // The userId first: other tabs see the user gone before they see the id gone.
    writeLocal(USER_KEY, undefined);
    writeLocal(ID_KEY, undefined);
    drop();
  };

  // Another tab signed in or out, was issued an id, or reset: follow it before stamping more events.
  addEventListener('storage', ((e: StorageEvent) => {
    if (e.key == USER_KEY) {
      ids.userId = e.newValue || undefined;
      changed();
    }
    if (e.key == ID_KEY) {
      // The value now, not the event's: when two tabs raced, the last one stored wins in both.
      const now = readLocal(ID_KEY);
      if (now) now != ids.anonymousId && adopt(now);
      else if (ids.anonymousId) drop();
    }
    // The global scope is the window here; typed for workers too, its listener takes any Event.
  }) as EventListener);

  return {
    ids,
    _start(stored) {
      if (!forgot) (ids.anonymousId ||= stored.anonymousId), (ids.novinAB ||= stored.novinAB);
      save();
      ids.anonymousId ? changed() : obtain();
    },
    _setUser(userId) {
      if (ids.userId === userId) return;
      ids.userId = userId;
      if (config._may()) writeLocal(USER_KEY, userId);
      else unsaved = true;
      changed();
    },
    _forget: forget,
    _stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
