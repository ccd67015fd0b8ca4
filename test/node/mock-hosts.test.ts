/**
 * DNS rebinding over real HTTP: a page on http://attacker.test:PORT whose name resolves to
 * 127.0.0.1 is same-origin with itself, so only the Host header tells the inspector apart.
 * And tags on another site's page (<img>, <script>), which send no Origin at all.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock/index.js';
import { inspectorRoutes } from '../../mock/routes/inspector.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(() => server.close());

/** A raw request with the Host (and Origin) a browser on that name would send. */
function send(method: string, path: string, host: string, body?: string): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host, origin: `http://${host}`, 'content-type': 'text/plain' };
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('DNS rebinding: the inspector answers only its own host names', () => {
  it('refuses every inspector path to Host: attacker.test:PORT with 403, and leaks nothing', async () => {
    const attacker = `attacker.test:${server.port}`;
    const events = [{ name: 'tryToSignIn', anonymousId: 'a', time: '2026-11-28T12:00:00Z', messageId: 'pii', properties: { email: 'sara@example.com' } }];
    expect((await send('POST', '/api/sdk/events?projectId=demo-project', `127.0.0.1:${server.port}`, JSON.stringify({ events }))).status).toBe(200);
    // Every route the inspector has (a new one is covered without touching this list), and paths it has not.
    const bodies: Record<string, string> = { '/inspector/faults': '{"path": "/api/*", "status": 503}', '/inspector/clock': '{"advanceMs": 1}', '/inspector/reset': '{}' };
    const paths: Array<[string, string, string?]> = inspectorRoutes.map((r) => [r.method, typeof r.path === 'string' ? r.path : '/inspector/table/users', r.method === 'POST' ? bodies[r.path as string] : undefined]);
    paths.push(['GET', '/inspector/visitor?id=a'], ['GET', '/inspector/nothing-here'], ['OPTIONS', '/inspector/reset'], ['GET', '/api/../inspector/state']);
    expect(paths.length).toBeGreaterThan(18);
    for (const [method, path, body] of paths) {
      const res = await send(method, path, attacker, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.text).not.toContain('sara@example.com');
      expect(JSON.parse(res.text).message).toMatch(/^host: /);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    const s = server.backend.state();
    expect(s.events.map((e) => e.event.messageId)).toEqual(['pii']);
    expect(s.faults).toEqual([]);
  });

  it('answers loopback names, on any port the name came with', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, `shop.localhost:${server.port}`])
      expect((await send('GET', '/inspector/state', host)).status, host).toBe(200);
    for (const host of [`localhost.:${server.port}`, `app.localhost.:${server.port}`, 'localhost'])
      expect((await send('GET', '/inspector/state', host)).status, host).toBe(200);
    for (const host of [`localhost.attacker.test:${server.port}`, `127.0.0.1.nip.io:${server.port}`, `0.0.0.0:${server.port}`, `ATTACKER.TEST.:${server.port}`, `[::]:${server.port}`, `[::ffff:10.0.0.1]:${server.port}`, `:${server.port}`, `127.0.0.1:${server.port}@attacker.test`])
      expect((await send('GET', '/inspector/state', host)).status, host).toBe(403);
  });

  it('answers the address it was told to listen on, and the API answers any host as before', async () => {
    const named = await startMockServer({ port: 0, inspectorHosts: ['mock.lan'] });
    try {
      const ask = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: named.port, path: '/inspector/state', headers: { host } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
          req.on('error', reject);
          req.end();
        });
      expect(await ask(`mock.lan:${named.port}`)).toBe(200);
      expect(await ask(`MOCK.LAN:${named.port}`)).toBe(200);
      expect(await ask(`evil.lan:${named.port}`)).toBe(403);
    } finally {
      await named.close();
    }
    const api = await send('POST', '/api/sdk/events?projectId=demo-project', `attacker.test:${server.port}`, '{"events": []}');
    expect(api.status).toBe(200);
    expect(api.headers['access-control-allow-origin']).toBe(`http://attacker.test:${server.port}`);
  });
});

describe("another site's page, through tags that send no Origin", () => {
  /** A GET with the fetch metadata a browser sends (Host is ours: no rebinding here). */
  const get = (path: string, meta: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, headers: meta }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.end();
    });
  // What Chromium sends for <img src="http://127.0.0.1:PORT/inspector/state"> on another site.
  const image = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' };

  it('is refused before the inspector does any work: a snapshot per <img> would let any page exhaust the mock', async () => {
    for (const path of ['/inspector/state', '/inspector/timeline?q=tea', '/inspector/table/users', '/inspector/visitor?id=a', '/'])
      for (const site of ['cross-site', 'same-site']) expect(await get(path, { ...image, 'sec-fetch-site': site }), `${site} ${path}`).toBe(403);
    expect(await get('/inspector/state', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' })).toBe(403);
    // Framed by another site: not a top-level navigation.
    expect(await get('/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' })).toBe(403);
  });

  it('still opens the page from a link or the address bar, and answers the page itself, tools and the API', async () => {
    const link = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
    expect(await get('/', link)).toBe(200);
    expect(await get('/inspector/', { ...link, 'sec-fetch-site': 'none' })).toBe(200);
    expect(await get('/inspector/state', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' })).toBe(200);
    expect(await get('/inspector/state', {})).toBe(200);
    expect(await get('/api/sdk', image)).toBe(200);
  });
});
