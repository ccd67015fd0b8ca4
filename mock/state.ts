import type { ResolvedConfig } from './config.js';
import type { PendingFault } from './faults.js';
import { assign, complete, emptyGoals, expire, type GoalsState } from './goals.js';
import { boundedRemarks } from './http.js';
import { Ring } from './ring.js';
import { createTimeline, messageKey } from './timeline.js';
import type { InspectorState, PushRecord, Refusal, StoredEvent, WorkflowRun } from './types.js';
import { snapshotOf } from './views.js';
import { BECOMES_USER, createVisitors } from './visitors.js';

export type { InspectorState, Point, PushRecord, Refusal, StoredEvent, WorkflowRun } from './types.js';

/**
 * Everything the backend accepted, changed only by applying an Op. The same ops are written
 * to the journal before the answer goes out, so a restart replays them into the same state.
 */
export type Op =
  | { op: 'event'; at: number; projectId: string; source: 'browser' | 'server'; event: Record<string, unknown>; points: StoredEvent['points']; warnings?: string[]; sentAt?: string }
  | { op: 'duplicate'; at: number; projectId: string; messageId: string }
  | { op: 'refused'; at: number; refusal: Omit<Refusal, 'at' | 'seq' | 'source'> }
  | { op: 'user' | 'item'; at: number; projectId: string; record: Record<string, unknown> }
  | { op: 'deleteUser' | 'deleteItem'; at: number; projectId: string; id: string }
  | { op: 'assign'; at: number; userId: string; goals: string[]; timeoutMs: number }
  | { op: 'complete'; at: number; userId: string; goal: string }
  | { op: 'subscribe'; at: number; projectId: string; record: Omit<PushRecord, 'projectId' | 'createdAt'>; replaces?: string }
  | { op: 'unsubscribe'; at: number; projectId: string; endpoint: string };

/** Rows of the timeline (events and refusals) kept in memory unless `maxEvents` says otherwise. */
export const DEFAULT_MAX_EVENTS = 10_000;

/** The inspector's sections, each with the revision it last changed at, so the page refetches only those. */
export type Section = 'users' | 'items' | 'goals' | 'workflowRuns' | 'loyalty' | 'pushSubscriptions';

const iso = (ms: number) => new Date(ms).toISOString();
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** The inner map of an outer one, made on first use. Maps: ids from outside are keys, never property names. */
function inner<K, V>(map: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let m = map.get(key);
  if (!m) map.set(key, (m = new Map()));
  return m;
}

/** Seconds between the device's clock and ours when the batch left: received − sentAt. */
function skewOf(at: number, sentAt: string | undefined): number | undefined {
  const sent = sentAt === undefined ? NaN : Date.parse(sentAt);
  return isNaN(sent) ? undefined : at - sent;
}

