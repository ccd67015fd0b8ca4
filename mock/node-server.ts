import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { createMockBackend, type MockBackend, type MockOptions } from './backend.js';
import type { MockConfig } from './config.js';
import { MAX_BODY_BYTES } from './http.js';
import { fileJournal } from './journal.js';

export interface ServeOptions extends Omit<MockOptions, 'journal'> {
  config?: MockConfig;
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /**
   * Default 127.0.0.1: the mock has no authentication of its own inspector. The inspector
   * answers this name besides loopback ones (for 0.0.0.0 or ::, this machine's addresses).
   */
  host?: string;
  /** Keep accepted state in this directory across restarts; without it, memory only. */
  dataDir?: string;
  /** Extra files served as they are, e.g. `{'/novinSDK.js': '/abs/dist/novinSDK.js'}`, so a page, the SDK and the mock share an origin. */
  files?: Record<string, string>;
}

export interface MockServer {
  url: string;
  port: number;
  backend: MockBackend;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { js: 'text/javascript', mjs: 'text/javascript', html: 'text/html', css: 'text/css', json: 'application/json', map: 'application/json' };

/**
 * Reads at most one byte more than the body limit, so the handler can answer 413; the rest
 * is drained unread (not cut off), so the client still gets to read the answer.
 */
function readCapped(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.resume();
        resolve(Buffer.concat(chunks));
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A Node request as a Web Request for the handler, its body capped at the collector's limit. */
export async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readCapped(req);
  // The declared length may be a lie; the handler counts the body itself.
  headers.delete('content-length');
  return new Request(new URL(req.url ?? '/', base), { method, headers, body: body && new Uint8Array(body) });
}

/** Writes the handler's Response to Node; an `error` Response (a drop fault) closes the socket unanswered. */
export async function sendResponse(res: ServerResponse, response: Response, head = false): Promise<void> {
  // An injected `drop` fault: the client must see a connection closed with no answer at all.
  if (response.type === 'error') return void res.socket?.destroy();
  res.statusCode = response.status;
  response.headers.forEach((v, k) => res.setHeader(k, v));
  res.end(head || !response.body ? undefined : Buffer.from(await response.arrayBuffer()));
}

/** The names a listen address answers to: itself, or for a wildcard every address of this machine. */
function namesOf(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::' && host !== '') return [host];
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
}

/** Serves the mock backend over HTTP in Node, as `novin-mock` does. */
export async function startMockServer(options: ServeOptions = {}): Promise<MockServer> {
  const { config, port = 8787, host = '127.0.0.1', dataDir, files = {}, ...rest } = options;
  const inspectorHosts = [...(rest.inspectorHosts ?? []), ...namesOf(host)];
  const backend = createMockBackend(config, { ...rest, inspectorHosts, journal: dataDir ? fileJournal(dataDir) : undefined });
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = new URL(req.url ?? '/', base).pathname;
        const file = Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
        if (file && (req.method === 'GET' || req.method === 'HEAD')) {
          const ext = file.slice(file.lastIndexOf('.') + 1);
          const type = `${TYPES[ext] ?? 'application/octet-stream'}; charset=utf-8`;
          const bytes = await readFile(file);
          res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
          res.end(req.method === 'HEAD' ? undefined : bytes);
          return;
        }
        await sendResponse(res, await backend.handle(await toRequest(req, base)), req.method === 'HEAD');
      } catch (e) {
        if (!res.headersSent) res.writeHead(file404(e) ? 404 : 500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', message: file404(e) ? 'file: not found' : 'internal: could not answer' }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  // Goal entries time out on their own, not only when the next request happens to come.
  const timer = setInterval(() => backend.tick(), 1000);
  timer.unref();
  return {
    url: base,
    port: actual,
    backend,
    close: () =>
      new Promise((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const file404 = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ENOENT';
