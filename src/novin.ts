import { createCookies, OPT_OUT_COOKIE, PROJECT_COOKIE, type CookieJar } from './cookies.js';
import { createDelivery, type Delivery } from './delivery.js';
import { stamp } from './drain.js';
import { novinError, type NovinError } from './errors.js';
import { checkEvent, type Stamp } from './events/validate.js';
import { PAGE_ONLY } from './page.js';
import { recorded } from './recorded.js';
import type { Envelope, EventBody, EventName } from './events/types.js';
import { createIdentity, type Identity, type Ids } from './identity.js';
import type { NovinPush, PushConfig, PushOptions } from './push.js';
import { loadVisitor, saveVisitor } from './queue.js';
import { noop, readLocal, writeLocal } from './storage.js';
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
  /**
   * 'pending' waits for `optIn()`: until then no cookie, no storage, no request; events are held
   * in memory (the first 1,000). A choice the visitor made on an earlier visit wins over this.
   * @default 'granted'
   */
  consent?: 'granted' | 'pending';
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
  /**
   * Stops storing and sending, clears the queue and the events held for consent, and remembers
   * the refusal (localStorage, a cookie and IndexedDB; any one of them is enough).
   */
  optOut(): Promise<void>;
  /** Undoes an opt-out or gives pending consent: held events go out, and the choice is remembered. */
  optIn(): void;
  isOptedOut(): boolean;
  /** Sends what is queued now. */
  flush(): Promise<void>;
  /** The visitor's current ids. */
  ids(): { anonymousId?: string; userId?: string; novinAB?: string };
  /**
   * Resolves once the anonymous id is known: at once for a returning visitor. With consent
   * pending, or opted out before any id was issued, not before `optIn()` (no id is asked for).
   */
  ready(): Promise<NovinIds>;
  /**
   * For shared devices: forgets the userId and the anonymous id (cookies and stored copies, in
   * every tab), and resolves once the collector issued a new one. Events sent from now on carry
   * only the new ids; events sent before keep the ids they were sent with.
   */
  reset(): Promise<void>;
  /** Web push notifications: permission, subscription, the service worker. */
  push: NovinPush;
}

/** The ids `ready()` answers. */
export interface NovinIds {
  anonymousId: string;
  novinAB?: string;
  userId?: string;
}

/** The visitor's choice in localStorage: '1' refused, '0' agreed (as in the cookie). */
const OPT_OUT_KEY = 'novin:optOut';
/** Events kept in memory while consent is pending or a new anonymous id is on its way. */
const HOLD_MAX = 1000;
const VERSION = '__NOVIN_VERSION__';


/** Builds `novin.push`: the whole push module for npm users, a loader of it for the script tag. */
export type PushFactory = (config?: PushConfig) => NovinPush;

/**
 * Creates the SDK. In a browser it reads its cookies once and starts delivery; in Node (SSR)
 * it touches nothing: `send` still validates, then resolves without sending anything.
 */
