import { DEV_CONFIG, resolveConfig, type MockConfig, type ResolvedConfig } from './config.js';
import { endpointOf, type Ctx, type Route } from './context.js';
import { createFaults, parseFault, type FaultSpec, type PendingFault } from './faults.js';
import { normalizeHost, isOwnHost } from './hosts.js';
import { HttpError, errorResponse, fromOtherOrigin, json, payloadOf, preflight, withCors } from './http.js';
import { goalRoutes } from './routes/goals-api.js';
import { inspectorRoutes } from './routes/inspector.js';
import { sdkRoutes } from './routes/sdk.js';
import { serverRoutes } from './routes/server-api.js';
import { DEFAULT_MAX_EVENTS, createState, type InspectorState, type Op } from './state.js';

/** Where accepted state is kept between runs; `novin-mock --data DIR` uses a file journal. */
export interface Journal {
  /** Every op written so far, oldest first. */
  load(): Op[];
  /** Must be durable when it returns: the answer goes out right after. */
  append(ops: Op[]): void;
  clear(): void;
}

export interface MockOptions {
  /** The clock, in epoch milliseconds; inject a fake one to test goal timeouts. Default Date.now. */
  now?: () => number;
  journal?: Journal;
  /** What `GET /api/sdk` answers. Default: this package's version. */
  sdkVersion?: string;
  /** Faults pending from the start, as `POST /inspector/faults` adds them (`novin-mock --fail`). */
  faults?: FaultSpec[];
  /**
   * Timeline rows (events and refusals) kept in memory; older ones are dropped from memory
   * (counts and totals stay exact, the journal keeps them). Default 10,000 (`--max-events`).
   */
  maxEvents?: number;
  /**
   * Host names the inspector answers besides loopback ones (localhost, 127.0.0.0/8, ::1);
   * any other Host gets 403, so a rebound DNS name cannot reach it. `startMockServer` adds
   * the address it listens on.
   */
  inspectorHosts?: string[];
}

export interface MockBackend {
  /** The whole API as one Web-standard handler: mount it in Node, msw or anything fetch-shaped. */
  handle(request: Request): Promise<Response>;
  /** Processes goal timeouts due at the current clock (the Node server calls it every second). */
  tick(): void;
  /** The inspector's JSON, as `GET /inspector/state` answers it. */
  state(): InspectorState;
  /** Forgets everything (also on disk), as `POST /inspector/reset` does. */
  reset(): void;
  readonly config: ResolvedConfig;
}

// Replaced with the package version at build time; the source (unit tests) says 'dev'.
const BUILT_VERSION = '__NOVIN_VERSION__';
const VERSION = BUILT_VERSION.startsWith('__') ? 'dev' : BUILT_VERSION;

const ROUTES: Route[] = [...sdkRoutes, ...serverRoutes, ...goalRoutes, ...inspectorRoutes];

// Only the API is for pages on other origins; the inspector (and its page at /) is not.
const isApi = (url: URL) => url.pathname.startsWith('/api/');

function match(path: string): { routes: Route[]; params: string[] } {
  const found: Route[] = [];
  let params: string[] = [];
  for (const r of ROUTES) {
    if (typeof r.path === 'string') {
      if (r.path === path) found.push(r);
      continue;
    }
    const m = r.path.exec(path);
    if (!m) continue;
    try {
      params = m.slice(1).map(decodeURIComponent);
    } catch {
      throw new HttpError(400, 'path: has broken %-encoding');
    }
    found.push(r);
  }
  return { routes: found, params };
}

/** A refused request as the timeline shows it: what was asked, the answer (0: none), why, and what was sent. */
function refused(ctx: Ctx, status: number, reason: string, payload?: unknown): Op {
  const projectId = ctx.url.searchParams.get('projectId')?.slice(0, 256) ?? undefined;
  return { op: 'refused', at: ctx.now(), refusal: { endpoint: endpointOf(ctx), status, projectId, reasons: [reason], ...(payload === undefined ? {} : { payload }) } };
}

/**
 * Creates the mock CDP + onboarding-goals backend of SPEC §11.
 * @param config projects, API tokens and goals; without it, the dev default (`DEV_CONFIG`).
 * @example
 * const backend = createMockBackend(DEV_CONFIG, { now: () => fakeNow });
 * server.use(http.all('*', ({ request }) => backend.handle(request)));
 */
