import { createCookies, PROJECT_COOKIE } from './cookies.js';
import { createDelivery, type Delivery } from './delivery.js';
import { novinError, type NovinError } from './errors.js';
import { checkEvent } from './events/validate.js';
import { recorded } from './recorded.js';
import type { Envelope, EventBody, EventName } from './events/types.js';
import { createIdentity, type Identity } from './identity.js';
import type { NovinPush, PushConfig, PushOptions } from './push.js';
import { saveVisitor } from './queue.js';
import { readLocal, writeLocal } from './storage.js';
import { uuid } from './uuid.js';

export interface NovinOptions {
  /** The public project token; defaults to the `novinProjectId` cookie the header snippet sets. */
  projectId?: string;
  /** The collector's origin, e.g. `https://cdp.example.com`. */
  endpoint?: string;
  /** Overrides the cookie domain the SDK would choose (the widest that accepts cookies). */
  cookieDomain?: string;
  /** 'collector' (default) has the collector issue the anonymous id; 'local' mints it in the page. */
  anonymousId?: 'collector' | 'local';
  /** Logs each event and each refusal once to the console. */
  debug?: boolean;
  /** Receives refusals, warnings, drops and delivery failures. */
  onError?: (error: NovinError) => void;
  /**
   * Sees each valid event once it is stamped (ids, time, messageId), before it is stored:
   * return it, changed or not, to keep it (scrub personal data, add properties), or null /
   * undefined to drop it. What it returns is checked again; a hook that throws costs only
   * that event. Both refuse the event, reported to onError, naming the hook.
   */
  beforeSend?: (event: Envelope) => Envelope | null | undefined;
  /** Events per request (at most 500; default 100). */
  batchSize?: number;
  /** Milliseconds a send waits for more events before a request goes out. */
  flushInterval?: number;
  /** Stored-event caps: count (10,000), bytes (5 MB), age in days (7). */
  maxEvents?: number;
  maxBytes?: number;
  maxAgeDays?: number;
  /** Web push: the VAPID key, where the worker is served, the origins notifications may link to. */
  push?: PushOptions;
}

export interface Novin {
  readonly version: string;
  event: {
    /**
     * Validates, stamps and queues one event. Resolves once it is stored for delivery;
     * rejects with a NovinError naming the event and the field when the body is invalid.
     * Never throws synchronously.
     */
    send<N extends EventName>(body: EventBody<N>): Promise<void>;
  };
  /** Sets (or with null, forgets) the logged-in user for visitors who arrive signed in. */
  identify(userId: string | null): void;
  /** Stops storing and sending, clears the queue, and remembers the choice. */
  optOut(): Promise<void>;
  optIn(): void;
  isOptedOut(): boolean;
  /** Sends what is queued now. */
  flush(): Promise<void>;
  /** The visitor's current ids. */
  ids(): { anonymousId?: string; userId?: string; novinAB?: string };
  /** Web push notifications: permission, subscription, the service worker. */
  push: NovinPush;
}

const OPT_OUT_KEY = 'novin:optOut';
const VERSION = '__NOVIN_VERSION__';
const noop = () => {};

/** A rejected promise the page may await, without an unhandled-rejection report when it does not. */
function refused(e: NovinError): Promise<void> {
  const p = Promise.reject(e);
  p.catch(noop);
  return p;
}

/** Builds `novin.push`: the whole push module for npm users, a loader of it for the script tag. */
export type PushFactory = (config?: PushConfig) => NovinPush;

/**
 * Creates the SDK. In a browser it reads its cookies once and starts delivery; in Node (SSR)
 * it touches nothing: `send` still validates, then resolves without sending anything.
 */
