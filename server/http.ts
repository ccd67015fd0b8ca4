import { novinError, type NovinError } from '../src/errors.js';
import { backoff, classify, parseRetryAfter } from '../src/retry.js';
import { redactDeep } from './redact.js';

/** How failed requests are retried: network errors, 408, 429 and 5xx; never other 4xx. */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 5 */
  attempts?: number;
  /** Ceiling of the first backoff; it doubles per attempt, half of it random. @default 500 */
  baseMs?: number;
  /** Largest backoff between two attempts. @default 30000 */
  capMs?: number;
  /** A `Retry-After` longer than this ends the retries instead of blocking the caller. @default 60000 */
  maxRetryAfterMs?: number;
}

export interface Transport {
  /** Where events go (`eventsEndpoint`), and where everything else goes (`endpoint`). */
  urls: { events: string; data: string };
  token: string;
  /** Removes the token, in any encoding, from text a server sent back (see redact.ts). */
  redact: (text: string) => string;
  fetch: typeof fetch;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  log?: (message: string) => void;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** A 2xx answer: its status, its body (parsed JSON, or text), and how many attempts it took. */
export interface Answer {
  status: number;
  body: unknown;
  attempts: number;
}

/**
 * The answer's body with the token removed, twice: from the text as sent, and from the parsed
 * JSON, where escapes the text pass could not see through are undone.
 */
async function readBody(res: Response, redact: (text: string) => string): Promise<unknown> {
  const text = redact(await res.text().catch(() => ''));
  if (!text) return undefined;
  try {
    return redactDeep(JSON.parse(text), redact);
  } catch {
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  }
}

/** The server's own words for a failure, from the shapes our collector and common APIs use. */
function reason(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.errors)) return b.errors.slice(0, 5).map(String).join('; ');
    for (const k of ['message', 'error']) if (typeof b[k] === 'string') return b[k] as string;
  }
  return '';
}

/** A failed call: the collector's status (0: no answer) and how many attempts were made. */
export type ServerError = NovinError & { attempts: number };

function failure(t: Transport, what: string, status: number, body: unknown, attempts: number, detail: string): ServerError {
  const said = reason(body);
  const errors = body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)
    ? (body as { errors: unknown[] }).errors.map((e) => t.redact(String(e)))
    : undefined;
  // 'dropped': the server refused for good; 'delivery': it may well succeed later.
  const kind = classify(status) === 'drop' ? 'dropped' : 'delivery';
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  // Redacted once more as a whole: pieces that were harmless apart must not join into the token.
  const error = novinError(kind, t.redact(`${what} failed${tries}: ${detail}${said ? ` — ${said}` : ''}`), { status, errors });
  return Object.assign(error, { attempts });
}

/**
 * One call to the collector with the retry policy of src/retry.ts. Resolves with a 2xx
 * answer (or with one of `accept`, e.g. 404 on DELETE); rejects with a NovinError otherwise.
 */
export async function request(t: Transport, method: string, path: string, payload?: unknown, accept: number[] = []): Promise<Answer> {
  // SPEC §4: events (`/api/events`, `/api/events/bulk`) have a host of their own in production.
  const base = path.startsWith('/api/events') ? t.urls.events : t.urls.data;
  const what = `${method} ${path}`;
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  for (let attempt = 1; ; attempt++) {
    let status = 0;
    let detail: string;
    let answer: unknown;
    let wait: number | undefined;
    try {
      const res = await t.fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${t.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body,
        signal: AbortSignal.timeout(t.timeoutMs),
      });
      status = res.status;
      answer = await readBody(res, t.redact);
      if (classify(status) === 'ok' || accept.includes(status)) return { status, body: answer, attempts: attempt };
      detail = t.redact(`${status}${res.statusText ? ` ${res.statusText}` : ''}`);
      wait = parseRetryAfter(res.headers.get('retry-after'), Date.now(), Number.MAX_SAFE_INTEGER);
    } catch (e) {
      const err = e as { name?: string; message?: string; cause?: { code?: string } };
      const timedOut = err?.name === 'TimeoutError';
      detail = timedOut ? `no answer within ${t.timeoutMs} ms` : `network error (${t.redact(String(err?.cause?.code ?? err?.message ?? e))})`;
    }
    if (classify(status) !== 'retry' || attempt >= t.retry.attempts) throw failure(t, what, status, answer, attempt, detail);
    if (wait !== undefined && wait > t.retry.maxRetryAfterMs)
      throw failure(t, what, status, answer, attempt, `${detail}, and the server asked to wait ${Math.ceil(wait / 1000)} s (more than maxRetryAfterMs)`);
    const delay = wait ?? backoff(attempt, t.retry.baseMs, t.retry.capMs, t.random);
    t.log?.(t.redact(`novin: ${what}: ${detail}; retrying in ${delay} ms (attempt ${attempt + 1} of ${t.retry.attempts})`));
    await t.sleep(delay);
  }
}
