import { isPlainObject } from '../../src/events/index.js';
import { projectById } from '../auth.js';
import type { Route } from '../context.js';
import { HttpError, bulkList, json, readObject } from '../http.js';
import { ingest, sentAtOf } from '../ingest.js';

/** The browser's endpoints (SPEC §10): the public project id in the query, no secret. */
export const sdkRoutes: Route[] = [
  { method: 'GET', path: '/api/sdk', run: (ctx) => json(200, { sdkVersion: ctx.version }) },
  {
    method: 'POST',
    path: '/api/sdk/anonymous-id',
    run(ctx) {
      projectById(ctx.config, ctx.url);
      return json(200, { anonymousId: crypto.randomUUID(), novinAB: Math.random() < 0.5 ? 'A' : 'B' });
    },
  },
  {
    method: 'POST',
    path: '/api/sdk/events',
    async run(ctx) {
      const project = projectById(ctx.config, ctx.url);
      const body = await readObject(ctx.req);
      return json(200, ingest(ctx, project, bulkList(body, 'events'), 'browser', sentAtOf(body)));
    },
  },
  {
    method: 'POST',
    path: '/api/sdk/push-subscriptions',
    async run(ctx) {
      const project = projectById(ctx.config, ctx.url);
      const body = await readObject(ctx.req);
      const sub = body.subscription;
      if (!isPlainObject(sub)) throw new HttpError(400, 'subscription: must be the object PushSubscription.toJSON() returns');
      const endpoint = checkEndpoint(sub.endpoint, 'subscription.endpoint');
      const keys = sub.keys;
      // Kept as sent: only the shapes PushSubscription.toJSON() has (keys are ~90 and ~24 characters).
      if (!isPlainObject(keys) || !isKey(keys.p256dh) || !isKey(keys.auth))
        throw new HttpError(400, 'subscription.keys: must hold the strings p256dh and auth');
      const expires = sub.expirationTime ?? null;
      if (expires !== null && !(typeof expires === 'number' && isFinite(expires)))
        throw new HttpError(400, 'subscription.expirationTime: must be a number (epoch milliseconds) or null');
      const anonymousId = text(body.anonymousId, 'anonymousId', true)!;
      const userId = text(body.userId, 'userId', false);
      const replaces = body.replaces === undefined ? undefined : checkEndpoint(body.replaces, 'replaces');
      const record = { endpoint, subscription: { endpoint, expirationTime: expires, keys: { p256dh: keys.p256dh, auth: keys.auth } }, anonymousId, ...(userId ? { userId } : {}) };
      ctx.commit({ op: 'subscribe', at: ctx.now(), projectId: project.projectId, record, ...(replaces ? { replaces } : {}) });
      return json(201, { status: 'ok' });
    },
  },
  {
    method: 'DELETE',
    path: '/api/sdk/push-subscriptions',
    async run(ctx) {
      const project = projectById(ctx.config, ctx.url);
      const endpoint = checkEndpoint((await readObject(ctx.req)).endpoint, 'endpoint');
      // Deleting is idempotent: the SDK may unsubscribe a subscription we never saw.
      ctx.commit({ op: 'unsubscribe', at: ctx.now(), projectId: project.projectId, endpoint });
      return new Response(null, { status: 204 });
    },
  },
];

const isKey = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

function text(v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || !v || v.length > 256) throw new HttpError(400, `${field}: must be a non-empty string`);
  return v;
}

function checkEndpoint(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length > 2048) throw new HttpError(400, `${field}: must be the push service URL`);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new HttpError(400, `${field}: must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpError(400, `${field}: must be an http(s) URL`);
  return v;
}
