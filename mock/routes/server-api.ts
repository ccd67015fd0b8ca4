import { checkEvent } from '../../src/events/index.js';
import { projectByAccessToken } from '../auth.js';
import { endpointOf, type Ctx, type Route } from '../context.js';
import { HttpError, boundedPayload, bulkList, json, readObject } from '../http.js';
import { ingest, sentAtOf } from '../ingest.js';
import { checkRecord } from '../../src/events/records.js';

// One checker with the server client: the mock refuses exactly what the client refuses.
const checkItem = (v: unknown) => checkRecord('item', v) as CheckedRecord;
const checkUser = (v: unknown) => checkRecord('user', v) as CheckedRecord;
interface CheckedRecord {
  record?: Record<string, unknown>;
  errors: string[];
}

/** The site's server API (SPEC §4–5): the secret access token as a Bearer token. */
export const serverRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/events',
    async run(ctx) {
      const project = projectByAccessToken(ctx.config, ctx.req);
      const body = await readObject(ctx.req);
      // One event per request: a refused one is the request's failure, so it answers 400.
      const { errors } = checkEvent(body, 'server');
      if (errors.length) throw new HttpError(400, errors.join('; '));
      return json(200, ingest(ctx, project, [body], 'server'));
    },
  },
  {
    method: 'POST',
    path: '/api/events/bulk',
    async run(ctx) {
      const project = projectByAccessToken(ctx.config, ctx.req);
      const body = await readObject(ctx.req);
      return json(200, ingest(ctx, project, bulkList(body, 'events'), 'server', sentAtOf(body)));
    },
  },
  ...records('item', 'items', checkItem),
  ...records('user', 'users', checkUser),
];

function records(kind: 'item' | 'user', plural: 'items' | 'users', check: (v: unknown) => CheckedRecord): Route[] {
  const idField = kind === 'item' ? 'itemId' : 'userId';
  const exists = (ctx: Ctx, projectId: string, id: string) =>
    kind === 'item' ? ctx.state.hasItem(projectId, id) : ctx.state.hasUser(projectId, id);
  return [
    {
      method: 'POST',
      path: `/api/${plural}`,
      async run(ctx) {
        const { projectId } = projectByAccessToken(ctx.config, ctx.req);
        const { record, errors } = check(await readObject(ctx.req));
        if (!record) throw new HttpError(400, errors.join('; '));
        const created = !exists(ctx, projectId, String(record[idField]));
        ctx.commit({ op: kind, at: ctx.now(), projectId, record });
        return json(200, { status: 'ok', created });
      },
    },
    {
      method: 'POST',
      path: `/api/${plural}/bulk`,
      async run(ctx) {
        const { projectId } = projectByAccessToken(ctx.config, ctx.req);
        const list = bulkList(await readObject(ctx.req), plural);
        const at = ctx.now();
        const rejected: Array<{ index: number; errors: string[]; raw?: unknown }> = [];
        const good: Record<string, unknown>[] = [];
        list.forEach((raw, index) => {
          const { record, errors } = check(raw);
          if (record) good.push(record);
          else rejected.push({ index, errors, raw });
        });
        ctx.commit([
          ...good.map((record) => ({ op: kind, at, projectId, record })),
          ...rejected.map((r) => ({ op: 'refused' as const, at, refusal: { endpoint: endpointOf(ctx), status: 200, projectId, reasons: [`${plural}[${r.index}]: ${r.errors.join('; ')}`], payload: boundedPayload(r.raw) } })),
        ]);
        return json(200, { status: 'ok', accepted: good.length, rejected: rejected.map(({ index, errors }) => ({ index, errors })) });
      },
    },
    {
      method: 'DELETE',
      path: new RegExp(`^/api/${plural}/([^/]+)$`),
      run(ctx, [id]) {
        const { projectId } = projectByAccessToken(ctx.config, ctx.req);
        if (!exists(ctx, projectId, id)) throw new HttpError(404, `${idField}: no ${kind} "${id.slice(0, 256)}" in this project`);
        ctx.commit({ op: kind === 'item' ? 'deleteItem' : 'deleteUser', at: ctx.now(), projectId, id });
        return json(200, { status: 'ok' });
      },
    },
  ];
}