export function createCore(options: NovinOptions, makePush: PushFactory): Novin {
  const inBrowser = PAGE_ONLY || (typeof window !== 'undefined' && typeof document !== 'undefined');
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
  let cookies: CookieJar | undefined;
  let optedOut = false;
  let pending = false;
  // The IndexedDB record was read (and a refusal found there honoured): delivery may start.
  let checked = false;
  // Between reset() and the new id (here, or in any tab after a reset): sends wait in memory.
  let renewing: Promise<void> | undefined;
  let forgotten = false;
  // Who the visitor was before a reset, and from when (a queue key): events stored without an id
  // before it are stamped as them; those other tabs store after it, with the new id.
  let before: Ids | undefined;
  let resetKey = '';
  const held: Array<Record<string, unknown>> = [];
  const waiting: Array<() => void> = [];
  const ids = () => identity?.ids ?? {};
  const holding = () => pending || forgotten || !!renewing;
  // The worker reads the visitor's ids (and the opt-out) from IndexedDB to report notification events.
  const remember = () => void ((checked || optedOut) && saveVisitor(optedOut ? { ...ids(), optedOut } : { ...ids() }));
  const until = (ok: () => unknown) => new Promise<void>((r) => (function check() { ok() ? r() : waiting.push(check); })());
  const known = () => ids().anonymousId;
  const persist = (choice: '0' | '1') => {
    writeLocal(OPT_OUT_KEY, choice);
    cookies?.set(OPT_OUT_COOKIE, choice);
    remember();
  };
  /** Wakes whoever waits for ids; held sends go out once nothing holds them, stamped with the ids known now. */
  const release = () => {
    waiting.splice(0).forEach((f) => f());
    if (!holding()) for (const e of held.splice(0)) delivery?.enqueue(stamp(e, ids()));
  };
  const enqueue = (e: Record<string, unknown>): Promise<void> => {
    if (!delivery || !holding()) return delivery ? delivery.enqueue(e) : Promise.resolve();
    // Held, it keeps the moment it was sent.
    e.time ??= new Date().toISOString();
    if (held.length < HOLD_MAX) held.push(e);
    else report(novinError('dropped', 'novin: over 1000 held; dropped'));
    return Promise.resolve();
  };
  // Once per page load with consent (and again on optIn): read what IndexedDB remembers, then the ids go everywhere they are kept.
  const begin = (honour?: boolean) =>
    loadVisitor().then((v) => {
      const p = options.projectId;
      if (p && cookies!.get(PROJECT_COOKIE) !== p) cookies!.set(PROJECT_COOKIE, p);
      // On page load, a refusal that only IndexedDB still holds (localStorage cleared, cookie lost) is honoured too.
      if (v.optedOut && honour) choose(true, true);
      checked = true;
      // With an id known this stores the visitor for the worker and flushes what earlier visits
      // left (onChange); without one, that happens once the id comes.
      identity?._start(v);
    });
  /** Applies the visitor's choice (made here, in another tab, or found in IndexedDB); `keep` remembers it everywhere. */
  const choose = (out: boolean, keep?: boolean) => {
    optedOut = out;
    pending = false;
    if (keep) persist(out ? '1' : '0');
    if (out) {
      held.length = 0;
      release();
      return delivery?.clear().catch(noop);
    }
    begin();
    release();
    delivery?.resume();
  };

  // Setting up must not break the page either: whatever fails is reported, the rest still works.
  if (inBrowser) {
    try {
      const jar = (cookies = createCookies(options.cookieDomain));
      const projectId = options.projectId || jar.get(PROJECT_COOKIE) || '';
      const endpoint = (options.endpoint || location.origin).replace(/\/+$/, '');
      if (!projectId) report(novinError('invalid', 'novin: no projectId (data-project-id, novinConfig or novinProjectId cookie)'));
      // A choice the visitor made wins over the configured default; a refusal anywhere wins over all.
      const choice = [readLocal(OPT_OUT_KEY), jar.get(OPT_OUT_COOKIE)];
      optedOut = choice.includes('1');
      pending = !optedOut && !choice.includes('0') && options.consent == 'pending';
      // The batching and cap options pass straight through. Delivery waits for the IndexedDB check.
      delivery = createDelivery({ ...options, endpoint, projectId, _ids: (k) => (checked ? (k! < resetKey && before) || ids() : undefined), _onError: report, _log: debug });
      identity = createIdentity({
        endpoint,
        projectId,
        _cookies: jar,
        anonymousId: options.anonymousId,
        _log: debug,
        _may: () => !pending && !optedOut,
        _onForget(previous) {
          if (previous.anonymousId) (before = previous), (resetKey = 'e:' + Date.now());
          forgotten = true;
        },
        _onChange(v) {
          if (v.anonymousId) forgotten = false;
          remember();
          release();
          if (v.anonymousId) delivery?.flush().catch(noop);
        },
      });
      push = makePush({ endpoint, projectId, ids, onError: report, options: options.push });
      // Renews the choice's copies (and puts back one the site cleared); or starts, unless consent is pending.
      const mine = optedOut ? '1' : '0';
      if (!pending && choice.includes(mine)) persist(mine);
      // A refusal only IndexedDB holds counts where no copy holds a choice: an opt-in the others
      // remember was made after it (its IndexedDB update can be lost with the tab).
      if (!optedOut && !pending) begin(!choice.includes('0'));
      // Opting in or out in another tab applies here too, before this tab stores or hands over more.
      addEventListener('storage', ((e: StorageEvent) => {
        if (e.key == OPT_OUT_KEY && e.newValue) choose(e.newValue == '1');
      }) as EventListener);
    } catch (e) {
      report(novinError('delivery', 'novin: could not start: ' + String(e)));
    }
  }

  /** Reports the problems of one event as one NovinError; a refusal also rejects its send(). */
  const problem = (kind: 'invalid' | 'warning', errors: string[], event?: unknown) => {
    const e = novinError(kind, errors.join('; '), { errors, event: event as string });
    report(e);
    // A rejected promise the page may await, without an unhandled-rejection report when it does not.
    const p = Promise.reject(e);
    p.catch(noop);
    return p as Promise<void>;
  };

  // One call site: the minifier can then drop the checks of the other modes from this build.
  const check = (body: unknown, known: Stamp, url?: string) => checkEvent(body, 'browser', known, url);

  function send(body: unknown): Promise<void> {
    try {
      // Checked as it will be stored: with the ids known now and the default fullUrl.
      let checked = check(body, ids(), inBrowser ? recorded.url ?? location.href : '');
      let ev = checked.event;
      if (!ev) return problem('invalid', checked.errors, (body as { name?: unknown })?.name);
      const name = ev.name as string;
      const hook = options.beforeSend;
      if (optedOut) return Promise.resolve();
      // Who the visitor is follows the page's call, whatever the hook makes of the event.
      if (name === 'signIn' || name === 'signUp') identity?._setUser(ev.userId as string);
      else if (name === 'signOut') identity?._setUser(undefined);
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
        checked = check(back, { hooked: true });
        ev = checked.event;
        if (!ev) return problem('invalid', checked.errors.map((e) => 'beforeSend: ' + e), name);
      }
      if (checked.warnings) problem('warning', checked.warnings, ev.name);
      debug?.('event ' + ev.name, ev);
      return enqueue(ev);
    } catch (err) {
      return problem('invalid', ['novin: event could not be sent: ' + err]);
    }
  }

  return {
    version: VERSION,
    event: { send: send as Novin['event']['send'] },
    identify(userId) {
      try {
        if (userId === null || (typeof userId === 'string' && userId)) identity?._setUser(userId ?? undefined);
        else report(novinError('invalid', 'identify: userId must be a non-empty string or null'));
      } catch {
        /* never into the page */
      }
    },
    optOut: () => Promise.resolve(inBrowser ? choose(true, true) : undefined),
    optIn() {
      if (inBrowser) choose(false, true);
    },
    isOptedOut: () => optedOut,
    flush: () => (delivery ? delivery.flush().catch(noop) : Promise.resolve()),
    ids: () => ({ ...ids() }),
    ready: () => until(() => known() && !renewing).then(() => ({ ...ids() }) as NovinIds),
    reset() {
      const id = identity;
      if (!id) return Promise.resolve();
      // Without an id yet, the events queued so far wait for it: it is theirs; the new visitor gets the next.
      // Opted out or consent pending, no id is asked for: the reset is done once the ids are gone,
      // and the new one comes with optIn().
      const done = () => known() || optedOut || pending;
      return (renewing ??= (async () => {
        if (!known()) id._setUser(undefined), await until(done);
        id._forget();
        await until(done);
      })().finally(() => {
        renewing = undefined;
        release();
      }));
    },
    push: push ?? makePush(),
  };
}
