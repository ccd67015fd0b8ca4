/**
 * The server client's access token never leaves through an answer it read back, in whatever
 * encoding a server echoes it; and events go to their own host (production has two).
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerClient, type NovinError } from '../../server/index.js';
import { redactor } from '../../server/redact.js';
import { recordingServer, type Received, type Reply } from './server.helpers.js';

// A slash (JSON-escaped by PHP as \/), a plus (a space in form encoding) and letters whose
// base64 differs by alignment.
const TOKEN = 'sk/live+9f8e7d6c5b4a/3210-Zz_x.y~q';
const fast = { attempts: 2, baseMs: 1, capMs: 2 };

let servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const unicodeEscaped = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/** Every form of the token a reader could turn back into it, each a test of its own. */
const ENCODINGS: Record<string, (token: string) => string> = {
  raw: (t) => t,
  'JSON with escaped slashes (PHP)': (t) => t.replace(/\//g, '\\/'),
  'JSON \\u escapes': unicodeEscaped,
  'JSON \\u escapes, upper-case hex': (t) => unicodeEscaped(t).replace(/\\u00([0-9a-f]{2})/g, (_, h: string) => `\\u00${h.toUpperCase()}`),
  'URL-encoded': encodeURIComponent,
  'URL-encoded, lower-case hex': (t) => encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  'form-encoded, every byte': (t) => [...t].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join(''),
  base64: b64,
  'base64 in Basic credentials': (t) => `Basic ${b64(`user:${t}`)}`,
  'base64 at offset 2': (t) => b64(`ab${t}`),
  'base64url': (t) => b64(t).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  hex: (t) => Buffer.from(t).toString('hex'),
  'HTML entities': (t) => [...t].map((c) => `&#${c.charCodeAt(0)};`).join(''),
};

/** Names the readings of `text` in which TOKEN appears (base64 and hex: the part that encodes only the token). */
function leaks(text: string): string[] {
  const readings: Record<string, string> = {
    'as is': text,
    'percent-decoded': text.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'JSON-unescaped': text.replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\\//g, '/'),
    'entities decoded': text.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))),
  };
  const found = Object.entries(readings).filter(([, t]) => t.includes(TOKEN)).map(([name]) => name);
  const forms: Array<[string, string]> = [
    ['base64', b64(TOKEN).slice(0, 40)],
    ['base64 offset 2', b64(`ab${TOKEN}`).slice(4, 40)],
    ['base64 offset 1 (Basic user:)', b64(`user:${TOKEN}`).slice(8, 40)],
    ['base64url', b64(TOKEN).slice(0, 40).replace(/\+/g, '-').replace(/\//g, '_')],
  ];
  for (const [name, form] of forms) if (text.includes(form)) found.push(name);
  if (text.toLowerCase().includes(Buffer.from(TOKEN).toString('hex').slice(0, 40))) found.push('hex');
  return found;
}

async function clientAgainst(reply: (req: Received, n: number) => Reply) {
  const server = await recordingServer(reply);
  servers.push(server);
  const logs: string[] = [];
  const client = createServerClient({ endpoint: server.url, accessToken: TOKEN, retry: fast, log: (m) => logs.push(m) });
  return { client, logs, server };
}

const fail = (p: Promise<unknown>) => p.then(() => expect.unreachable('should have failed'), (e: NovinError) => e);
const everything = (e: NovinError, logs: string[]) => [e.message, e.stack ?? '', inspect(e, { depth: 8 }), JSON.stringify(e), ...(e.errors ?? []), ...logs].join('\n');

describe('the access token, echoed back in any encoding', () => {
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    it(`is redacted when a failing server echoes it ${name}`, async () => {
      const echoed = encode(TOKEN);
      // Raw JSON text, as the server wrote it: a JSON encoder may escape what it likes.
      const json = `{"status":"error","message":"refused token ${echoed.replace(/"/g, '\\"')}","errors":["bad ${echoed.replace(/"/g, '\\"')}"]}`;
      const { client, logs } = await clientAgainst((_, n) => (n === 0 ? { status: 503, body: json } : { status: 400, body: json }));
      const e = await fail(client.items.upsert({ itemId: 'a' }));
      expect(e.status).toBe(400);
      const text = everything(e, logs);
      expect(text).toContain('[redacted]');
      expect(leaks(text), text).toEqual([]);
    });

    it(`is redacted from a plain-text answer and the status text, ${name}`, async () => {
      const echoed = encode(TOKEN);
      const { client, logs } = await clientAgainst(() => ({ status: 502, body: `upstream said: ${echoed}`, statusText: `Bad ${echoed.replace(/[^\x20-\x7e]/g, '')}` }));
      const e = await fail(client.users.upsert({ userId: 'u1' }));
      const text = everything(e, logs);
      expect(leaks(text), text).toEqual([]);
    });

    it(`is redacted from a successful answer's body, ${name}`, async () => {
      const echoed = encode(TOKEN);
      const json = `{"status":"ok","note":"hello ${echoed.replace(/"/g, '\\"')}","nested":{"k ${echoed.replace(/"/g, '\\"')}":["${echoed.replace(/"/g, '\\"')}"]}}`;
      const { client } = await clientAgainst(() => ({ status: 200, body: json }));
      const answer = await client.items.upsert({ itemId: 'a' });
      expect(leaks(JSON.stringify(answer)), JSON.stringify(answer)).toEqual([]);
      expect(answer.body).toMatchObject({ status: 'ok' });
    });
  }

  it('takes linear time on a long run of backslashes: an odd answer must not hang the site\'s server', () => {
    const redact = redactor(TOKEN);
    // Around the token, JSON-escaped two levels deep (JSON in JSON): still found.
    const text = `${'\\'.repeat(100_000)}x ${TOKEN.replace(/\//g, '\\\\\\\/')} ${'\\'.repeat(100_000)}`;
    const t0 = performance.now();
    const out = redact(text);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(out).toContain('x [redacted] ');
  });

  it('keeps the rest of the message readable', async () => {
    const { client } = await clientAgainst(() => ({ status: 401, body: `{"status":"error","message":"unknown access token ${TOKEN.replace(/\//g, '\\/')} for project p"}` }));
    const e = await fail(client.items.upsert({ itemId: 'a' }));
    expect(e.message).toBe('POST /api/items failed: 401 — unknown access token [redacted] for project p');
  });
});