export function createCore(options: NovinOptions, makePush: PushFactory): Novin {
  const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';
  const debug = options.debug ? (m: string, d?: unknown) => console.debug('[novin] ' + m, d ?? '') : undefined;
  const reported = new Set<string>();
  const report = (e: NovinError) => {
    if (debug && !reported.has(e.message)) {
      reported.add(e.message);
      console.warn('[novin] ' + e.message);
    }
    try {
      options.onError?.(e);
    } catch {
      /* the page's own hook must not break delivery */
    }
  };

  let identity: Identity | undefined;
  let delivery: Delivery | undefined;
  let push: NovinPush | undefined;
  let optedOut = inBrowser && !!readLocal(OPT_OUT_KEY);
  const ids = () => identity?.ids ?? {};
  // The worker reads the visitor's ids (and the opt-out) from IndexedDB to report notification events.
  const remember = () => void saveVisitor(optedOut ? { ...ids(), optedOut } : { ...ids() });

  // Setting up must not break the page either: whatever fails is reported, the rest still works.
  if (inBrowser) {
    try {
      const cookies = createCookies(options.cookieDomain);
      const projectId = options.projectId || cookies.get(PROJECT_COOKIE) || '';
      if (options.projectId && cookies.get(PROJECT_COOKIE) !== projectId) cookies.set(PROJECT_COOKIE, projectId);
      const endpoint = (options.endpoint || location.origin).replace(/\/+$/, '');
      if (!projectId) report(novinError('invalid', 'novin: no projectId (set data-project-id, novinConfig.projectId or the novinProjectId cookie)'));
      // The batching and cap options pass straight through.
      delivery = createDelivery({ ...options, endpoint, projectId, ids, onError: report, log: debug });
      identity = createIdentity({
        endpoint,
        projectId,
        cookies,
        anonymousId: options.anonymousId,
        log: debug,
        onChange(v) {
          remember();
          if (v.anonymousId) delivery?.flush().catch(noop);
        },
      });
      push = makePush({ endpoint, projectId, ids, onError: report, options: options.push });
      // A returning visitor's ids come from cookies and never "change": the worker (per origin,
      // while the cookie spans the site) must still find them.
      if (ids().anonymousId) remember();
      // Opting in or out in another tab applies here too, before this tab stores or hands over more.
      window.addEventListener('storage', (e) => {
        if (e.key != OPT_OUT_KEY) return;
        optedOut = !!e.newValue;
        if (optedOut) delivery?.clear().catch(noop);
        else delivery?.resume();
      });
    } catch (e) {
      report(novinError('delivery', 'novin: could not start: ' + String(e)));
    }
  }

  /** Reports the problems of one event as one NovinError; a refusal also rejects its send(). */
  const problem = (kind: 'invalid' | 'warning', errors: string[], event?: unknown) => {
    const e = novinError(kind, errors.join('; '), { errors, event: event as string });
    report(e);
    return refused(e);
  };

  function send(body: unknown): Promise<void> {
    try {
      // Checked as it will be stored: with the ids known now and the default fullUrl.
      let checked = checkEvent(body, 'browser', ids(), inBrowser ? recorded.url ?? location.href : '');
      let ev = checked.event;
      if (!ev) return problem('invalid', checked.errors, (body as { name?: unknown })?.name);
      const name = ev.name as string;
      const hook = options.beforeSend;
      if (optedOut) return Promise.resolve();
      // Who the visitor is follows the page's call, whatever the hook makes of the event.
      if (name === 'signIn' || name === 'signUp') identity?.setUser(ev.userId as string);
      else if (name === 'signOut') identity?.setUser(undefined);
      // A call the stub recorded keeps its moment, and a hook sees the final time and id;
      // otherwise delivery stamps both, once per burst.
      if (recorded.t || hook) ev.time = new Date(recorded.t || Date.now()).toISOString();
      if (hook) {
        ev.messageId = uuid();
        let back: unknown;
        try {
          back = hook(ev as unknown as Envelope);
        } catch (err) {
          return problem('invalid', [`beforeSend: ${name}: threw ${err}`], name);
        }
        if (back == null) return debug?.('beforeSend dropped ' + name, ev), Promise.resolve();
        checked = checkEvent(back, 'browser', { hooked: true });
        ev = checked.event;
        if (!ev) return problem('invalid', checked.errors.map((e) => 'beforeSend: ' + e), name);
      }
      if (checked.warnings) problem('warning', checked.warnings, ev.name);
      debug?.('event ' + ev.name, ev);
      return delivery ? delivery.enqueue(ev) : Promise.resolve();
    } catch (err) {
      return problem('invalid', ['novin: event could not be sent: ' + err]);
    }
  }

  return {
    version: VERSION,
    event: { send: send as Novin['event']['send'] },
    identify(userId) {
      try {
        if (userId === null || (typeof userId === 'string' && userId)) identity?.setUser(userId ?? undefined);
        else report(novinError('invalid', 'identify: userId must be a non-empty string or null'));
      } catch {
        /* never into the page */
      }
    },
    optOut() {
      optedOut = true;
      if (inBrowser) writeLocal(OPT_OUT_KEY, '1'), remember();
      return delivery ? delivery.clear().catch(noop) : Promise.resolve();
    },
    optIn() {
      optedOut = false;
      if (inBrowser) writeLocal(OPT_OUT_KEY, undefined), remember();
      delivery?.resume();
    },
    isOptedOut: () => optedOut,
    flush: () => (delivery ? delivery.flush().catch(noop) : Promise.resolve()),
    ids: () => ({ ...ids() }),
    push: push ?? makePush(),
  };
}
