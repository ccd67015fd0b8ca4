/**
 * The push subscription on the wire (SPEC §10), what is remembered of it, and the note a page
 * sends the worker about it. The page only needs `keyBytes` and the note's shape; the rest
 * runs in the worker.
 */
import { get, set } from 'idb-keyval';
import { getStore, type Visitor } from './queue.js';

/** What was last uploaded, kept beside the event queue. */
export interface PushRecord {
  /** The VAPID public key (base64url) subscriptions are made with; set once the site subscribed through novin. */
  key?: string;
  /** The endpoint the collector knows. */
  endpoint?: string;
  /** The visitor it was uploaded as: the collector files it under these ids until told others. */
  anonymousId?: string;
  userId?: string;
}

/**
 * Page -> worker: 'check' on each page load and after subscribing (with the key), or
 * 'unsubscribed'. The page sends the subscription it sees: the worker's own view is the same,
 * but tests can only stand in for the push service in pages.
 */
export interface Note {
  novin: 'check' | 'unsubscribed';
  key?: string;
  endpoint?: string;
  sub?: PushSubscriptionJSON | null;
  ids?: Visitor;
}

interface Target {
  endpoint: string;
  projectId: string;
}

const RECORD = 'push';

export const loadPush = (): Promise<PushRecord> => get<PushRecord>(RECORD, getStore()).then((r) => r ?? {}, () => ({}));
export const savePush = (r: PushRecord): Promise<void> => set(RECORD, r, getStore()).catch(() => undefined);

/** A base64url VAPID key as the bytes `subscribe` takes everywhere (not every browser takes the string). */
export function keyBytes(key: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}

function call(t: Target, method: string, body: unknown): Promise<boolean> {
  return fetch(`${t.endpoint}/api/sdk/push-subscriptions?projectId=${encodeURIComponent(t.projectId)}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then(
    (r) => r.ok,
    () => false,
  );
}

/** Posts the subscription as the visitor, naming the endpoint it replaces; true when the collector took it. */
export const upload = (t: Target, sub: PushSubscriptionJSON, v: Visitor, replaces?: string): Promise<boolean> =>
  call(t, 'POST', { subscription: sub, anonymousId: v.anonymousId, userId: v.userId, replaces: replaces != sub.endpoint ? replaces : undefined });

/** Tells the collector to forget an endpoint. */
export const removeEndpoint = (t: Target, endpoint: string): Promise<boolean> => call(t, 'DELETE', { endpoint });
