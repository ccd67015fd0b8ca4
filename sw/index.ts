/**
 * novin-sdk/sw: the push worker as functions, for sites that bundle their own service worker.
 *
 * In TypeScript the worker file needs the service-worker types: start it with
 * `/// <reference lib="webworker" />` (or give the worker its own tsconfig with the WebWorker lib).
 *
 * @example
 * /// <reference lib="webworker" />
 * import { install } from 'novin-sdk/sw';
 * install({ projectId: 'P', endpoint: 'https://collector.example.com' });
 */
export { createHandlers, install, type Handlers } from './handlers.js';
export type { WorkerConfig } from './config.js';
export { SYNC_TAG } from './report.js';
export { readPayload, type Shown } from './payload.js';
export { safeUrl } from './url.js';
export { chooseWindow } from './windows.js';
