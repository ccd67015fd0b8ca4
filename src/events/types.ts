import type { CatalogName, FieldKind, catalog, itemsListFields } from './catalog.js';

// The catalog's field encodings ('s', 'n', …) become TypeScript types here. The mapped types are
// written inline (not behind an alias) so editors and errors show plain fields, `{ itemId: string }`,
// never the encoding they come from.
type Kind<K> = K extends 's'
  ? string
  : K extends 'n'
    ? number
    : K extends 'ids'
      ? string[]
      : K extends 'items'
        ? ItemsListEntry[]
        : never;
type Entry<N extends CatalogName> = (typeof catalog)[N];
type Top<N extends CatalogName> = Entry<N> extends { top: infer T } ? { -readonly [P in keyof T]: Kind<T[P]> } : unknown;
type PropsOf<N extends CatalogName> = Entry<N> extends { props: infer T } ? { -readonly [P in keyof T]?: Kind<T[P]> } : never;
type ItemField = Exclude<keyof typeof itemsListFields, 'itemId'>;

/** One entry of `itemsList`: the item and how many of it. */
export type ItemsListEntry = { itemId: string } & { -readonly [P in ItemField]?: Kind<(typeof itemsListFields)[P]> };

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
  BrowserUser<N> & { properties?: PropsOf<N> } & Extras<BrowserAggregation>;

/** An event outside the catalog: its own name (1–64 of letters, digits, `_ . : -`) and free-form properties. */
export interface CustomEventBody<N extends string = string> extends Extras<BrowserAggregation> {
  name: N;
  userId?: string;
  properties?: Record<string, unknown>;
}

/**
 * The names `send` takes: editors offer the catalog's, and any other name is a custom event.
 * (`string & {}` keeps the catalog names from being absorbed into plain `string`.)
 */
export type EventName = CatalogName | (string & {});

/** What TypeScript answers to `send({ name: 'purchaseComplete' })` in a browser. */
export type BackendOnly = 'purchaseComplete is backend only: send it from your server with novin-sdk/server';

type BodyOf<N extends string> = [N] extends ['purchaseComplete']
  ? { [K in BackendOnly]: never }
  : N extends CatalogName
    ? BrowserEventOf<N>
    : CustomEventBody<N>;

/**
 * What `send` accepts for a given name: the catalog's shape for catalog names (its required
 * fields required, its properties typed), free-form properties for any other name, and for
 * purchaseComplete an error that says it is backend only.
 *
 * `name` stays `N` at the top so editors complete it from EventName; the body is distributed
 * over N so a name typed as a union must match one event's shape as a whole.
 */
export type EventBody<N extends string> = { name: [N] extends ['purchaseComplete'] ? BackendOnly : N } & (N extends unknown
  ? BodyOf<N>
  : never);

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
    properties?: PropsOf<N>;
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
