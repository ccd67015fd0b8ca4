import type { CatalogName, FieldKind, catalog, itemsListFields } from './catalog.js';

type Kind<K> = K extends 's'
  ? string
  : K extends 'n'
    ? number
    : K extends 'ids'
      ? string[]
      : K extends 'items'
        ? ItemsListEntry[]
        : never;
type Fields<T> = { -readonly [P in keyof T]: Kind<T[P]> };
type Entry<N extends CatalogName> = (typeof catalog)[N];
type Top<N extends CatalogName> = Entry<N> extends { top: infer T } ? Fields<T> : unknown;
type Props<N extends CatalogName> = Partial<Fields<Entry<N>['props']>>;

/** One entry of `itemsList`: the item and how many of it. */
export type ItemsListEntry = { itemId: string } & Partial<Omit<Fields<typeof itemsListFields>, 'itemId'>>;

/** `webhook/NAME` starts the workflow NAME for this visitor; `webhook-test/NAME` tests it. */
export type WorkFlowPath = `webhook/${string}` | `webhook-test/${string}`;

/** A loyalty aggregation from the browser: the points per field are configured per project. */
export interface BrowserAggregation {
  userAggregationfield: string;
  operation: '+' | '-';
}
/** A loyalty aggregation from a site's server: any field, any signed number of points. */
export interface ServerAggregation {
  userAggregationfield: string;
  point: number;
}

interface Extras<A> {
  workFlowPath?: WorkFlowPath;
  aggregations?: A[];
}

type BrowserUser<N extends CatalogName> = Entry<N> extends { bodyUser: true } ? { userId: string } : { userId?: string };

/** Catalog names a browser may send: every one but the backend-only purchaseComplete. */
export type BrowserEventName = Exclude<CatalogName, 'purchaseComplete'>;

/** The body of one catalog event as `novin.event.send` takes it; the SDK adds the ids, time and messageId. */
export type BrowserEventOf<N extends CatalogName> = { name: N } & Top<N> &
  BrowserUser<N> & { properties?: Props<N> } & Extras<BrowserAggregation>;

/** An event outside the catalog: its own name (1–64 of letters, digits, `_ . : -`) and free-form properties. */
export interface CustomEventBody<N extends string = string> extends Extras<BrowserAggregation> {
  name: N;
  userId?: string;
  properties?: Record<string, unknown>;
}

/**
 * What `send` accepts for a given name: the catalog's shape for catalog names (its required
 * fields required, its properties typed), free-form properties for any other name.
 */
export type EventBody<N extends string> = N extends 'purchaseComplete'
  ? never
  : N extends CatalogName
    ? BrowserEventOf<N>
    : CustomEventBody<N>;

/** Every catalog event a browser may send, as a union discriminated by `name`. */
export type NovinEvent = { [N in BrowserEventName]: BrowserEventOf<N> }[BrowserEventName];

type ServerIds<N extends CatalogName> = Entry<N> extends { ids: 'both' }
  ? { userId: string; anonymousId: string }
  : Entry<N> extends { ids: 'user' }
    ? { userId: string; anonymousId?: string }
    : Entry<N> extends { ids: 'anon' }
      ? { anonymousId: string; userId?: string }
      : { userId?: string; anonymousId?: string };

/** A catalog event as a site's server sends it: ids required as the catalog says. */
export type ServerEventOf<N extends CatalogName> = { name: N } & Top<N> &
  ServerIds<N> & {
    properties?: Props<N>;
    novinAB?: string;
    time?: string;
    messageId?: string;
  } & Extras<ServerAggregation>;

/** Every catalog event a server may send, including purchaseComplete. */
export type ServerEvent = { [N in CatalogName]: ServerEventOf<N> }[CatalogName];

/** One event as it travels to the collector (SPEC §4 envelope). */
export interface Envelope {
  name: string;
  userId?: string;
  anonymousId?: string;
  novinAB?: string;
  itemId?: string;
  categoryId?: string;
  itemIdList?: string[];
  properties?: Record<string, unknown>;
  workFlowPath?: string;
  aggregations?: Array<Record<string, unknown>>;
  time: string;
  messageId: string;
}

export type { CatalogName, FieldKind };
