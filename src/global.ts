/**
 * The script-tag entry (dist/novinSDK.js): installs `window.novin` once, configured from
 * `window.novinConfig`, the script tag's data-* attributes, or the `novinProjectId` cookie and
 * the script's own origin; then replays the calls the stub recorded before it loaded.
 */
import { createCore, type Novin, type NovinOptions } from './novin.js';
import { lazyPush } from './push-lazy.js';
import { recorded } from './recorded.js';

/** A call the stub recorded; stubs older than `at` and `url` recorded only the first four. */
type Call = [path: string, args: unknown[], resolve?: (v: unknown) => void, reject?: (e: unknown) => void, at?: unknown, url?: unknown];
type Stub = { q?: Call[]; version?: string };

declare global {
  interface Window {
    /** The SDK, or until it loads, the README's stub (recorded calls in `q`). */
    novin?: Novin;
    novinConfig?: NovinOptions;
  }
}

// currentScript is set while a classic script runs, also when the seed snippet appended it.
const el = document.currentScript as HTMLScriptElement | null;

function scriptConfig(): NovinOptions {
  const out: NovinOptions = {};
  const d = el?.dataset;
  if (!d) return out;
  if (d.projectId) out.projectId = d.projectId;
  if (d.endpoint) out.endpoint = d.endpoint;
  if (d.debug !== undefined) out.debug = d.debug !== 'false';
  return out;
}

/** The script's own URL, when it has a readable one: the default endpoint and where novin-push.js is. */
function scriptUrl(): URL | undefined {
  try {
    return el?.src ? new URL(el.src) : undefined;
  } catch {
    return undefined;
  }
}

function call(target: Novin, path: string, args: unknown[]): unknown {
  const [head, tail] = path.split('.');
  const owner = (tail ? (target as unknown as Record<string, unknown>)[head] : target) as Record<string, unknown>;
  const fn = owner?.[tail ?? head];
  return typeof fn === 'function' ? fn.apply(owner, args) : undefined;
}

const existing = window.novin as Stub | Novin | undefined;
const stub = existing?.version ? undefined : (existing as Stub | undefined);
try {
  if (!existing?.version) {
    const src = scriptUrl();
    const options = { endpoint: src?.origin, ...scriptConfig(), ...window.novinConfig };
    const novin = createCore(options, lazyPush(new URL('novin-push.js', src ?? options.endpoint ?? location.href).href));
    window.novin = novin;
    for (const [path, args, resolve, reject, t, url] of stub?.q ?? []) {
      Object.assign(recorded, { t, url });
      Promise.resolve(call(novin, path, args)).then(resolve, reject);
    }
  }
} catch (e) {
  // The host page must never break because of tracking, nor wait forever on a recorded call.
  try {
    for (const call of stub?.q ?? []) call[3]?.(e);
    console.warn('[novin] could not start', e);
  } catch {
    /* nothing else to do */
  }
} finally {
  // Calls from now on are live: stamped with their own moment and address.
  recorded.t = recorded.url = undefined;
}
