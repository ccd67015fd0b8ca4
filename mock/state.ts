import type { ResolvedConfig } from './config.js';
import type { PendingFault } from './faults.js';
import { assign, complete, emptyGoals, expire, segment, type Assignment, type GoalEvent, type GoalsState, type UserGoal } from './goals.js';

/**
 * Everything the backend accepted, changed only by applying an Op. The same ops are written
 * to the journal before the answer goes out, so a restart replays them into the same state.
 */
export type Op =
  | { op: 'event'; at: number; projectId: string; source: 'browser' | 'server'; event: Record<string, unknown>; points: Point[] }
  | { op: 'refused'; at: number; refusal: Omit<Refusal, 'at'> }
  | { op: 'user' | 'item'; at: number; projectId: string; record: Record<string, unknown> }
  | { op: 'deleteUser' | 'deleteItem'; at: number; projectId: string; id: string }
  | { op: 'assign'; at: number; userId: string; goals: string[]; timeoutMs: number }
  | { op: 'complete'; at: number; userId: string; goal: string }
  | { op: 'subscribe'; at: number; projectId: string; record: Omit<PushRecord, 'projectId' | 'createdAt'>; replaces?: string }
  | { op: 'unsubscribe'; at: number; projectId: string; endpoint: string };

/** Loyalty points an event adds (negative: removes) for one aggregation field. */
export interface Point {
  field: string;
  delta: number;
}

export interface StoredEvent {
  projectId: string;
  source: 'browser' | 'server';
  receivedAt: string;
  event: Record<string, unknown>;
  points: Point[];
}

export interface Refusal {
  at: string;
  /** `METHOD /path` of the request. */
  endpoint: string;
  status: number;
  projectId?: string;
  messageId?: string;
  name?: string;
  reasons: string[];
}

export interface WorkflowRun {
  projectId: string;
  workflow: string;
  test: boolean;
  eventName: string;
  messageId: string;
  userId?: string;
  anonymousId?: string;
  at: string;
}

export interface PushRecord {
  projectId: string;
  endpoint: string;
  subscription: Record<string, unknown>;
  anonymousId: string;
  userId?: string;
  createdAt: string;
}

type ByProject<T> = Record<string, Record<string, T>>;

/** The inspector's JSON (`GET /inspector/state`). Keys are stable: tests read them. */
export interface InspectorState {
  revision: number;
  now: string;
  requests: number;
  events: StoredEvent[];
  refused: Refusal[];
  users: ByProject<Record<string, unknown>>;
  items: ByProject<Record<string, unknown>>;
  goals: Array<{ code: string; name: string; type: string; event?: string; segment: string[] }>;
  userGoals: UserGoal[];
  goalEvents: GoalEvent[];
  assignments: Assignment[];
  workflowRuns: WorkflowRun[];
  loyalty: ByProject<Record<string, number>>;
  pushSubscriptions: PushRecord[];
  /** Faults still waiting for requests (`POST /inspector/faults`); not journaled. */
  faults: PendingFault[];
}

/** Refusals kept for the inspector; older ones fall off so a misbehaving client cannot fill memory. */
const MAX_REFUSED = 1000;

const iso = (ms: number) => new Date(ms).toISOString();
const slot = <T>(map: ByProject<T>, projectId: string) => (map[projectId] ??= {});

