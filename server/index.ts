/**
 * `novin-sdk/server`: what a site's backend does (SPEC §4–5). Node only; it holds the secret
 * access token, so it must never be bundled into a page.
 */
export { createServerClient } from './client.js';
export type { CustomServerEvent, EventsBulkResult, RecordApi, SentEvent, ServerClient, ServerClientOptions, ServerEventBody } from './client.js';
export type { EventWarning } from './validate.js';
export { MAX_CHUNK, MAX_CHUNK_BYTES } from './bulk.js';
export type { BulkResult, ChunkResult, Rejected } from './bulk.js';
export type { Answer, RetryOptions, ServerError } from './http.js';
export { AB_COOKIE, ANONYMOUS_ID_COOKIE, abGroupFromCookie, anonymousIdFromCookie, identityFromCookie } from './cookies.js';
export type { BrowserIdentity } from './cookies.js';
export { MAX_LIVE_ITEMS, checkLiveItemsAnswer, checkLiveItemsRequest, liveItemsHandler } from './live-items.js';
export type { LiveItemsHandlerOptions } from './live-items.js';
export { checkRecord, checkRecords } from '../src/events/records.js';
export type { CheckedRecord, Item, User } from '../src/events/records.js';
export type { NovinError, NovinErrorKind } from '../src/errors.js';
export type { ServerAggregation, ServerEvent, ServerEventOf } from '../src/events/index.js';
