/**
 * The script-tag entry (dist/novinSDK.js): installs `window.novin` once, configured from
 * `window.novinConfig`, the script tag's data-* attributes, or the `novinProjectId` cookie and
 * the script's own origin; then replays the calls the stub recorded before it loaded.
 */
import { createNovin, type Novin, type NovinOptions } from './novin.js';

type Call = [path: string, args: unknown[], resolve?: (v: unknown) => void, reject?: (e: unknown) => void];
type Stub = { q?: Call[]; version?: string };

declare global {
  interface Window {
    /** The SDK, or until it loads, the README's stub (recorded calls in `q`). */
    novin?: Novin;
    novinConfig?: NovinOptions;
  }
}

function scriptConfig(): NovinOptions {
  // currentScript is set while a classic script runs, also when the seed snippet appended it.
  const el = document.currentScript as HTMLScriptElement | null;
  if (!el) return {};
  const d = el.dataset;
  const out: NovinOptions = {};
  if (d.projectId) out.projectId = d.projectId;
  if (d.endpoint) out.endpoint = d.endpoint;
  if (d.debug !== undefined) out.debug = d.debug !== 'false';
  try {
    if (el.src) out.endpoint ??= new URL(el.src).origin;
  } catch {
    /* an unreadable src leaves the page's origin as the endpoint */
  }
  return out;
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
    const novin = createNovin({ ...scriptConfig(), ...window.novinConfig });
    window.novin = novin;
    for (const [path, args, resolve, reject] of stub?.q ?? []) {
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
}
