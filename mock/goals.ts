/**
 * Onboarding goals as REMP's CRM module keeps them (SPEC §8): per-user goal entries that are
 * created, completed or timed out, the scenario node ("assignment") that waits for a set of
 * goals until a timeout, and the goal events REMP emits to refresh campaign segments.
 * Pure state transitions: every function takes the time it happens at, so replaying the
 * journal after a restart gives the same result as living through it.
 */

export interface UserGoal {
  id: number;
  userId: string;
  goalCode: string;
  createdAt: string;
  timeoutAt?: string;
  completedAt?: string;
  timedOutAt?: string;
}

export interface GoalEvent {
  type: 'created' | 'completed' | 'timedOut';
  entryId: number;
  userId: string;
  goalCode: string;
  at: string;
}

/** One assign call: succeeds once every goal is completed, fails at the timeout otherwise. */
export interface Assignment {
  id: number;
  userId: string;
  goals: string[];
  createdAt: string;
  timeoutAt: string;
  outcome: 'pending' | 'success' | 'failure';
  decidedAt?: string;
}

export interface GoalsState {
  userGoals: UserGoal[];
  goalEvents: GoalEvent[];
  assignments: Assignment[];
  /** The same entries by user: every event of a user looks here, never at all users. */
  byUser: Map<string, UserGoal[]>;
  /** Open entries with a deadline: what a timeout check has to look at. */
  timed: Set<UserGoal>;
  pending: Set<Assignment>;
}

export const emptyGoals = (): GoalsState => ({ userGoals: [], goalEvents: [], assignments: [], byUser: new Map(), timed: new Set(), pending: new Set() });

const entriesOf = (s: GoalsState, userId: string, goalCode: string) => (s.byUser.get(userId) ?? []).filter((e) => e.goalCode === goalCode);

const iso = (ms: number) => new Date(ms).toISOString();
const isOpen = (e: UserGoal) => !e.completedAt && !e.timedOutAt;

function create(s: GoalsState, userId: string, goalCode: string, at: number, timeoutAt?: number): UserGoal {
  const entry: UserGoal = { id: s.userGoals.length + 1, userId, goalCode, createdAt: iso(at) };
  if (timeoutAt !== undefined) {
    entry.timeoutAt = iso(timeoutAt);
    s.timed.add(entry);
  }
  s.userGoals.push(entry);
  const mine = s.byUser.get(userId);
  if (mine) mine.push(entry);
  else s.byUser.set(userId, [entry]);
  s.goalEvents.push({ type: 'created', entryId: entry.id, userId, goalCode, at: entry.createdAt });
  return entry;
}

function settle(s: GoalsState, at: number): void {
  for (const a of s.pending) {
    const done = a.goals.every((code) => entriesOf(s, a.userId, code).some((e) => e.completedAt));
    if (done) Object.assign(a, { outcome: 'success', decidedAt: iso(at) });
    else if (Date.parse(a.timeoutAt) <= at) Object.assign(a, { outcome: 'failure', decidedAt: a.timeoutAt });
    if (a.outcome !== 'pending') s.pending.delete(a);
  }
}

/**
 * Times out every open entry whose deadline is at or before `at`, stamped with its deadline
 * (not with when we noticed), so a late tick does not move history.
 */
export function expire(s: GoalsState, at: number): void {
  const due = [...s.timed].filter((e) => Date.parse(e.timeoutAt!) <= at);
  // By deadline, then by entry: the order they would have timed out in.
  due.sort((a, b) => Date.parse(a.timeoutAt!) - Date.parse(b.timeoutAt!) || a.id - b.id);
  for (const e of due) {
    s.timed.delete(e);
    e.timedOutAt = e.timeoutAt;
    s.goalEvents.push({ type: 'timedOut', entryId: e.id, userId: e.userId, goalCode: e.goalCode, at: e.timedOutAt! });
  }
  settle(s, at);
}

/**
 * Completes the user's open entry for the goal; without one, records an entry created and
 * completed at once (REMP does the same when the API completes a goal nobody assigned).
 * Completing an already completed goal changes nothing. True when this call completed it.
 */
export function complete(s: GoalsState, userId: string, goalCode: string, at: number): boolean {
  expire(s, at);
  const mine = entriesOf(s, userId, goalCode);
  if (mine.some((e) => e.completedAt)) return false;
  const entry = mine.find(isOpen) ?? create(s, userId, goalCode, at);
  entry.completedAt = iso(at);
  s.timed.delete(entry);
  s.goalEvents.push({ type: 'completed', entryId: entry.id, userId, goalCode, at: entry.completedAt });
  settle(s, at);
  return true;
}

/**
 * What a scenario's goal node does for a user entering it: an entry per goal with the
 * timeout (an open or completed one is kept as it is), and an assignment tracking them.
 */
export function assign(s: GoalsState, userId: string, goals: string[], timeoutMs: number, at: number): Assignment {
  expire(s, at);
  for (const code of goals) {
    const mine = entriesOf(s, userId, code);
    if (!mine.some((e) => e.completedAt || isOpen(e))) create(s, userId, code, at, at + timeoutMs);
  }
  const a: Assignment = { id: s.assignments.length + 1, userId, goals, createdAt: iso(at), timeoutAt: iso(at + timeoutMs), outcome: 'pending' };
  s.assignments.push(a);
  s.pending.add(a);
  settle(s, at);
  return a;
}

/** REMP's goal segment: active users with an entry for the goal neither completed nor timed out. */
export function segment(s: GoalsState, goalCode: string, isActive: (userId: string) => boolean): string[] {
  const users = s.userGoals.filter((e) => e.goalCode === goalCode && isOpen(e)).map((e) => e.userId);
  return [...new Set(users)].filter(isActive);
}
