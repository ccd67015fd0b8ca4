import { AB_COOKIE, ANONYMOUS_COOKIE, type CookieJar } from './cookies.js';
import type { Ids } from './queue.js';
import { backoff } from './retry.js';
import { uuid } from './uuid.js';
import { readLocal, writeLocal } from './storage.js';
import { timeoutSignal } from './transport.js';

export type { Ids };

export interface IdentityConfig {
  endpoint: string;
  projectId: string;
  cookies: CookieJar;
  /** 'collector' (default) asks POST /api/sdk/anonymous-id; 'local' mints the id in the page. */
  anonymousId?: 'collector' | 'local';
  /** Called whenever an id changes: the anonymous id arrived, the user signed in or out. */
  onChange(ids: Ids): void;
  /** First retry wait in ms (doubling, with jitter, up to a minute). */
  retryBase?: number;
  /** How long one request may go unanswered, in ms. @default 30000 */
  timeout?: number;
  log?(message: string, detail?: unknown): void;
}

export interface Identity {
  /** The current ids, from memory: cookies are read once per page, never per event. */
  readonly ids: Ids;
  setUser(userId: string | undefined): void;
  /** Stops retrying (tests, teardown). */
  stop(): void;
}

const USER_KEY = 'novin:userId';
const LOCK = 'novin-anonymous-id';

/**
 * The visitor's ids. The anonymous id comes from the `novinAnonymousId` cookie or, on a first
 * visit, from the collector — asked once per page (once across tabs, under a Web Lock) and
 * retried with backoff while it fails. The userId is remembered across pages in localStorage.
 */
export function createIdentity(config: IdentityConfig): Identity {
  const { cookies } = config;
  const ids: Ids = {};
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const readCookies = () => {
    ids.anonymousId = cookies.get(ANONYMOUS_COOKIE) || undefined;
    ids.novinAB = cookies.get(AB_COOKIE) || ids.novinAB;
  };
  readCookies();
  ids.userId = readLocal(USER_KEY);

  const adopt = (anonymousId: string, novinAB?: unknown) => {
    cookies.set(ANONYMOUS_COOKIE, anonymousId);
    if (typeof novinAB === 'string' && novinAB && !ids.novinAB) {
      cookies.set(AB_COOKIE, novinAB);
      ids.novinAB = novinAB;
    }
    ids.anonymousId = anonymousId;
    config.log?.('anonymous id', anonymousId);
    config.onChange(ids);
  };

  const ask = async (): Promise<void> => {
    // Another tab may have been issued an id while this one waited for the lock.
    readCookies();
    if (ids.anonymousId) return config.onChange(ids);
    if (config.anonymousId === 'local') return adopt(uuid());
    const res = await fetch(`${config.endpoint}/api/sdk/anonymous-id?projectId=${encodeURIComponent(config.projectId)}`, {
      method: 'POST',
      credentials: 'omit',
      // A collector that never answers must not hold the lock every tab waits on.
      signal: timeoutSignal(config.timeout ?? 30_000),
    });
    const body = res.ok ? await res.json() : undefined;
    if (!body || typeof body.anonymousId !== 'string' || !body.anonymousId) throw new Error(`anonymous id: HTTP ${res.status}`);
    adopt(body.anonymousId, body.novinAB);
  };

  const obtain = (): void => {
    if (stopped) return;
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const run = locks ? locks.request(LOCK, ask) : ask();
    run.catch((e: unknown) => {
      const wait = backoff(++attempt, config.retryBase ?? 1000, 60_000);
      config.log?.(`anonymous id not available, retrying in ${wait} ms`, e);
      timer = setTimeout(obtain, wait);
    });
  };

  if (!ids.anonymousId) obtain();

  return {
    ids,
    setUser(userId) {
      if (ids.userId === userId) return;
      ids.userId = userId;
      writeLocal(USER_KEY, userId);
      config.onChange(ids);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