describe('eventsEndpoint: events and data on their own hosts', () => {
  it('sends events to eventsEndpoint and items and users to endpoint', async () => {
    const data = await recordingServer();
    const events = await recordingServer();
    servers.push(data, events);
    const client = createServerClient({ endpoint: data.url, eventsEndpoint: `${events.url}/`, accessToken: TOKEN, retry: fast });
    await client.events.send({ name: 'purchaseApproved', userId: 'u1', itemIdList: ['sku-1'] });
    await client.events.bulk([{ name: 'itemRate', userId: 'u1', itemId: 'sku-1', properties: { rate: 5 } }]);
    await client.items.upsert({ itemId: 'sku-1' });
    await client.users.bulk([{ userId: 'u1' }]);
    await client.items.delete('sku-1');
    expect(events.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/events', 'POST /api/events/bulk']);
    expect(data.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/items', 'POST /api/users/bulk', 'DELETE /api/items/sku-1']);
    expect(events.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('defaults to endpoint, and keeps a path prefix on either', async () => {
    const one = await recordingServer();
    servers.push(one);
    const client = createServerClient({ endpoint: `${one.url}/cdp`, accessToken: TOKEN, retry: fast });
    await client.events.send({ name: 'search', properties: { searchQuery: 'tea' } });
    await client.items.upsert({ itemId: 'a' });
    expect(one.requests.map((r) => r.url)).toEqual(['/cdp/api/events', '/cdp/api/items']);
  });

  it('refuses a broken eventsEndpoint by name, without quoting the token', () => {
    expect(() => createServerClient({ endpoint: 'https://cdp.example', eventsEndpoint: `nope ${TOKEN}`, accessToken: TOKEN })).toThrow(/^eventsEndpoint must be an absolute URL/);
    expect(() => createServerClient({ endpoint: 'https://cdp.example', eventsEndpoint: 'ftp://events.example', accessToken: TOKEN })).toThrow(/eventsEndpoint must be an http\(s\) URL/);
    try {
      createServerClient({ endpoint: 'https://cdp.example', eventsEndpoint: `nope ${TOKEN}`, accessToken: TOKEN });
    } catch (e) {
      expect(inspect(e)).not.toContain(TOKEN);
    }
  });
});
