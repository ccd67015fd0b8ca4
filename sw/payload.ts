/**
 * A push message (SPEC §10) turned into what `showNotification` takes. Everything in it is
 * untrusted: anything malformed is dropped field by field, and a message without a usable
 * id and title becomes a generic notification — a push must always show something, or
 * browsers show their own "updated in the background" text and Safari revokes the endpoint.
 */
import { safeUrl } from './url.js';

/** What the worker keeps in `notification.data.novin`: how it knows a notification is its own. */
export interface Meta {
  id: string;
  /** Where a click on the body leads (already checked). */
  url?: string;
  /** Button action -> where a click on it leads (already checked). */
  actions?: Record<string, string>;
}

/** TypeScript's DOM library lacks `image` and `actions`, which Chromium supports. */
export type Options = NotificationOptions & {
  image?: string;
  actions?: { action: string; title: string }[];
  data: { novin: Meta; data?: unknown };
};

export interface Shown {
  title: string;
  options: Options;
  /** The message's id, when it had a valid one. */
  id?: string;
  /** The message was unreadable or lacked an id or title: the fallback is shown. */
  malformed?: true;
}

/** Web Push delivers at most about 4 KB; anything much larger did not come from us. */
const MAX_PAYLOAD = 8192;
/** Chromium shows at most two buttons; Safari none. */
const MAX_ACTIONS = 2;
const FALLBACK_TAG = 'novin-malformed';
const FALLBACK_BODY = 'You have a new notification.';

/** An identifier (id, tag, action): used whole or not at all, since a cut one would name something else. */
const text = (v: unknown, max: number): string | undefined => (typeof v == 'string' && v && v.length <= max ? v : undefined);
/** Words a person reads (title, body, button label): a long one is cut, never lost. */
const words = (v: unknown, max: number): string | undefined => (typeof v == 'string' && v ? clip(v, max) : undefined);

/**
 * Cuts text longer than `max` UTF-16 units to at most `max`, ending in an ellipsis. The cut
 * falls between graphemes where the browser can find them (Intl.Segmenter), so an emoji
 * sequence, a flag or a Persian letter with its marks stays whole; elsewhere between code
 * points, so a surrogate pair is never split.
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = s.slice(0, max - 1);
  // A high surrogate at the end has lost its pair.
  if (/[\ud800-\udbff]$/.test(out)) out = out.slice(0, -1);
  if (Intl.Segmenter) {
    let whole = '';
    for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
      if (whole.length + segment.length > max - 1) break;
      whole += segment;
    }
    // One grapheme longer than the limit (a run of combining marks): code points will do.
    if (whole) out = whole;
  }
  return out.trimEnd() + '…';
}

function parse(raw: string | null | undefined): Record<string, unknown> | undefined {
  if (!raw || raw.length > MAX_PAYLOAD) return;
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v == 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
}

/**
 * @param raw the push's `event.data.text()`
 * @param origin the site's origin (`self.location.origin`)
 * @param allow other origins links and images may point at
 */
export function readPayload(raw: string | null | undefined, origin: string, allow: readonly string[] = []): Shown {
  const p = parse(raw) ?? {};
  const id = text(p.id, 256);
  const title = words(p.title, 256);
  if (!id || !title) {
    // The site's host is the one title that is always true and says who sent it.
    return {
      title: new URL(origin).host,
      options: { body: FALLBACK_BODY, tag: id ?? FALLBACK_TAG, data: { novin: { id: id ?? '' } } },
      id,
      malformed: true,
    };
  }
  const meta: Meta = { id };
  const url = safeUrl(p.url, origin, allow);
  if (url) meta.url = url;
  const options: Options = { tag: text(p.tag, 256) ?? id, data: { novin: meta } };
  const body = words(p.body, 1024);
  if (body) options.body = body;
  for (const k of ['icon', 'image', 'badge'] as const) {
    const u = safeUrl(p[k], origin, allow);
    if (u) options[k] = u;
  }
  if (Array.isArray(p.actions)) {
    const actions: { action: string; title: string }[] = [];
    for (const a of p.actions as Record<string, unknown>[]) {
      const action = text(a?.action, 64);
      const label = words(a?.title, 64);
      if (!action || !label || actions.length == MAX_ACTIONS || actions.some((x) => x.action == action)) continue;
      actions.push({ action, title: label });
      const to = safeUrl(a.url, origin, allow);
      if (to) (meta.actions ??= {})[action] = to;
    }
    if (actions.length) options.actions = actions;
  }
  // Parsed JSON always survives structured cloning into the notification.
  if (p.data !== undefined) options.data.data = p.data;
  return { title, options, id };
}

/** Our bookkeeping on a notification, or undefined when another script showed it. */
export function metaOf(n: { data?: unknown }): Meta | undefined {
  const m = (n.data as { novin?: Meta } | null)?.novin;
  return m && typeof m.id == 'string' ? m : undefined;
}

/** Where a click leads: the button's URL, then the notification's, then the site root. */
export function clickUrl(meta: Meta, action: string, origin: string): string {
  return (action && meta.actions?.[action]) || meta.url || origin + '/';
}
