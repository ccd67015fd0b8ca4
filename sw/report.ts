/**
 * Notification reports go into the same durable queue as the page's events and out through
 * the same drain, under the same cross-tab lock: nothing is lost when the worker is stopped
 * or offline, and nothing is sent twice.
 */
import { drain, registerSync, SYNC_TAG } from '../src/drain.js';
import { createQueue, loadVisitor, recordKey, type Queue, type Visitor } from '../src/queue.js';
import { eventsUrl } from '../src/transport.js';
import type { Settings } from './config.js';

export { SYNC_TAG };

const owner = 'sw' + Math.random().toString(36).slice(2, 6);
let queue: Queue | undefined;
let seq = 0;
// The worker's own project: it delivers only records stored for it (and those stored before
// records named their project). Other projects' records wait for their own pages.
const url = (s: Settings) => eventsUrl(s.endpoint, s.projectId);
const q = (s: Settings) => (queue ??= createQueue({ _target: url(s) }));
const noop = () => {};

/** Delivers what is queued as the visitor the page last identified; false when it must be retried. */
export async function flush(s: Settings, v?: Visitor): Promise<boolean> {
  const ids = v ?? (await loadVisitor());
  // Opted out after events were queued: they stay unsent, as the page would leave them.
  if (ids.optedOut) return true;
  const a = await drain({ endpoint: s.endpoint, projectId: s.projectId, _queue: q(s), _ids: () => ids, _onError: noop, _owner: owner });
  // undefined: all sent (or waiting for a page to learn the anonymous id); a symbol: another drainer has it.
  return typeof a != 'object';
}

/** Queues one event and tries to deliver it; leaves a sync behind when it could not. Never rejects. */
export async function report(s: Settings, name: string, properties: Record<string, unknown>, reg?: ServiceWorkerRegistration): Promise<void> {
  try {
    const { optedOut, ...v } = await loadVisitor();
    if (optedOut) return;
    const t = Date.now();
    // What is left of the visitor record is exactly the envelope's ids: anonymousId, userId, novinAB.
    const e = { ...v, name, properties, time: new Date(t).toISOString(), messageId: crypto.randomUUID() };
    // Same key shape as the page's records, so both sort into one send order.
    await q(s)._put([{ k: recordKey(t, seq++, owner), e, t, b: JSON.stringify(e).length, u: url(s) }]);
    if (!(await flush(s, v))) await registerSync(reg);
  } catch {
    /* a report must never cost the notification */
  }
}
