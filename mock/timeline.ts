import { Ring } from './ring.js';
import type { Refusal, StoredEvent } from './state.js';

/** One line of the inspector's timeline: an accepted event or a refusal, in arrival order. */
export type TimelineRow = ({ kind: 'event' } & StoredEvent) | ({ kind: 'refused' } & Refusal);

type Entry = { kind: 'event'; value: StoredEvent; gone?: true } | { kind: 'refused'; value: Refusal; gone?: true };

/** What makes an event a duplicate of another: the same messageId in the same project. */
export const messageKey = (projectId: string, messageId: unknown) => `${projectId}\n${String(messageId)}`;

/** What the inspector narrows the timeline to; every field optional. */
export interface TimelineFilter {
  name?: string;
  /** The visitor's ids (anonymous and user ids linked to each other). */
  visitor?: ReadonlySet<string>;
  source?: 'browser' | 'server';
  status?: 'accepted' | 'refused' | 'duplicated' | 'warned' | 'skewed';
  /** Free text, matched case-insensitively against the row's JSON. */
  text?: string;
}

export interface TimelineQuery {
  /** Only rows newer than this seq (the live stream). */
  after?: number;
  /** Only rows older than this seq (paging back). */
  before?: number;
  limit: number;
  /** Also answer rows at or before `after` that changed since this revision (a duplicate arrived). */
  since?: number;
  filter: TimelineFilter;
}

export interface TimelinePage {
  /** Newest first. */
  rows: TimelineRow[];
  /** More matching rows exist beyond `limit`: older ones (rows come newest first, also after `after`). */
  more: boolean;
  /** Rows already sent that changed since `since`. */
  updated: TimelineRow[];
  /** `since` is older than the change log reaches back: reload instead of patching. */
  stale: boolean;
  /** The newest seq there is: the next `after`. */
  last: number;
}

/** A clock difference worth pointing out: beyond network and queueing noise. */
export const SKEW_NOTABLE_MS = 60_000;
// How many changed-row notes are kept for `since` queries.
const TOUCHED_MAX = 2000;

const row = (e: Entry): TimelineRow => ({ kind: e.kind, ...e.value }) as TimelineRow;

function idsOf(e: Entry): [unknown, unknown] {
  if (e.kind === 'event') return [e.value.event.userId, e.value.event.anonymousId];
  const p = e.value.payload as Record<string, unknown> | undefined;
  return p && typeof p === 'object' ? [p.userId, p.anonymousId] : [undefined, undefined];
}

function matches(e: Entry, f: TimelineFilter, text: string | undefined): boolean {
  const v = e.value;
  if (f.name !== undefined && (e.kind === 'event' ? e.value.event.name : e.value.name) !== f.name) return false;
  if (f.source !== undefined && v.source !== f.source) return false;
  if (f.visitor && !idsOf(e).some((id) => typeof id === 'string' && f.visitor!.has(id))) return false;
  switch (f.status) {
    case 'accepted':
      if (e.kind !== 'event') return false;
      break;
    case 'refused':
      if (e.kind !== 'refused') return false;
      break;
    case 'duplicated':
      if (e.kind !== 'event' || !e.value.duplicates) return false;
      break;
    case 'warned':
      if (e.kind !== 'event' || !e.value.warnings?.length) return false;
      break;
    case 'skewed':
      if (!(Math.abs(v.skewMs ?? 0) >= SKEW_NOTABLE_MS)) return false;
      break;
  }
  return text === undefined || JSON.stringify(v).toLowerCase().includes(text);
}

/**
 * The newest `max` events and refusals, each numbered (`seq`) in arrival order, with the
 * queries the inspector pages and polls with. What falls off is counted, not kept: the
 * journal has it all.
 */
export function createTimeline(max: number) {
  const ring = new Ring<Entry>(max);
  // Events by project and messageId, while retained: duplicates update their row.
  const live = new Map<string, Entry>();
  let touched: Array<[rev: number, entry: Entry]> = [];
  let touchedFloor = 0;
  let dropped = { events: 0, refused: 0 };

  /** Index of the first retained entry with seq > `seq`. */
  function firstAfter(seq: number): number {
    let lo = 0;
    let hi = ring.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ring.at(mid).value.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function add(entry: Entry, key?: string): void {
    const out = ring.push(entry);
    if (out) {
      out.gone = true;
      dropped[out.kind === 'event' ? 'events' : 'refused']++;
      if (out.kind === 'event') live.delete(messageKey(out.value.projectId, out.value.event.messageId));
    }
    if (key) live.set(key, entry);
  }

  return {
    addEvent: (value: StoredEvent) => add({ kind: 'event', value }, messageKey(value.projectId, value.event.messageId)),
    addRefusal: (value: Refusal) => add({ kind: 'refused', value }),
    /** The retained event with this messageId, to count a duplicate on; undefined once dropped. */
    touchEvent(projectId: string, messageId: string, rev: number): StoredEvent | undefined {
      const entry = live.get(messageKey(projectId, messageId));
      if (!entry || entry.kind !== 'event') return undefined;
      touched.push([rev, entry]);
      if (touched.length > TOUCHED_MAX) {
        const cut = touched.length - TOUCHED_MAX / 2;
        touchedFloor = touched[cut - 1][0];
        touched = touched.slice(cut);
      }
      return entry.value;
    },
    query(q: TimelineQuery): TimelinePage {
      const text = q.filter.text?.toLowerCase() || undefined;
      const rows: TimelineRow[] = [];
      let more = false;
      const end = q.before === undefined ? ring.size : firstAfter(q.before - 1);
      const from = q.after === undefined ? 0 : firstAfter(q.after);
      for (let i = end - 1; i >= from; i--) {
        const e = ring.at(i);
        if (!matches(e, q.filter, text)) continue;
        if (rows.length === q.limit) {
          more = true;
          break;
        }
        rows.push(row(e));
      }
      const updated: TimelineRow[] = [];
      const stale = q.since !== undefined && q.since < touchedFloor;
      if (q.since !== undefined && !stale) {
        const seen = new Set<Entry>();
        for (let i = touched.length - 1; i >= 0 && touched[i][0] > q.since; i--) {
          const e = touched[i][1];
          if (seen.has(e) || e.gone || (q.after !== undefined && e.value.seq > q.after)) continue;
          seen.add(e);
          if (matches(e, q.filter, text)) updated.push(row(e));
        }
      }
      return { rows, more, updated, stale, last: ring.size ? ring.at(ring.size - 1).value.seq : 0 };
    },
    events: (): StoredEvent[] => ring.toArray().flatMap((e) => (e.kind === 'event' ? [e.value] : [])),
    refused: (): Refusal[] => ring.toArray().flatMap((e) => (e.kind === 'refused' ? [e.value] : [])),
    /** How many rows fell off, by kind, since the start or the last reset. */
    dropped: () => ({ ...dropped }),
    size: () => ring.size,
    /** The seq of the oldest retained row (0 when empty). */
    oldest: () => (ring.size ? ring.at(0).value.seq : 0),
    reset(): void {
      ring.clear();
      live.clear();
      touched = [];
      touchedFloor = 0;
      dropped = { events: 0, refused: 0 };
    },
  };
}

export type Timeline = ReturnType<typeof createTimeline>;
