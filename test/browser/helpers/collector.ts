/**
 * A test collector for real-browser tests: serves pages and the built dist files, answers the
 * SPEC §10 endpoints, records every raw request, de-duplicates events by messageId, and lets a
 * test script faults (status sequences, Retry-After, delays, anonymous-id refusals).
 * Tests wait on what it received (`waitFor`), never on fixed sleeps.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));

export interface RawRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** Events in the body of an events request, as parsed. */
  events: Array<Record<string, unknown>>;
  /** The envelope's `sentAt` (when the device says the request left), as sent. */
  sentAt?: unknown;
  status: number;
  at: number;
  /** A held request whose client went away before it was answered (never counted as delivered). */
  aborted?: boolean;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface CollectorOptions {
  /** Pages by path, e.g. { '/': '<html>…' }; a function gets the request's URL. */
  pages?: Record<string, string | ((url: URL) => string)>;
  /** Extra response headers for pages (e.g. a Content-Security-Policy). */
  pageHeaders?: Record<string, string>;
  host?: string;
}

export interface Collector {
  url: string;
  port: number;
  server: Server;
  requests: RawRequest[];
  /** Unique events by messageId, first arrival kept. */
  unique: Map<string, Record<string, unknown>>;
  /** Every event of every events request, duplicates included. */
  raw: Array<Record<string, unknown>>;
  /** Answers queued for /api/sdk/events, used one per request before normal service resumes. */
  eventFaults: Fault[];
  /** A standing answer for some events requests (e.g. one project's), consulted before `eventFaults`. */
  eventFault?: (query: URLSearchParams) => Fault | undefined;
  /** Answers queued for /api/sdk/anonymous-id. */
  idFaults: Fault[];
  /** Milliseconds to hold each anonymous-id answer. */
  idDelay: number;
  /** Milliseconds to hold each events answer (after the body arrived and was counted). */
  eventDelay: number;
  /** The next n events requests get no answer at all (the connection stays open until reset or close). */
  hangEvents: number;
  /** Set to refuse anonymous ids (503) until cleared. */
  refuseIds: boolean;
  issuedIds: string[];
  /** While true, event requests get no answer at all: the connection drops, as in an outage. */
  down: boolean;
  /** Event requests it returns true for wait unanswered until `release()` or until their client gives up. */
  hold?: (r: RawRequest) => boolean;
  /** The event requests being held now. */
  held: RawRequest[];
  /** Answers the held requests whose client is still there. */
  release(): void;
  /** Refuses single events for good: return the reasons, and the event is listed as `rejected` in a 200 answer. */
  rejectEvent?: (e: Record<string, unknown>) => string[] | undefined;
  pages: Record<string, string | ((url: URL) => string)>;
  eventRequests(): RawRequest[];
  waitFor<T>(check: (c: Collector) => T | undefined | false | null, timeout?: number, what?: string): Promise<T>;
  waitForUnique(n: number, timeout?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { js: 'text/javascript', mjs: 'text/javascript', html: 'text/html', json: 'application/json' };
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
  // Cross-origin pages can only honour Retry-After if they may read it.
  'access-control-expose-headers': 'retry-after',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startCollector(options: CollectorOptions = {}): Promise<Collector> {
  let idCount = 0;
  const hung = new Set<ServerResponse>();
  const c = {
    requests: [] as RawRequest[],
    unique: new Map<string, Record<string, unknown>>(),
    raw: [] as Array<Record<string, unknown>>,
    eventFaults: [] as Fault[],
    idFaults: [] as Fault[],
    idDelay: 0,
    eventDelay: 0,
    hangEvents: 0,
    refuseIds: false,
    issuedIds: [] as string[],
    down: false,
    held: [] as RawRequest[],
    pages: { ...(options.pages ?? {}) },
  } as Collector;

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...CORS, 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
    res.end(body);
    return status;
  };
  const fault = (res: ServerResponse, f: Fault) => send(res, f.status, f.body ?? JSON.stringify({ status: 'error', message: 'scripted fault' }), f.headers);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (req.method === 'OPTIONS') return send(res, 204, '');
    if (path === '/api/sdk' && req.method === 'GET') return send(res, 200, JSON.stringify({ sdkVersion: '1.0.0' }));
    if (path === '/api/sdk/anonymous-id') {
      if (c.idDelay) await new Promise((r) => setTimeout(r, c.idDelay));
      const f = c.idFaults.shift();
      if (f) return fault(res, f);
      if (c.refuseIds) return send(res, 503, JSON.stringify({ status: 'error', message: 'refused by test' }));
      const anonymousId = `anon-${++idCount}-${Math.random().toString(36).slice(2, 8)}`;
      c.issuedIds.push(anonymousId);
      return send(res, 200, JSON.stringify({ anonymousId, novinAB: 'B' }));
    }
    if (path === '/api/sdk/events' && req.method === 'POST') {
      if (c.hangEvents > 0) {
        c.hangEvents--;
        hung.add(res);
        return new Promise<number>(() => {});
      }
      const f = c.eventFault?.(url.searchParams) ?? c.eventFaults.shift();
      if (f) return fault(res, f);
      return -1; // answered by the caller, which has the parsed body
    }
    if (path === '/api/sdk/push-subscriptions') return send(res, req.method === 'DELETE' ? 204 : 201, '');
    const page = c.pages[path];
    if (page !== undefined) {
      const html = typeof page === 'function' ? page(url) : page;
      const type = path.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...options.pageHeaders });
      res.end(html);
      return 200;
    }
    const file = path.match(/^\/([\w.-]+\.(m?js|html|json))$/);
    if (file) {
      try {
        const body = await readFile(DIST + file[1]);
        res.writeHead(200, { 'content-type': TYPES[file[2]], 'cache-control': 'no-store', 'service-worker-allowed': '/' });
        res.end(body);
        return 200;
      } catch {
        /* fall through to 404 */
      }
    }
    return send(res, 404, JSON.stringify({ status: 'error', message: `no route for ${path}` }));
  }

  const releasers = new Set<() => void>();
  /** Outage and hold for event requests; false when this request gets no answer. */
  async function answerable(record: RawRequest, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (record.path !== '/api/sdk/events' || record.method !== 'POST') return true;
    if (c.down) return req.socket.destroy(), false;
    if (!c.hold?.(record)) return true;
    c.held.push(record);
    const answered = await new Promise<boolean>((resolve) => {
      const release = () => resolve(true);
      releasers.add(release);
      res.once('close', () => (releasers.delete(release), resolve(false)));
    });
    c.held.splice(c.held.indexOf(record), 1);
    record.aborted = !answered;
    return answered;
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req).catch(() => '');
    const url = new URL(req.url ?? '/', 'http://x');
    const record: RawRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      events: [],
      status: 0,
      at: Date.now(),
    };
    c.requests.push(record);
    if (!(await answerable(record, req, res))) return;
    try {
      let status = await handle(req, res);
      if (status === -1) {
        let events: Array<Record<string, unknown>> = [];
        try {
          const parsed = JSON.parse(body);
          events = Array.isArray(parsed?.events) ? parsed.events : [];
          record.sentAt = parsed?.sentAt;
        } catch {
          status = send(res, 400, JSON.stringify({ status: 'error', message: 'body is not JSON' }));
        }
        if (status === -1) {
          record.events = events;
          let accepted = 0;
          let duplicates = 0;
          const rejected: Array<{ messageId: unknown; errors: string[] }> = [];
          for (const e of events) {
            c.raw.push(e);
            const errors = c.rejectEvent?.(e);
            if (errors) {
              rejected.push({ messageId: e.messageId, errors });
              continue;
            }
            const id = String(e.messageId);
            if (c.unique.has(id)) duplicates++;
            else {
              c.unique.set(id, e);
              accepted++;
            }
          }
          if (c.eventDelay) await new Promise((r) => setTimeout(r, c.eventDelay));
          status = send(res, 200, JSON.stringify({ status: 'ok', accepted, duplicates, rejected }));
        }
      }
      record.status = status;
    } catch (err) {
      record.status = send(res, 500, JSON.stringify({ status: 'error', message: String(err) }));
    }
  });
  await new Promise<void>((r) => server.listen(0, options.host ?? '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  return Object.assign(c, {
    server,
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    eventRequests: () => c.requests.filter((r) => r.path === '/api/sdk/events'),
    async waitFor<T>(check: (x: Collector) => T | undefined | false | null, timeout = 15_000, what = 'condition') {
      const end = Date.now() + timeout;
      for (;;) {
        const v = check(c);
        if (v) return v as T;
        if (Date.now() > end)
          throw new Error(`collector: timed out waiting for ${what} (unique ${c.unique.size}, raw ${c.raw.length}, requests ${c.requests.length})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    release() {
      const waiting = [...releasers];
      releasers.clear();
      waiting.forEach((r) => r());
    },
    waitForUnique(n: number, timeout?: number) {
      return c.waitFor((x) => x.unique.size >= n, timeout, `${n} unique events`).then(() => undefined);
    },
    reset() {
      c.requests.length = 0;
      c.raw.length = 0;
      c.unique.clear();
      c.eventFaults.length = 0;
      c.idFaults.length = 0;
      c.issuedIds.length = 0;
      c.idDelay = 0;
      c.eventDelay = 0;
      c.hangEvents = 0;
      for (const res of hung) res.destroy();
      hung.clear();
      c.refuseIds = false;
      c.rejectEvent = undefined;
      c.eventFault = undefined;
      c.down = false;
      c.hold = undefined;
      c.release();
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  });
}

/** A page that loads the built script-tag SDK with the given attributes and novinConfig. */
export function sdkPage(collector: { url: string }, config: Record<string, unknown> = {}, body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>test</title>
<script>window.novinConfig = ${JSON.stringify({ projectId: 'p1', endpoint: collector.url, ...config })};</script>
<script src="/novinSDK.js"></script></head><body>${body}</body></html>`;
}
