/**
 * The push subscription on the wire (SPEC §10) and the little the SDK remembers about it.
 * Neutral code: the page uploads after subscribing, the worker after `pushsubscriptionchange`.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { DB_NAME, type Visitor } from '../src/queue.js';

/** What was last uploaded, kept beside the event queue. */
export interface PushRecord {
  /** The VAPID public key (base64url) the subscription was made with. */
  key?: string;
  /** The endpoint the collector knows. */
  endpoint?: string;
}

interface Target {
  endpoint: string;
  projectId: string;
}

const RECORD = 'push';
let store: UseStore | undefined;
const db = () => (store ??= createStore(DB_NAME, 'kv'));

export const loadPush = (): Promise<PushRecord> => get<PushRecord>(RECORD, db()).then((r) => r ?? {}, () => ({}));
export const savePush = (r: PushRecord): Promise<void> => set(RECORD, r, db()).catch(() => undefined);

/** A base64url VAPID key as the bytes `subscribe` takes everywhere (not every browser takes the string). */
export function keyBytes(key: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}

const url = (t: Target) => `${t.endpoint}/api/sdk/push-subscriptions?projectId=${encodeURIComponent(t.projectId)}`;

function call(t: Target, method: string, body: unknown): Promise<boolean> {
  return fetch(url(t), { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(
    (r) => r.ok,
    () => false,
  );
}

/**
 * Posts the subscription as the visitor, naming the endpoint it replaces, and remembers it.
 * Resolves false when the collector did not take it (the next page load tries again).
 */
export async function upload(t: Target, sub: PushSubscriptionJSON, v: Visitor, key?: string, replaces?: string): Promise<boolean> {
  const ok = await call(t, 'POST', {
    subscription: sub,
    anonymousId: v.anonymousId,
    userId: v.userId,
    replaces: replaces != sub.endpoint ? replaces : undefined,
  });
  if (ok) await savePush({ key, endpoint: sub.endpoint });
  return ok;
}

/** Tells the collector to forget an endpoint. */
export const removeEndpoint = (t: Target, endpoint: string): Promise<boolean> => call(t, 'DELETE', { endpoint });
