// The demo's one origin: the shop and the SPA as static files, the SDK and worker from dist/,
// the shop's own tiny backend, and the mock collector (the inspector at /inspector/).
// One origin keeps the seed snippet's relative URLs working and the cookies in one jar.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendResponse as reply, toRequest } from 'novin-sdk/mock';
import { createShopBackend } from './shop/backend.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHOP = join(ROOT, 'examples', 'shop');
const SPA = join(ROOT, 'examples', 'spa');
const DIST = join(ROOT, 'dist');
const NOT_FOUND = join(SHOP, '404.html');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** A file under `dir` for a URL path, or undefined when the path tries to leave it. */
function inside(dir, urlPath) {
  const file = normalize(join(dir, decodeURIComponent(urlPath)));
  return file === dir || file.startsWith(dir + sep) ? file : undefined;
}

async function serveFile(res, file, head, status = 200) {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  // no-store: a developer editing the examples sees each change on reload.
  res.writeHead(status, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(head ? undefined : await readFile(file));
  return true;
}

/** Where a GET for `path` is answered from, or undefined for the collector. */
function staticFile(path) {
  if (path === '/novinSDK.js' || path === '/novin-push.js' || path === '/novin-sw.js') return join(DIST, path);
  if (path === '/spa' || path.startsWith('/spa/')) {
    const rest = path.slice(4);
    // Client-side routes (no file extension) all get the app's page.
    return extname(rest) ? inside(SPA, rest) : join(SPA, 'index.html');
  }
  if (path === '/') return join(SHOP, 'index.html');
  if (path.startsWith('/api/') || path.startsWith('/inspector')) return undefined;
  return inside(SHOP, path);
}

/**
 * Starts the demo server.
 * @param backend a mock backend (`createMockBackend()` from novin-sdk/mock)
 */
export async function startDemoServer({ backend, port = 8080, host = '127.0.0.1' }) {
  let base = '';
  const shop = createShopBackend(() => ({ endpoint: base, accessToken: backend.config.projects[0].accessToken }));
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, base);
      const path = url.pathname;
      if (path === '/inspector') return reply(res, Response.redirect(`${base}/inspector/`, 301));
      if (path.startsWith('/shop-api/')) return reply(res, await shop(await toRequest(req, base)));
      const file = req.method === 'GET' || req.method === 'HEAD' ? staticFile(path) : undefined;
      if (file && (await serveFile(res, file, req.method === 'HEAD'))) return;
      // The shop's own page for addresses it does not have, still with status 404.
      if (file?.startsWith(SHOP + sep) && (await serveFile(res, NOT_FOUND, req.method === 'HEAD', 404))) return;
      if (file) return reply(res, new Response('not found', { status: 404 }));
      // The mock serves its inspector page at its own root.
      if (path === '/inspector/') req.url = '/' + url.search;
      return reply(res, await backend.handle(await toRequest(req, base)));
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`demo server error: ${e?.message ?? e}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  base = `http://${host}:${server.address().port}`;
  const timer = setInterval(() => backend.tick(), 1000);
  timer.unref();
  return {
    url: base,
    close: () =>
      new Promise((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
