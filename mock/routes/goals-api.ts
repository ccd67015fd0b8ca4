import { requireApiToken } from '../auth.js';
import type { Ctx, Route } from '../context.js';
import { HttpError, json, readObject } from '../http.js';

/** REMP's onboarding-goals API (SPEC §8), each endpoint behind its own API-token whitelist entry. */
export const goalRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/onboarding-goals/list',
    run(ctx) {
      requireApiToken(ctx.config, ctx.req, 'onboarding-goals/list');
      return json(200, { status: 'ok', goals: ctx.config.goals.map(({ name, code, type }) => ({ name, code, type })) });
    },
  },
  {
    method: 'POST',
    path: '/api/v1/onboarding-goals/complete',
    async run(ctx) {
      requireApiToken(ctx.config, ctx.req, 'onboarding-goals/complete');
      const body = await readObject(ctx.req);
      if (typeof body.goal_code !== 'string' || !body.goal_code) throw new HttpError(400, 'goal_code: is required (the code of a simple goal)');
      const userId = userIdOf(body.user_id);
      const goal = goalOf(ctx, body.goal_code, 'goal_code');
      if (goal.type !== 'simple')
        throw new HttpError(400, `goal_code: "${goal.code}" is an event goal; it completes when its event ${goal.event} arrives for the user`);
      if (!ctx.state.isKnownUser(userId)) throw new HttpError(404, `user_id: unknown user ${userId}`);
      ctx.commit({ op: 'complete', at: ctx.now(), userId, goal: goal.code });
      return json(200, { status: 'ok' });
    },
  },
  {
    // Our stand-in for REMP's scenario goal node, which creates the user's goal entries.
    method: 'POST',
    path: '/api/v1/onboarding-goals/assign',
    async run(ctx) {
      requireApiToken(ctx.config, ctx.req, 'onboarding-goals/assign');
      const body = await readObject(ctx.req);
      const userId = userIdOf(body.user_id);
      const codes = body.goal_codes;
      if (!Array.isArray(codes) || !codes.length || !codes.every((c) => typeof c === 'string'))
        throw new HttpError(400, 'goal_codes: must be a non-empty array of goal codes');
      const minutes = body.timeout_minutes;
      if (typeof minutes !== 'number' || !(minutes > 0) || minutes > 525_600)
        throw new HttpError(400, 'timeout_minutes: must be a number of minutes above 0 (at most a year)');
      const goals = [...new Set(codes as string[])].map((c) => goalOf(ctx, c, 'goal_codes').code);
      ctx.commit({ op: 'assign', at: ctx.now(), userId, goals, timeoutMs: Math.round(minutes * 60_000) });
      return json(201, { status: 'ok', ...ctx.state.lastAssignment(userId, goals) });
    },
  },
];

/** REMP's user ids are integers; the CDP's are strings. Both name the same user here. */
function userIdOf(v: unknown): string {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return String(v);
  if (typeof v === 'string' && v && v.length <= 256) return v;
  throw new HttpError(400, 'user_id: is required (a positive integer or a user id string)');
}

function goalOf(ctx: Ctx, code: string, field: string) {
  const goal = ctx.config.goals.find((g) => g.code === code);
  if (!goal) throw new HttpError(404, `${field}: unknown goal "${code.slice(0, 100)}"`);
  return goal;
}
