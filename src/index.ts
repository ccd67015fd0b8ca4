/**
 * novin-sdk: the public API. Everything else under src/ is internal.
 * Importing this module has no side effects (safe in Node and during server rendering).
 */
import { createCore, type Novin, type NovinOptions } from './novin.js';
import { deferredPush } from './push-lazy.js';
import type { PushConfig } from './push.js';

// The push code is a chunk of its own that bundlers split off: apps that do not configure push never load it.
const loadPush = (c?: PushConfig) => import('./push.js').then((m) => m.createPush(c));

/** Creates the SDK (see NovinOptions). Safe to call during server rendering: it touches nothing there. */
export const createNovin = (options: NovinOptions = {}): Novin => createCore(options, deferredPush(loadPush));

export type { Novin, NovinIds, NovinOptions } from './novin.js';
export type { NovinPush, PushOptions, PushState } from './push.js';
export type { NovinError, NovinErrorKind } from './errors.js';
export { catalog } from './events/catalog.js';
export type {
  BackendOnly,
  BrowserAggregation,
  BrowserEventName,
  BrowserEventOf,
  CatalogName,
  CustomEventBody,
  Envelope,
  EventBody,
  EventName,
  ItemsListEntry,
  NovinEvent,
  ServerAggregation,
  ServerEvent,
  ServerEventOf,
  WorkFlowPath,
} from './events/types.js';