export function createState(config: ResolvedConfig) {
  let events: StoredEvent[] = [];
  let refused: Refusal[] = [];
  let users: ByProject<Record<string, unknown>> = {};
  let items: ByProject<Record<string, unknown>> = {};
  let loyalty: ByProject<Record<string, number>> = {};
  let runs: WorkflowRun[] = [];
  let push: PushRecord[] = [];
  let goals: GoalsState = emptyGoals();
  let seen = new Set<string>();
  let known = new Set<string>();
  let deleted = new Set<string>();
  let revision = 0;

  function onEvent(op: Extract<Op, { op: 'event' }>): void {
    const e = op.event;
    const at = iso(op.at);
    events.push({ projectId: op.projectId, source: op.source, receivedAt: at, event: e, points: op.points });
    seen.add(`${op.projectId}\n${String(e.messageId)}`);
    const userId = typeof e.userId === 'string' ? e.userId : undefined;
    const anonymousId = typeof e.anonymousId === 'string' ? e.anonymousId : undefined;
    const who = userId ?? (anonymousId && `anonymousId:${anonymousId}`);
    if (who) {
      const totals = (slot(loyalty, op.projectId)[who] ??= {});
      for (const p of op.points) totals[p.field] = (totals[p.field] ?? 0) + p.delta;
    }
    const path = typeof e.workFlowPath === 'string' ? /^webhook(-test)?\/(.+)$/.exec(e.workFlowPath) : null;
    if (path)
      runs.push({ projectId: op.projectId, workflow: path[2], test: !!path[1], eventName: String(e.name), messageId: String(e.messageId), userId, anonymousId, at });
    if (!userId) return;
    known.add(userId);
    deleted.delete(userId);
    for (const g of config.goals) if (g.type === 'event' && g.event === e.name) complete(goals, userId, g.code, op.at);
  }

  function apply(op: Op): void {
    revision++;
    switch (op.op) {
      case 'event':
        return onEvent(op);
      case 'refused':
        refused.push({ at: iso(op.at), ...op.refusal });
        if (refused.length > MAX_REFUSED) refused = refused.slice(-MAX_REFUSED);
        return;
      case 'user':
      case 'item': {
        const map = op.op === 'user' ? users : items;
        const id = String(op.op === 'user' ? op.record.userId : op.record.itemId);
        const bucket = slot(map, op.projectId);
        bucket[id] = { ...bucket[id], ...op.record, updatedAt: iso(op.at) };
        if (op.op === 'user') {
          known.add(id);
          deleted.delete(id);
        }
        return;
      }
      case 'deleteUser':
        delete slot(users, op.projectId)[op.id];
        known.delete(op.id);
        deleted.add(op.id);
        return;
      case 'deleteItem':
        delete slot(items, op.projectId)[op.id];
        return;
      case 'assign':
        known.add(op.userId);
        assign(goals, op.userId, op.goals, op.timeoutMs, op.at);
        return;
      case 'complete':
        return complete(goals, op.userId, op.goal, op.at);
      case 'subscribe':
        push = push.filter((p) => p.projectId !== op.projectId || (p.endpoint !== op.record.endpoint && p.endpoint !== op.replaces));
        push.push({ ...op.record, projectId: op.projectId, createdAt: iso(op.at) });
        return;
      case 'unsubscribe':
        push = push.filter((p) => p.projectId !== op.projectId || p.endpoint !== op.endpoint);
        return;
    }
  }

  return {
    apply,
    /** True when this project already accepted an event with this messageId. */
    isDuplicate: (projectId: string, messageId: string) => seen.has(`${projectId}\n${messageId}`),
    /** A user the goals API may name: created, seen in an event, or given goals; and not deleted since. */
    isKnownUser: (userId: string) => known.has(userId),
    hasItem: (projectId: string, id: string) => Object.prototype.hasOwnProperty.call(items[projectId] ?? {}, id),
    hasUser: (projectId: string, id: string) => Object.prototype.hasOwnProperty.call(users[projectId] ?? {}, id),
    /** Processes goal timeouts due at `at`; returns true when something changed. */
    expire(at: number): boolean {
      const before = goals.goalEvents.length + goals.assignments.filter((a) => a.outcome !== 'pending').length;
      expire(goals, at);
      const changed = goals.goalEvents.length + goals.assignments.filter((a) => a.outcome !== 'pending').length !== before;
      if (changed) revision++;
      return changed;
    },
    reset(): void {
      events = [];
      refused = [];
      users = {};
      items = {};
      loyalty = {};
      runs = [];
      push = [];
      goals = emptyGoals();
      seen = new Set();
      known = new Set();
      deleted = new Set();
      revision++;
    },
    revision: () => revision,
    snapshot(now: number, requests: number, faults: PendingFault[]): InspectorState {
      return structuredClone({
        revision,
        now: iso(now),
        requests,
        events,
        refused,
        users,
        items,
        goals: config.goals.map((g) => ({ ...g, segment: segment(goals, g.code, (u) => !deleted.has(u)) })),
        userGoals: goals.userGoals,
        goalEvents: goals.goalEvents,
        assignments: goals.assignments,
        workflowRuns: runs,
        loyalty,
        pushSubscriptions: push,
        faults,
      });
    },
  };
}

export type MockState = ReturnType<typeof createState>;
