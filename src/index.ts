/**
 * novin-sdk: the public API. Everything else under src/ is internal.
 * Importing this module has no side effects (safe in Node and during server rendering).
 */
import { createCore, type Novin, type NovinOptions } from './novin.js';
import { createPush } from './push.js';

/** Creates the SDK (see NovinOptions). Safe to call during server rendering: it touches nothing there. */
export const createNovin = (options: NovinOptions = {}): Novin => createCore(options, createPush);

export type { Novin, NovinOptions } from './novin.js';
export type { NovinPush, PushOptions, PushState } from './push.js';
export type { NovinError, NovinErrorKind } from './errors.js';
export { catalog } from './events/catalog.js';
export type {
  BrowserAggregation,
  BrowserEventName,
  BrowserEventOf,
  CatalogName,
  CustomEventBody,
  Envelope,
  EventBody,
  ItemsListEntry,
  NovinEvent,
  ServerAggregation,
  ServerEvent,
  ServerEventOf,
  WorkFlowPath,
} from './events/types.js';
