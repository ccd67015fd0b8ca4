/**
 * Who is who: anonymous ids and user ids seen together in one event are the same visitor,
 * and a signIn / signUp is the moment an anonymous visitor became a user. Kept beyond the
 * timeline's window (one small entry per id pair), so the visitor view stays exact.
 */

/** The moment an anonymous visitor signed in or up. */
export interface Transition {
  anonymousId: string;
  userId: string;
  /** `signIn` or `signUp`. */
  name: string;
  at: string;
  /** The event's row in the timeline. */
  seq: number;
  projectId: string;
}

// A hostile client could tie one id to thousands; a person has a handful of devices.
const MAX_LINKS = 100;
const MAX_TRANSITIONS = 50;
/** Ids a visitor view follows at most (anonymous id -> user -> the user's other devices). */
const MAX_CIRCLE = 200;

export const BECOMES_USER = new Set(['signIn', 'signUp']);

/** A visitor's ids: the one asked about, and those tied to it. */
export interface Circle {
  anonymousIds: Set<string>;
  userIds: Set<string>;
  /** Both, and the id asked about (whatever it is). */
  all: Set<string>;
}

export function createVisitors() {
  const toUsers = new Map<string, Set<string>>();
  const toAnonymous = new Map<string, Set<string>>();
  const transitions = new Map<string, Transition[]>();

  const tie = (map: Map<string, Set<string>>, a: string, b: string) => {
    let set = map.get(a);
    if (!set) map.set(a, (set = new Set()));
    if (set.size < MAX_LINKS) set.add(b);
  };

  return {
    /** An event carried both ids: they are one visitor. */
    link(anonymousId: string, userId: string): void {
      tie(toUsers, anonymousId, userId);
      tie(toAnonymous, userId, anonymousId);
    },
    became(t: Transition): void {
      let list = transitions.get(t.anonymousId);
      if (!list) transitions.set(t.anonymousId, (list = []));
      if (list.length < MAX_TRANSITIONS) list.push(t);
    },
    /**
     * The id and the ids tied to it, two steps out: an anonymous id, the users it signed in
     * as, and those users' other devices (or from a user id: its devices and their users).
     */
    circle(id: string): Circle {
      const c: Circle = { anonymousIds: new Set(), userIds: new Set(), all: new Set([id]) };
      if (toUsers.has(id)) c.anonymousIds.add(id);
      if (toAnonymous.has(id)) c.userIds.add(id);
      let edge = [id];
      for (let step = 0; step < 2 && edge.length; step++) {
        const next: string[] = [];
        const visit = (x: string, role: Set<string>) => {
          if (c.all.size >= MAX_CIRCLE) return;
          role.add(x);
          if (!c.all.has(x)) c.all.add(x), next.push(x);
        };
        for (const x of edge) {
          for (const u of toUsers.get(x) ?? []) visit(u, c.userIds);
          for (const a of toAnonymous.get(x) ?? []) visit(a, c.anonymousIds);
        }
        edge = next;
      }
      return c;
    },
    /** Sign-ins and sign-ups of any of these anonymous ids, oldest first. */
    transitionsOf(ids: Iterable<string>): Transition[] {
      const out: Transition[] = [];
      for (const id of ids) out.push(...(transitions.get(id) ?? []));
      return out.sort((a, b) => a.seq - b.seq);
    },
    reset(): void {
      toUsers.clear();
      toAnonymous.clear();
      transitions.clear();
    },
  };
}

export type Visitors = ReturnType<typeof createVisitors>;
