/**
 * dist/novin-sw.js: the worker a site serves at its root, or pulls into its own worker with
 * `importScripts` (setting `self.novinConfig` first when its worker URL carries no settings).
 */
import type { WorkerConfig } from './config.js';
import { install } from './handlers.js';

const scope = self as unknown as ServiceWorkerGlobalScope & { novinConfig?: WorkerConfig };
install(scope.novinConfig, scope);
// Served as our own file, the worker has no fetch handler and no page state, so a new version
// may take over at once instead of waiting for every tab to close. Inside a site's worker
// that choice is the site's.
if (/\/novin-sw\.js$/.test(scope.location.pathname)) scope.addEventListener('install', () => scope.skipWaiting());
