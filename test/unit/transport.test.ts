import { afterEach, describe, expect, it, vi } from 'vitest';
import { beacon, envelope, eventsUrl, post, timeoutSignal } from '../../src/transport.js';

afterEach(() => vi.unstubAllGlobals());

describe('transport', () => {
  it('builds the SPEC §10 request', async () => {
    const fetch = vi.fn(async () => new Response('{"status":"ok","accepted":2,"duplicates":0,"rejected":[]}'));
    vi.stubGlobal('fetch', fetch);
    const url = eventsUrl('https://c.example', 'p 1');
    expect(url).toBe('https://c.example/api/sdk/events?projectId=p%201');
    const body = envelope([JSON.stringify({ name: 'a' }), JSON.stringify({ name: 'b' })]);
    expect(JSON.parse(body)).toEqual({ events: [{ name: 'a' }, { name: 'b' }], sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/) });
    expect(await post(url, body)).toEqual({ status: 200, rejected: [], retryAfter: undefined });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init).toMatchObject({ method: 'POST', body, keepalive: undefined, headers: { 'Content-Type': 'application/json' } });
    await post(url, body, true);
    expect((fetch.mock.calls[1] as unknown as [string, RequestInit])[1]).toMatchObject({ keepalive: true, headers: { 'Content-Type': 'text/plain' } });
  });

  it('reads rejected entries and Retry-After; an unreadable 2xx still counts as taken', async () => {
    const answers = [
      new Response('{"status":"ok","rejected":[{"messageId":"m1","errors":["x"]}]}'),
      new Response('not json', { status: 200 }),
      new Response('', { status: 429, headers: { 'Retry-After': '7' } }),
    ];
    vi.stubGlobal('fetch', async () => answers.shift());
    expect(await post('u', '{}')).toMatchObject({ status: 200, rejected: [{ messageId: 'm1', errors: ['x'] }] });
    expect(await post('u', '{}')).toMatchObject({ status: 200, rejected: [] });
    expect(await post('u', '{}')).toMatchObject({ status: 429, retryAfter: 7000 });
  });

  it('turns a network error into status 0 and never rejects', async () => {
    vi.stubGlobal('fetch', async () => { throw new TypeError('Failed to fetch'); });
    expect(await post('u', '{}')).toEqual({ status: 0, rejected: [] });
    vi.stubGlobal('fetch', () => { throw new TypeError('sync'); });
    expect(await post('u', '{}')).toEqual({ status: 0, rejected: [] });
  });

  it('sentAt is the moment the envelope is made, ISO 8601', () => {
    vi.useFakeTimers({ now: Date.parse('2030-01-02T03:04:05.678Z') });
    try {
      expect(envelope(['{"name":"a"}'])).toBe('{"events":[{"name":"a"}],"sentAt":"2030-01-02T03:04:05.678Z"}');
    } finally {
      vi.useRealTimers();
    }
  });

  it('times a request out without AbortSignal.timeout (Safari 15.4–15.x)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // The engine lacks it (an own property hides the one happy-dom inherits).
    Object.defineProperty(AbortSignal, 'timeout', { value: undefined, configurable: true });
    try {
      const s = timeoutSignal(30_000);
      expect(s.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(s.aborted).toBe(true);
      // And post() gives up on a fetch that never answers: status 0, so the lock is let go.
      vi.stubGlobal('fetch', (_u: string, init: RequestInit) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
      const answer = post('u', '{}');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(await answer).toEqual({ status: 0, rejected: [] });
    } finally {
      delete (AbortSignal as { timeout?: unknown }).timeout;
      vi.useRealTimers();
    }
  });

  it('reports a refused or throwing beacon as false', () => {
    vi.stubGlobal('navigator', { sendBeacon: () => false });
    expect(beacon('u', '{}')).toBe(false);
    vi.stubGlobal('navigator', { sendBeacon: () => { throw new TypeError('no'); } });
    expect(beacon('u', '{}')).toBe(false);
    vi.stubGlobal('navigator', { sendBeacon: () => true });
    expect(beacon('u', '{}')).toBe(true);
  });
});
