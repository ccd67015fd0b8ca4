// One local origin for pages, SDK files and every collector, so no SDK pays for CORS or DNS
// and the comparison is about the SDKs themselves.
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';

const now = () => performance.timeOrigin + performance.now();
const SKU = /sku-(\d+)/g;
const B64 = /[A-Za-z0-9+/_-]{24,}={0,2}/g;

// Every peer wraps the event differently (JSON, form fields, base64, gzip); looking for the
// ids in every readable layer counts deliveries without a decoder per SDK.
function readableText(buf, contentType, encoding) {
  if (encoding === 'gzip' || (buf[0] === 0x1f && buf[1] === 0x8b)) {
    try { buf = gunzipSync(buf); } catch { /* not gzip after all */ }
  }
  let text = buf.toString('utf8');
  if (/x-www-form-urlencoded/.test(contentType) || /^[a-z_]+=/.test(text)) {
    try { text += '\n' + [...new URLSearchParams(text).values()].join('\n'); } catch { /* leave as is */ }
  }
  const extra = [];
  for (const token of text.match(B64) ?? []) {
    const decoded = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    if (decoded.includes('sku-')) extra.push(decoded);
  }
  return extra.length ? text + '\n' + extra.join('\n') : text;
}

function idsIn(text) {
  const ids = new Set();
  for (const m of text.matchAll(SKU)) ids.add(Number(m[1]));
  return ids;
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

// Each SDK gets the answer it treats as success; anything else would send it into retries.
function answer(req, res, url, body, ids, ctx) {
  const p = url.pathname;
  if (p === '/api/sdk') return json(res, 200, { sdkVersion: ctx.novinVersion });
  if (p === '/api/sdk/anonymous-id') return json(res, 200, { anonymousId: randomUUID(), novinAB: 'A' });
  if (p === '/api/sdk/events') {
    let events = [];
    try { events = JSON.parse(body.toString('utf8')).events ?? []; } catch { return json(res, 400, { error: 'unreadable body' }); }
    let duplicates = 0;
    for (const e of events) {
      if (e && e.messageId != null) {
        if (ctx.run.messageIds.has(e.messageId)) duplicates++;
        else ctx.run.messageIds.add(e.messageId);
      }
    }
    return json(res, 200, { status: 'ok', accepted: events.length - duplicates, duplicates, rejected: [] });
  }
  if (p === '/api/sdk/push-subscriptions') return res.writeHead(req.method === 'DELETE' ? 204 : 201).end();
  if (p.startsWith('/v1/projects/') && p.endsWith('/settings')) return json(res, 200, ctx.segmentSettings);
  if (p.startsWith('/sourceConfig')) return json(res, 200, RUDDER_SOURCE_CONFIG);
  if (p === '/2/httpapi' || p === '/batch') {
    return json(res, 200, { code: 200, events_ingested: ids.size, payload_size_bytes: body.length, server_upload_time: Date.now() });
  }
  if (/^\/(track|engage|groups)\/?$/.test(p)) {
    return url.searchParams.get('verbose') === '1' ? json(res, 200, { status: 1, error: null }) : res.writeHead(200, { 'content-type': 'text/plain' }).end('1');
  }
  if (p.startsWith('/com.snowplowanalytics.snowplow/')) return res.writeHead(200).end();
  if (/^\/(e|i\/v0\/e|batch|capture|s|engage)\/?$/.test(p)) return json(res, 200, { status: 1 });
  if (p.startsWith('/v1/')) return json(res, 200, { success: true });
  if (req.method === 'POST') return json(res, 200, {});
  return json(res, 404, { error: 'not found' });
}

// No destinations and no stats: RudderStack then only sends to its data plane, here.
const RUDDER_SOURCE_CONFIG = {
  isHosted: false,
  source: {
    id: 'bench-source', name: 'bench', workspaceId: 'bench-ws', enabled: true, writeKey: 'benchkey',
    config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
    destinations: [],
  },
};

export async function startServer({ slots, novinVersion }) {
  const files = new Map();          // url path -> gzip -9 body
  for (const s of slots) {
    if (!s.file) continue;
    const raw = s.transform ? s.transform(readFileSync(s.file)) : readFileSync(s.file);
    files.set(s.src, { gz: gzipSync(raw, { level: 9 }), raw: raw.length });
  }
  const pagesDir = new URL('./pages/', import.meta.url).pathname;
  const blank = () => ({ id: null, ids: new Set(), requests: [], messageIds: new Set(), completeAt: null, dupIds: 0, waiters: [], external: [] });
  const ctx = { novinVersion, run: blank(), segmentSettings: null };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const t = now();
      const url = new URL(req.url, 'http://x');
      const body = Buffer.concat(chunks);
      let head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) head += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      const run = ctx.run;
      const rec = { t, method: req.method, path: url.pathname, bytes: Buffer.byteLength(head) + 2 + body.length, bodyBytes: body.length, ids: 0 };
      let ids = new Set();
      if (req.method === 'POST' && body.length) {
        ids = idsIn(readableText(body, req.headers['content-type'] ?? '', req.headers['content-encoding']));
        rec.ids = ids.size;
        for (const id of ids) {
          if (run.ids.has(id)) run.dupIds++;
          else run.ids.add(id);
        }
        if (run.completeAt == null && run.ids.size >= run.expected) run.completeAt = t;
      }
      run.requests.push(rec);
      try {
        if (url.pathname.startsWith('/pages/')) {
          const f = join(pagesDir, url.pathname.slice('/pages/'.length).replace(/[^a-z0-9.-]/gi, ''));
          if (!existsSync(f)) return json(res, 404, { error: 'no page' });
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          return res.end(readFileSync(f));
        }
        const file = files.get(url.pathname);
        if (file) {
          res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-encoding': 'gzip', 'cache-control': 'no-store' });
          return res.end(file.gz);
        }
        answer(req, res, url, body, ids, ctx);
      } finally {
        for (const w of [...run.waiters]) w();
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  ctx.segmentSettings = {
    integrations: {
      'Segment.io': { apiKey: 'benchkey', apiHost: `${origin.slice('http://'.length)}/v1`, protocol: 'http', unbundledIntegrations: [], addBundledMetadata: true, maybeBundledConfigIds: {}, versionSettings: { version: '4.4.7', componentTypes: ['browser'] } },
    },
    plan: { track: { __default: { enabled: true, integrations: {} } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
    edgeFunction: {}, analyticsNextEnabled: true, middlewareSettings: {}, enabledMiddleware: {}, metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false, remotePlugins: [],
  };

  return {
    origin,
    files,
    // A new measurement starts with a clean slate; stray requests from a closed page land in the old record.
    beginRun(id, expected) {
      ctx.run = { ...blank(), id, expected };
      return ctx.run;
    },
    waitFor(pred, timeoutMs) {
      const run = ctx.run;
      return new Promise((resolve) => {
        const check = () => { if (pred(run)) { finish(true); } };
        const finish = (ok) => { clearTimeout(timer); run.waiters = run.waiters.filter((w) => w !== check); resolve(ok); };
        const timer = setTimeout(() => finish(false), timeoutMs);
        run.waiters.push(check);
        check();
      });
    },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

export { now };