export function createMockBackend(config: MockConfig = DEV_CONFIG, options: MockOptions = {}): MockBackend {
  const resolved = resolveConfig(config);
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  if (!Number.isInteger(maxEvents) || maxEvents < 1) throw new Error('maxEvents: must be a whole number, 1 or more');
  const hosts = new Set((options.inspectorHosts ?? []).map(normalizeHost));
  const clock = options.now ?? Date.now;
  let offset = 0;
  let requests = 0;
  // Changes at start and on reset: a page still showing rows from before reloads.
  const instance = crypto.randomUUID().slice(0, 8);
  let resets = 0;
  const now = () => clock() + offset;
  const state = createState(resolved, maxEvents);
  const journal = options.journal;
  const faults = createFaults();
  for (const f of options.faults ?? []) faults.add(parseFault({ ...f }));
  for (const op of journal?.load() ?? []) state.apply(op);
  state.expire(now());

  const ctxBase = {
    config: resolved,
    state,
    version: options.sdkVersion ?? VERSION,
    now,
    faults,
    commit(ops: Op | Op[]) {
      const list = Array.isArray(ops) ? ops : [ops];
      if (!list.length) return;
      journal?.append(list);
      for (const op of list) state.apply(op);
    },
    advance(ms: number) {
      offset += ms;
      state.expire(now());
    },
    reset() {
      journal?.clear();
      state.reset();
      faults.clear();
      requests = 0;
      resets++;
    },
    requests: () => requests,
    epoch: () => `${instance}.${resets}`,
  };

  async function route(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const api = isApi(url);
    if (req.method === 'OPTIONS' && api) return preflight(req);
    if (!api && !isOwnHost(req, hosts))
      return errorResponse(new HttpError(403, 'host: the inspector answers only loopback names (localhost, 127.0.0.1, [::1]) and the address given with --host'));
    if (!api && fromOtherOrigin(req, url)) return errorResponse(new HttpError(403, 'origin: the inspector answers pages of its own origin only'));
    const ctx: Ctx = { ...ctxBase, req, url };
    if (api) {
      requests++;
      const fault = faults.take(req.method, url.pathname);
      if (fault) {
        const played = await play(fault, ctx);
        if (played) return played;
      }
    }
    try {
      state.expire(now());
      const { routes, params } = match(url.pathname);
      const r = routes.find((x) => x.method === req.method || (req.method === 'HEAD' && x.method === 'GET'));
      if (r) return await r.run(ctx, params);
      if (routes.length) throw new HttpError(405, `method: ${req.method} is not allowed here`, { allow: routes.map((x) => x.method).join(', ') });
      throw new HttpError(404, `path: no endpoint ${url.pathname.slice(0, 200)}`);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      if (api && e.status !== 405) ctx.commit(refused(ctx, e.status, e.message, payloadOf(req)));
      return errorResponse(e);
    }
  }

  /** The fault's answer, or undefined when it only delays the real one. */
  async function play(fault: PendingFault, ctx: Ctx): Promise<Response | undefined> {
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.status === undefined && !fault.drop) return undefined;
    const what = fault.drop ? 'connection dropped' : `${fault.status} answered`;
    const reason = `fault: ${what} on purpose (POST /inspector/faults; ${fault.remaining} more pending)`;
    ctx.commit(refused(ctx, fault.status ?? 0, reason));
    // A network error for fetch; the Node server destroys the socket instead of answering.
    if (fault.drop) return Response.error();
    const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
    return json(fault.status!, { status: 'error', message: reason }, headers);
  }

  return {
    async handle(req) {
      let res: Response;
      try {
        res = await route(req);
      } catch (e) {
        // Our bug, not the client's: answer 500 and keep serving.
        res = json(500, { status: 'error', message: `internal: ${(e as Error)?.message ?? String(e)}` });
      }
      // An error response has no status or headers to add CORS to.
      return res.type === 'error' ? res : withCors(res, req.headers.get('origin'), isApi(new URL(req.url)));
    },
    tick: () => void state.expire(now()),
    state: () => state.snapshot(now(), requests, faults.list()),
    reset: ctxBase.reset,
    config: resolved,
  };
}
