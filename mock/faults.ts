import { HttpError } from './http.js';

/**
 * A failure the mock plays instead of answering, so a client's retries can be watched: an
 * error status (429, 503…), a dropped connection, or a delay before the real answer.
 */
export interface FaultSpec {
  /** `/api/sdk/events` matches that path exactly; `/api/*` every path starting with `/api/`. */
  path: string;
  /** Only this method; default any. */
  method?: 'GET' | 'POST' | 'DELETE';
  /** Answer this status (400–599) instead of the real answer. */
  status?: number;
  /** Close the connection without answering (a network error for the client). */
  drop?: boolean;
  /** Wait this long first; alone, the real answer then follows late. */
  delayMs?: number;
  /** With `status`: the `Retry-After` header, in seconds. */
  retryAfter?: number;
  /** How many matching requests it spoils, one each. Default 1. */
  count?: number;
}

/** A fault still waiting for requests, as `GET /inspector/faults` and the state show it. */
export interface PendingFault extends Omit<FaultSpec, 'count'> {
  id: number;
  remaining: number;
}

const METHODS = ['GET', 'POST', 'DELETE'];
const MAX_COUNT = 1000;
// Long enough to trip any sensible client timeout, short enough not to wedge a test run.
const MAX_DELAY_MS = 120_000;

const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Checks a fault from `POST /inspector/faults` or `--fail`; throws a 400 naming every wrong field. */
export function parseFault(input: Record<string, unknown>): FaultSpec {
  const errors: string[] = [];
  const need = (ok: boolean, msg: string) => void (ok || errors.push(msg));
  const { path, method, status, drop, delayMs, retryAfter, count } = input;
  // Only API paths: a fault on the inspector could lock out the very page that clears it.
  need(typeof path === 'string' && path.startsWith('/api/') && path.length <= 256 && !path.slice(0, -1).includes('*'),
    'path: must start with /api/ (a trailing * makes it a prefix)');
  need(method === undefined || METHODS.includes(method as string), `method: must be one of ${METHODS.join(', ')}`);
  need(status === undefined || isInt(status, 400, 599), 'status: must be an HTTP error status, 400 to 599');
  need(drop === undefined || typeof drop === 'boolean', 'drop: must be true or false');
  need(delayMs === undefined || isInt(delayMs, 0, MAX_DELAY_MS), `delayMs: must be a whole number of milliseconds, 0 to ${MAX_DELAY_MS}`);
  need(retryAfter === undefined || (isInt(retryAfter, 0, 86_400) && status !== undefined), 'retryAfter: must be whole seconds (0 to 86400), and goes with a status');
  need(count === undefined || isInt(count, 1, MAX_COUNT), `count: must be a whole number, 1 to ${MAX_COUNT}`);
  need(!(status !== undefined && drop === true), 'drop: a dropped connection has no status; give one or the other');
  need(status !== undefined || drop === true || (typeof delayMs === 'number' && delayMs > 0), 'status: give a status, drop: true, or a delayMs');
  if (errors.length) throw new HttpError(400, errors.join('; '));
  const spec: FaultSpec = { path: path as string, count: (count as number | undefined) ?? 1 };
  if (method !== undefined) spec.method = method as FaultSpec['method'];
  if (status !== undefined) spec.status = status as number;
  if (drop === true) spec.drop = true;
  if (delayMs) spec.delayMs = delayMs as number;
  if (retryAfter !== undefined) spec.retryAfter = retryAfter as number;
  return spec;
}

/**
 * Reads `novin-mock --fail` values: `PATH=WHAT[xCOUNT][,key=value...]`, where WHAT is a
 * status, `drop` or `delay`, and the keys are `retryAfter`, `delayMs` and `method`.
 * @example parseFaultFlag('/api/sdk/events=503x3,retryAfter=2')
 */
export function parseFaultFlag(text: string): FaultSpec {
  const [head = '', ...options] = text.split(',');
  const eq = head.lastIndexOf('=');
  const m = /^(\d{3}|drop|delay)(?:x(\d+))?$/.exec(head.slice(eq + 1));
  if (eq < 1 || !m) throw new Error(`--fail "${text}": expected PATH=STATUS[xCOUNT], e.g. /api/sdk/events=503x3`);
  const input: Record<string, unknown> = { path: head.slice(0, eq) };
  if (m[1] === 'drop') input.drop = true;
  else if (m[1] !== 'delay') input.status = Number(m[1]);
  if (m[2] !== undefined) input.count = Number(m[2]);
  for (const option of options) {
    const [key = '', value = ''] = option.split('=', 2);
    if (key === 'method') input.method = value.toUpperCase();
    else if (key === 'retryAfter' || key === 'delayMs') input[key] = /^\d+$/.test(value) ? Number(value) : value;
    else throw new Error(`--fail "${text}": unknown option "${key}" (retryAfter, delayMs or method)`);
  }
  try {
    return parseFault(input);
  } catch (e) {
    throw new Error(`--fail "${text}": ${(e as Error).message}`);
  }
}

/** The pending faults of one backend; each matching request takes one from the oldest match. */
export function createFaults() {
  let pending: PendingFault[] = [];
  let nextId = 1;
  let version = 0;
  const matches = (f: PendingFault, method: string, path: string) =>
    (f.method === undefined || f.method === method) && (f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : path === f.path);
  return {
    add(spec: FaultSpec): PendingFault {
      const { count = 1, ...rest } = spec;
      const fault = { id: nextId++, ...rest, remaining: count };
      pending.push(fault);
      version++;
      return { ...fault };
    },
    take(method: string, path: string): PendingFault | undefined {
      const fault = pending.find((f) => matches(f, method, path));
      if (!fault) return undefined;
      fault.remaining--;
      if (!fault.remaining) pending = pending.filter((f) => f !== fault);
      version++;
      return { ...fault };
    },
    list: (): PendingFault[] => pending.map((f) => ({ ...f })),
    clear(): number {
      const n = pending.length;
      pending = [];
      version++;
      return n;
    },
    /** Moves whenever the list changes, so the inspector page knows to refetch. */
    version: () => version,
  };
}

export type Faults = ReturnType<typeof createFaults>;
