import type { Ctx, Route } from '../context.js';
import { parseFault } from '../faults.js';
import { HttpError, json, readObject } from '../http.js';
import { FAVICON, INSPECTOR_CSS, INSPECTOR_HTML } from '../inspector/page.js';
import { INSPECTOR_SCRIPT } from '../inspector/bundle.js';
import type { Section } from '../state.js';
import type { TimelineFilter } from '../timeline.js';
import { summaryOf, tableOf, visitorOf } from '../views.js';

// The page runs under this policy: its script and style come from their own paths, never inline.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SECTIONS: Section[] = ['users', 'items', 'goals', 'workflowRuns', 'loyalty', 'pushSubscriptions'];
const STATUSES = ['accepted', 'refused', 'duplicated', 'warned', 'skewed'] as const;
const PAGE_MAX = 500;

const asset = (body: string, type: string, extra: Record<string, string> = {}) =>
  new Response(body, { status: 200, headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', ...extra } });
const page = () => asset(INSPECTOR_HTML, 'text/html', { 'content-security-policy': CSP });

/** A whole number from the query, or undefined when absent; 400 naming it otherwise. */
function count(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{1,15}$/.test(v)) throw new HttpError(400, `${name}: must be a whole number`);
  return Number(v);
}

function filterOf(ctx: Ctx): TimelineFilter {
  const p = ctx.url.searchParams;
  const f: TimelineFilter = {};
  const name = p.get('name');
  if (name) f.name = name;
  const visitor = p.get('visitor')?.trim();
  if (visitor) f.visitor = ctx.state.visitors.circle(visitor).all;
  const source = p.get('source');
  if (source === 'browser' || source === 'server') f.source = source;
  else if (source) throw new HttpError(400, 'source: must be browser or server');
  const status = p.get('status');
  if (status && !(STATUSES as readonly string[]).includes(status)) throw new HttpError(400, `status: must be one of ${STATUSES.join(', ')}`);
  if (status) f.status = status as TimelineFilter['status'];
  const q = p.get('q')?.trim();
  if (q) f.text = q.slice(0, 200);
  return f;
}

const summary = (ctx: Ctx) => {
  const s = summaryOf(ctx.state.data());
  const pending = ctx.faults.list().length;
  return { ...s, sizes: { ...s.sizes, faults: pending }, now: new Date(ctx.now()).toISOString(), requests: ctx.requests(), faults: ctx.faults.version() };
};

/** The inspector: a live page at `/` and `/inspector/`, and its data as JSON (see mock/README.md). */
export const inspectorRoutes: Route[] = [
  { method: 'GET', path: '/', run: page },
  { method: 'GET', path: '/inspector/', run: page },
  { method: 'GET', path: '/inspector', run: () => new Response(null, { status: 301, headers: { location: '/inspector/' } }) },
  { method: 'GET', path: '/inspector/app.js', run: () => asset(INSPECTOR_SCRIPT, 'text/javascript') },
  { method: 'GET', path: '/inspector/app.css', run: () => asset(INSPECTOR_CSS, 'text/css') },
  { method: 'GET', path: '/inspector/favicon.svg', run: () => asset(FAVICON, 'image/svg+xml') },
  { method: 'GET', path: '/favicon.ico', run: () => asset(FAVICON, 'image/svg+xml') },
  { method: 'GET', path: '/inspector/state', run: (ctx) => json(200, ctx.state.snapshot(ctx.now(), ctx.requests(), ctx.faults.list())) },
  // Cheap to poll: a tool fetches more only when one of these moved.
  { method: 'GET', path: '/inspector/revision', run: (ctx) => json(200, { revision: ctx.state.revision(), requests: ctx.requests(), faults: ctx.faults.version(), epoch: ctx.epoch() }) },
  { method: 'GET', path: '/inspector/summary', run: (ctx) => json(200, { epoch: ctx.epoch(), ...summary(ctx) }) },
  {
    // The timeline, newest first: ?after=SEQ for what is new, ?before=SEQ to page back, filters alike.
    method: 'GET',
    path: '/inspector/timeline',
    run(ctx) {
      const since = count(ctx.url, 'since');
      const limit = Math.min(count(ctx.url, 'limit') ?? 100, PAGE_MAX);
      const page = ctx.state.timeline.query({ after: count(ctx.url, 'after'), before: count(ctx.url, 'before'), since, limit, filter: filterOf(ctx) });
      const revision = ctx.state.revision();
      // The summary comes again only when something in it moved (state, faults or the request count).
      const mark = `${revision}.${ctx.faults.version()}.${ctx.requests()}`;
      return json(200, { epoch: ctx.epoch(), revision, mark, ...page, ...(ctx.url.searchParams.get('mark') === mark ? {} : { summary: summary(ctx) }) });
    },
  },
  {
    method: 'GET',
    path: '/inspector/visitor',
    run(ctx) {
      const id = ctx.url.searchParams.get('id')?.trim();
      if (!id) throw new HttpError(400, 'id: give an anonymousId or a userId');
      return json(200, visitorOf(ctx.state.data(), id));
    },
  },
  {
    method: 'GET',
    path: /^\/inspector\/table\/([A-Za-z]+)$/,
    run(ctx, [name]) {
      if (name === 'faults') return json(200, { total: ctx.faults.list().length, rows: ctx.faults.list() });
      if (!(SECTIONS as string[]).includes(name)) throw new HttpError(404, `table: no table ${name.slice(0, 40)} (${[...SECTIONS, 'faults'].join(', ')})`);
      return json(200, tableOf(ctx.state.data(), name as Section));
    },
  },
  // Fault injection: {"path": "/api/sdk/events", "status": 503, "count": 3, "retryAfter": 2}.
  { method: 'POST', path: '/inspector/faults', run: async (ctx) => json(201, { status: 'ok', fault: ctx.faults.add(parseFault(await readObject(ctx.req))) }) },
  { method: 'GET', path: '/inspector/faults', run: (ctx) => json(200, { faults: ctx.faults.list() }) },
  { method: 'DELETE', path: '/inspector/faults', run: (ctx) => json(200, { status: 'ok', cleared: ctx.faults.clear() }) },
  {
    method: 'POST',
    path: '/inspector/reset',
    run(ctx) {
      ctx.reset();
      return json(200, { status: 'ok' });
    },
  },
  {
    // Time travel for goal timeouts, in a running server as in tests: {"advanceMs": 3600000}.
    method: 'POST',
    path: '/inspector/clock',
    async run(ctx) {
      const { advanceMs } = await readObject(ctx.req);
      if (typeof advanceMs !== 'number' || !(advanceMs >= 0) || advanceMs > 10 * 365 * 86_400_000)
        throw new HttpError(400, 'advanceMs: must be a number of milliseconds, 0 or more');
      ctx.advance(advanceMs);
      return json(200, { status: 'ok', now: new Date(ctx.now()).toISOString() });
    },
  },
];
