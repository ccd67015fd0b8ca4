import type { ResolvedConfig } from './config.js';
import type { Faults } from './faults.js';
import type { MockState, Op } from './state.js';

/** What a route gets: the request, the config, the state, the clock and the way to change state. */
export interface Ctx {
  req: Request;
  url: URL;
  config: ResolvedConfig;
  state: MockState;
  version: string;
  now(): number;
  faults: Faults;
  /** Journals the ops (synchronously, when persisting) and then applies them. */
  commit(ops: Op | Op[]): void;
  /** Moves the backend's clock forward (inspector "time travel" for goal timeouts). */
  advance(ms: number): void;
  reset(): void;
  requests(): number;
  /** Names this backend's life since start or reset; a page holding an older one reloads. */
  epoch(): string;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Exact path, or a pattern whose groups are handed to `run` (already URL-decoded). */
  path: string | RegExp;
  run(ctx: Ctx, params: string[]): Response | Promise<Response>;
}

/** `METHOD /path` as the inspector shows a refused request. */
export const endpointOf = (ctx: Ctx) => `${ctx.req.method} ${ctx.url.pathname}`;