export function createState(config: ResolvedConfig, maxEvents = DEFAULT_MAX_EVENTS) {
  const timeline = createTimeline(maxEvents);
  const visitors = createVisitors();
  const users = new Map<string, Map<string, Record<string, unknown>>>();
  const items = new Map<string, Map<string, Record<string, unknown>>>();
  const loyalty = new Map<string, Map<string, Map<string, number>>>();
  const runs = new Ring<WorkflowRun>(maxEvents);
  let push: PushRecord[] = [];
  let goals: GoalsState = emptyGoals();
  const seen = new Set<string>();
  const known = new Set<string>();
  const deleted = new Set<string>();
  const byName = new Map<string, number>();
  const counts = { events: 0, refused: 0, duplicates: 0, warnings: 0, workflowRuns: 0 };
  const sections: Record<Section, number> = { users: 0, items: 0, goals: 0, workflowRuns: 0, loyalty: 0, pushSubscriptions: 0 };
  let revision = 0;
  let seq = 0;

  const changed = (s: Section) => void (sections[s] = revision);
  const goalEventCount = () => goals.goalEvents.length;

  function onEvent(op: Extract<Op, { op: 'event' }>): void {
    const e = op.event;
    const userId = str(e.userId);
    const anonymousId = str(e.anonymousId);
    const stored: StoredEvent = { seq: ++seq, projectId: op.projectId, source: op.source, receivedAt: iso(op.at), event: e, points: op.points };
    if (op.warnings?.length) {
      stored.warnings = boundedRemarks(op.warnings, 'warnings');
      counts.warnings++;
    }
    const skew = skewOf(op.at, op.sentAt);
    if (skew !== undefined) Object.assign(stored, { sentAt: op.sentAt, skewMs: skew });
    seen.add(messageKey(op.projectId, e.messageId));
    counts.events++;
    const name = String(e.name);
    byName.set(name, (byName.get(name) ?? 0) + 1);
    const who = userId ?? (anonymousId && `anonymousId:${anonymousId}`);
    if (who && op.points.length) {
      const totals = inner(inner(loyalty, op.projectId), who);
      for (const p of op.points) totals.set(p.field, (totals.get(p.field) ?? 0) + p.delta);
      stored.loyaltyKey = who;
      changed('loyalty');
    }
    const path = typeof e.workFlowPath === 'string' ? /^webhook(-test)?\/(.+)$/.exec(e.workFlowPath) : null;
    if (path) {
      runs.push({ projectId: op.projectId, workflow: path[2], test: !!path[1], eventName: name, messageId: String(e.messageId), userId, anonymousId, at: stored.receivedAt });
      counts.workflowRuns++;
      changed('workflowRuns');
    }
    if (userId && anonymousId) {
      visitors.link(anonymousId, userId);
      if (BECOMES_USER.has(name)) {
        visitors.became({ anonymousId, userId, name, at: stored.receivedAt, seq: stored.seq, projectId: op.projectId });
        stored.became = userId;
      }
    }
    if (userId) {
      known.add(userId);
      deleted.delete(userId);
      const before = goalEventCount();
      const completed = config.goals.filter((g) => g.type === 'event' && g.event === name && complete(goals, userId, g.code, op.at)).map((g) => g.code);
      if (completed.length) stored.goalsCompleted = completed;
      if (goalEventCount() !== before) changed('goals');
    }
    timeline.addEvent(stored);
  }

  function apply(op: Op): void {
    revision++;
    switch (op.op) {
      case 'event':
        return onEvent(op);
      case 'duplicate': {
        counts.duplicates++;
        const stored = timeline.touchEvent(op.projectId, op.messageId, revision);
        if (stored) stored.duplicates = (stored.duplicates ?? 0) + 1;
        return;
      }
      case 'refused': {
        counts.refused++;
        const r = op.refusal;
        const source = r.endpoint.includes(' /api/sdk') ? 'browser' : 'server';
        const skewMs = skewOf(op.at, r.sentAt);
        timeline.addRefusal({ seq: ++seq, at: iso(op.at), source, ...r, reasons: boundedRemarks(r.reasons, 'reasons'), ...(skewMs === undefined ? {} : { skewMs }) });
        return;
      }
      case 'user':
      case 'item': {
        const isUser = op.op === 'user';
        const id = String(isUser ? op.record.userId : op.record.itemId);
        const bucket = inner(isUser ? users : items, op.projectId);
        bucket.set(id, { ...bucket.get(id), ...op.record, updatedAt: iso(op.at) });
        if (isUser) {
          known.add(id);
          deleted.delete(id);
        }
        return changed(isUser ? 'users' : 'items');
      }
      case 'deleteUser':
        users.get(op.projectId)?.delete(op.id);
        known.delete(op.id);
        deleted.add(op.id);
        return changed('users');
      case 'deleteItem':
        items.get(op.projectId)?.delete(op.id);
        return changed('items');
      case 'assign':
        known.add(op.userId);
        assign(goals, op.userId, op.goals, op.timeoutMs, op.at);
        return changed('goals');
      case 'complete':
        complete(goals, op.userId, op.goal, op.at);
        return changed('goals');
      case 'subscribe':
        push = push.filter((p) => p.projectId !== op.projectId || (p.endpoint !== op.record.endpoint && p.endpoint !== op.replaces));
        push.push({ ...op.record, projectId: op.projectId, createdAt: iso(op.at) });
        return changed('pushSubscriptions');
      case 'unsubscribe':
        push = push.filter((p) => p.projectId !== op.projectId || p.endpoint !== op.endpoint);
        return changed('pushSubscriptions');
    }
  }

  const data = () => ({ config, timeline, visitors, users, items, loyalty, runs, push, goals, deleted, byName, counts, sections, revision, maxEvents });

  return {
    apply,
    /** True when this project already accepted an event with this messageId. */
    isDuplicate: (projectId: string, messageId: string) => seen.has(messageKey(projectId, messageId)),
    /** A user the goals API may name: created, seen in an event, or given goals; and not deleted since. */
    isKnownUser: (userId: string) => known.has(userId),
    hasItem: (projectId: string, id: string) => items.get(projectId)?.has(id) ?? false,
    hasUser: (projectId: string, id: string) => users.get(projectId)?.has(id) ?? false,
    /** The newest assignment and the user's entries for its goals (the assign endpoint's answer). */
    lastAssignment(userId: string, codes: string[]) {
      const assignment = goals.assignments[goals.assignments.length - 1];
      const entries = (goals.byUser.get(userId) ?? []).filter((e) => codes.includes(e.goalCode));
      return structuredClone({ assignment, entries });
    },
    /** Processes goal timeouts due at `at`; returns true when something changed. */
    expire(at: number): boolean {
      const before = goalEventCount() + goals.pending.size;
      expire(goals, at);
      const moved = goalEventCount() + goals.pending.size !== before;
      if (moved) {
        revision++;
        changed('goals');
      }
      return moved;
    },
    reset(): void {
      timeline.reset();
      visitors.reset();
      for (const m of [users, items, loyalty, byName]) m.clear();
      for (const s of [seen, known, deleted]) s.clear();
      runs.clear();
      push = [];
      goals = emptyGoals();
      for (const k of Object.keys(counts) as Array<keyof typeof counts>) counts[k] = 0;
      revision++;
      for (const k of Object.keys(sections) as Section[]) sections[k] = revision;
    },
    revision: () => revision,
    timeline,
    visitors,
    /** Everything the JSON views read (views.ts); not to be changed by them. */
    data,
    snapshot: (now: number, requests: number, faults: PendingFault[]): InspectorState => snapshotOf(data(), now, requests, faults),
  };
}

export type MockState = ReturnType<typeof createState>;
export type StateData = ReturnType<MockState['data']>;
