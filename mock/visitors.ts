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
     * The id and the ids tied to it directly: an anonymous id and the users it signed in as,
     * or a user id and the devices (anonymous ids) it used. One step only: a shared device
     * must not pull in every other user of it.
     */
    circle(id: string): Circle {
      const c: Circle = { anonymousIds: new Set(), userIds: new Set(), all: new Set([id]) };
      const users = toUsers.get(id);
      const devices = toAnonymous.get(id);
      if (users) c.anonymousIds.add(id);
      if (devices) c.userIds.add(id);
      for (const u of users ?? []) {
        c.userIds.add(u);
        c.all.add(u);
      }
      for (const a of devices ?? []) {
        c.anonymousIds.add(a);
        c.all.add(a);
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
