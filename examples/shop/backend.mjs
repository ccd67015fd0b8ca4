// The shop's own server, reduced to the one thing a browser must not do: purchaseComplete
// carries the secret access token, so the page asks its server, which tells the collector.
// Who the visitor is comes only from what this server can trust, never from the request body:
// any page can post any body, and the event would then land on someone else's profile.
import { randomBytes } from 'node:crypto';
import { createServerClient, identityFromCookie } from 'novin-sdk/server';

const ORDER_FIELDS = ['purchaseId', 'itemsList', 'totalPrice', 'totalQuantity', 'couponCode', 'couponPercentage', 'couponValue'];
const SESSION_COOKIE = 'shopSession';
// The demo keeps sessions in memory; a bound keeps a client that signs in in a loop from filling it.
const MAX_SESSIONS = 10_000;
const json = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function cookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// A JSON Content-Type cannot be sent from another site's page without a CORS preflight, which
// this server never answers: so only the shop's own pages reach these endpoints.
const isJson = (req) => /^application\/json\b/i.test(req.headers.get('content-type') ?? '');

async function body(req) {
  try {
    return await req.json();
  } catch {
    return undefined;
  }
}

/**
 * A (Request) => Response handler for /shop-api/*.
 * @param settings () => ({ endpoint, accessToken }) of the collector, read when first needed
 */
export function createShopBackend(settings) {
  let novin;
  const client = () => (novin ??= createServerClient({ ...settings(), retry: { attempts: 2 } }));
  /** session id (the HttpOnly cookie) => userId */
  const sessions = new Map();
  const userOf = (req) => sessions.get(cookie(req.headers.get('cookie'), SESSION_COOKIE));

  async function signIn(req) {
    // A real shop checks the password here and opens the session itself. The demo's accounts
    // live in the browser (localStorage), so its sign-in page tells this server who signed in.
    const userId = (await body(req))?.userId;
    if (typeof userId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(userId)) return json(400, { status: 'error', message: 'userId: must be a short string' });
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value);
    const id = randomBytes(24).toString('base64url');
    sessions.set(id, userId);
    // HttpOnly: page scripts cannot read or replace it; Strict: other sites' requests go without it.
    return json(200, { status: 'ok' }, { 'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict` });
  }

  function signOut(req) {
    sessions.delete(cookie(req.headers.get('cookie'), SESSION_COOKIE));
    return json(200, { status: 'ok' }, { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
  }

  async function orderPaid(req) {
    const order = await body(req);
    if (typeof order !== 'object' || order === null) return json(400, { status: 'error', message: 'body must be a JSON object' });
    // A real shop would look the order up by purchaseId and ask the bank whether it was paid.
    const p = order.properties ?? {};
    const properties = Object.fromEntries(ORDER_FIELDS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
    // The SDK's cookies for the anonymous id and A/B group; the signed-in user from the session.
    const ids = identityFromCookie(req.headers.get('cookie'));
    const userId = userOf(req);
    try {
      const sent = await client().events.send({ name: 'purchaseComplete', itemIdList: order.itemIdList, ...ids, ...(userId && { userId }), properties });
      return json(200, { status: 'ok', messageId: sent.messageId });
    } catch (e) {
      return json(502, { status: 'error', message: e?.message ?? String(e) });
    }
  }

  return async (req) => {
    const path = new URL(req.url).pathname;
    const at = `${req.method} ${path}`;
    if (at === 'DELETE /shop-api/session') return signOut(req);
    if (at !== 'POST /shop-api/session' && at !== 'POST /shop-api/orders/paid') return json(404, { status: 'error', message: 'no such shop endpoint' });
    if (!isJson(req)) return json(415, { status: 'error', message: 'send Content-Type: application/json' });
    return at === 'POST /shop-api/session' ? signIn(req) : orderPaid(req);
  };
}
