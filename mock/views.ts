import type { PendingFault } from './faults.js';
import { segment } from './goals.js';
import type { Section, StateData } from './state.js';
import type { InspectorState } from './types.js';

/** Rows a table section sends the page at most (the newest); `/inspector/state` has them all. */
export const TABLE_MAX = 1000;

/** A Map as a null-prototype object: an id like `__proto__` stays an ordinary key. */
function toObject<V, W>(map: Map<string, V> | undefined, f: (v: V) => W): Record<string, W> {
  const out = Object.create(null) as Record<string, W>;
  for (const [k, v] of map ?? []) out[k] = f(v);
  return out;
}

const byProject = <V, W>(map: Map<string, Map<string, V>>, f: (v: V) => W) => toObject(map, (inner) => toObject(inner, f));

function goalsOf(d: StateData) {
  return d.config.goals.map((g) => ({ ...g, segment: segment(d.goals, g.code, (u) => !d.deleted.has(u)) }));
}

/** The whole state as `GET /inspector/state` and `backend.state()` answer it: a copy. */
export function snapshotOf(d: StateData, now: number, requests: number, faults: PendingFault[]): InspectorState {
  return structuredClone({
    revision: d.revision,
    now: new Date(now).toISOString(),
    requests,
    events: d.timeline.events(),
    refused: d.timeline.refused(),
    counts: { ...d.counts, byName: toObject(d.byName, (n) => n) },
    maxEvents: d.maxEvents,
    dropped: { ...d.timeline.dropped(), workflowRuns: d.runs.dropped },
    users: byProject(d.users, (r) => r),
    items: byProject(d.items, (r) => r),
    goals: goalsOf(d),
    userGoals: d.goals.userGoals,
    goalEvents: d.goals.goalEvents,
    assignments: d.goals.assignments,
    workflowRuns: d.runs.toArray(),
    loyalty: byProject(d.loyalty, (totals) => toObject(totals, (n) => n)),
    pushSubscriptions: d.push,
    faults,
  });
}

/** The newest `TABLE_MAX` of a list, and how many there are. */
const newest = <T>(rows: T[]) => ({ total: rows.length, rows: rows.slice(-TABLE_MAX) });

function flat<V>(map: Map<string, Map<string, V>>, key: string, value: string) {
  const rows: Array<Record<string, unknown>> = [];
  for (const [projectId, inner] of map) for (const [id, v] of inner) rows.push({ projectId, [key]: id, [value]: v });
  return rows;
}

/** One section of the page, as `GET /inspector/table/NAME` answers it. */
export function tableOf(d: StateData, name: Section): unknown {
  switch (name) {
    case 'users':
      return newest(flat(d.users, 'userId', 'record'));
    case 'items':
      return newest(flat(d.items, 'itemId', 'record'));
    case 'loyalty':
      return newest(flat(d.loyalty, 'user', 'totals').map((r) => ({ ...r, totals: toObject(r.totals as Map<string, number>, (n) => n) })));
    case 'pushSubscriptions':
      return newest(d.push);
    case 'workflowRuns':
      return { ...newest(d.runs.toArray()), total: d.counts.workflowRuns };
    case 'goals':
      return {
        goals: goalsOf(d),
        userGoals: newest(d.goals.userGoals),
        goalEvents: newest(d.goals.goalEvents),
        assignments: newest(d.goals.assignments),
      };
  }
}

/** Everything about one visitor (`GET /inspector/visitor?id=`): linked ids, when they signed in, totals, records. */
export function visitorOf(d: StateData, id: string) {
  const circle = d.visitors.circle(id);
  const ids = [...circle.all];
  const loyalty: Array<{ projectId: string; user: string; totals: Record<string, number> }> = [];
  for (const [projectId, byWho] of d.loyalty)
    for (const x of ids)
      for (const who of [x, `anonymousId:${x}`]) {
        const totals = byWho.get(who);
        if (totals) loyalty.push({ projectId, user: who, totals: toObject(totals, (n) => n) });
      }
  const users: Array<{ projectId: string; userId: string; record: Record<string, unknown> }> = [];
  for (const [projectId, m] of d.users) for (const x of ids) if (m.has(x)) users.push({ projectId, userId: x, record: m.get(x)! });
  return structuredClone({
    id,
    anonymousIds: [...circle.anonymousIds],
    userIds: [...circle.userIds],
    transitions: d.visitors.transitionsOf(circle.anonymousIds.size ? circle.anonymousIds : [id]),
    loyalty,
    users,
    goals: ids.flatMap((x) => d.goals.byUser.get(x) ?? []),
    pushSubscriptions: d.push.filter((p) => circle.all.has(p.anonymousId) || (p.userId !== undefined && circle.all.has(p.userId))),
  });
}

/** The page's header in one small object: exact counts, what is retained and what fell off, section revisions. */
export function summaryOf(d: StateData) {
  return {
    revision: d.revision,
    counts: { ...d.counts, byName: toObject(d.byName, (n) => n) },
    maxEvents: d.maxEvents,
    retained: d.timeline.size(),
    /** The oldest row still in memory; older ones were dropped. */
    oldest: d.timeline.oldest(),
    dropped: { ...d.timeline.dropped(), workflowRuns: d.runs.dropped },
    sections: { ...d.sections },
    /** Rows per table tab. */
    sizes: {
      users: sum(d.users),
      items: sum(d.items),
      goals: d.goals.userGoals.length,
      workflowRuns: d.counts.workflowRuns,
      loyalty: sum(d.loyalty),
      pushSubscriptions: d.push.length,
    },
  };
}

const sum = (map: Map<string, Map<string, unknown>>) => [...map.values()].reduce((n, m) => n + m.size, 0);
