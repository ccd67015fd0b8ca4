/**
 * `novin-sdk/mock`: the local CDP + onboarding-goals backend (SPEC §11) as a Web-standard
 * handler, and the Node server that `novin-mock` runs it in.
 */
export { createMockBackend } from './backend.js';
export type { Journal, MockBackend, MockOptions } from './backend.js';
export { DEV_CONFIG, resolveConfig } from './config.js';
export type { ApiTokenConfig, GoalConfig, MockConfig, ProjectConfig, ResolvedConfig } from './config.js';
export { MAX_BODY_BYTES, MAX_BULK } from './http.js';
export { parseFault, parseFaultFlag } from './faults.js';
export type { FaultSpec, PendingFault } from './faults.js';
export { fileJournal } from './journal.js';
export { sendResponse, startMockServer, toRequest } from './node-server.js';
export type { MockServer, ServeOptions } from './node-server.js';
export type { Assignment, GoalEvent, UserGoal } from './goals.js';
export { DEFAULT_MAX_EVENTS } from './state.js';
export type { Counts, InspectorState, Point, PushRecord, Refusal, StoredEvent, WorkflowRun } from './types.js';
export type { Op } from './state.js';
export type { TimelineRow } from './timeline.js';
export type { Transition } from './visitors.js';
