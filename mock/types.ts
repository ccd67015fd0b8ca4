import type { PendingFault } from './faults.js';
import type { Assignment, GoalEvent, UserGoal } from './goals.js';

/** Loyalty points an event adds (negative: removes) for one aggregation field. */
export interface Point {
  field: string;
  delta: number;
}

export interface StoredEvent {
  /** Its place in the timeline (events and refusals share the numbering), from 1. */
  seq: number;
  projectId: string;
  source: 'browser' | 'server';
  receivedAt: string;
  event: Record<string, unknown>;
  points: Point[];
  /** Whose loyalty totals the points went to: the userId, else `anonymousId:<id>`. */
  loyaltyKey?: string;
  /** How many more times the same messageId arrived (and was not counted again). */
  duplicates?: number;
  /** Kept, but with these remarks (e.g. an unknown property). */
  warnings?: string[];
  /** The batch's `sentAt`, when it had one, and received − sentAt in milliseconds. */
  sentAt?: string;
  skewMs?: number;
  /** Goals this event completed (event goals of SPEC §8). */
  goalsCompleted?: string[];
  /** A signIn / signUp carrying both ids: the anonymous visitor became this user. */
  became?: string;
}

export interface Refusal {
  seq: number;
  at: string;
  /** `METHOD /path` of the request. */
  endpoint: string;
  status: number;
  /** `browser` for /api/sdk/*, `server` for the rest of /api/*. */
  source: 'browser' | 'server';
  projectId?: string;
  messageId?: string;
  name?: string;
  reasons: string[];
  /** What was refused: the event (parsed), or the start of the request's body as text. */
  payload?: unknown;
  sentAt?: string;
  skewMs?: number;
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

/** Totals that stay exact however many rows the timeline keeps. */
export interface Counts {
  events: number;
  refused: number;
  duplicates: number;
  /** Events kept with warnings. */
  warnings: number;
  workflowRuns: number;
  /** Accepted events per name. */
  byName: Record<string, number>;
}

/** The inspector's JSON (`GET /inspector/state`). Keys are stable: tests read them. */
export interface InspectorState {
  revision: number;
  now: string;
  requests: number;
  /** The retained events (the newest `maxEvents` timeline rows), oldest first. */
  events: StoredEvent[];
  refused: Refusal[];
  counts: Counts;
  /** Timeline rows kept in memory at most (`--max-events`), and how many fell off. */
  maxEvents: number;
  dropped: { events: number; refused: number; workflowRuns: number };
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
