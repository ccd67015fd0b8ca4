import type { Route } from '../context.js';
import { parseFault } from '../faults.js';
import { HttpError, json, readObject } from '../http.js';
import { INSPECTOR_CSS, INSPECTOR_HTML } from '../inspector/page.js';
import { inspectorScript } from '../inspector/script.js';

// The page runs under this policy: its script and style come from their own paths, never inline.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SCRIPT = `(${inspectorScript.toString()})();\n`;

const asset = (body: string, type: string, extra: Record<string, string> = {}) =>
  new Response(body, { status: 200, headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', ...extra } });

/** The inspector: a live page at `/`, and the same data as JSON for tests. */
export const inspectorRoutes: Route[] = [
  { method: 'GET', path: '/', run: () => asset(INSPECTOR_HTML, 'text/html', { 'content-security-policy': CSP }) },
  { method: 'GET', path: '/inspector/app.js', run: () => asset(SCRIPT, 'text/javascript') },
  { method: 'GET', path: '/inspector/app.css', run: () => asset(INSPECTOR_CSS, 'text/css') },
  { method: 'GET', path: '/inspector/state', run: (ctx) => json(200, ctx.state.snapshot(ctx.now(), ctx.requests(), ctx.faults.list())) },
  // Cheap to poll: the page fetches the whole state only when this number moved.
  { method: 'GET', path: '/inspector/revision', run: (ctx) => json(200, { revision: ctx.state.revision(), requests: ctx.requests(), faults: ctx.faults.version() }) },
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
