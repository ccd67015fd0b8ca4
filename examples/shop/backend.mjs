// The shop's own server, reduced to the one thing a browser must not do: purchaseComplete
// carries the secret access token, so the page asks its server, which tells the collector.
import { createServerClient, identityFromCookie } from 'novin-sdk/server';

const ORDER_FIELDS = ['purchaseId', 'itemsList', 'totalPrice', 'totalQuantity', 'couponCode', 'couponPercentage', 'couponValue'];
const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A (Request) => Response handler for /shop-api/*.
 * @param settings () => ({ endpoint, accessToken }) of the collector, read when first needed
 */
export function createShopBackend(settings) {
  let novin;
  const client = () => (novin ??= createServerClient({ ...settings(), retry: { attempts: 2 } }));
  return async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method !== 'POST' || path !== '/shop-api/orders/paid') return json(404, { status: 'error', message: 'no such shop endpoint' });
    let order;
    try {
      order = await req.json();
    } catch {
      return json(400, { status: 'error', message: 'body must be JSON' });
    }
    // A real shop would look the order up by purchaseId and ask the bank whether it was paid.
    const p = order?.properties ?? {};
    const properties = Object.fromEntries(ORDER_FIELDS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
    const ids = identityFromCookie(req.headers.get('cookie'));
    try {
      const sent = await client().events.send({
        name: 'purchaseComplete',
        itemIdList: order.itemIdList,
        ...ids,
        ...(typeof order.userId === 'string' && order.userId ? { userId: order.userId } : {}),
        properties,
      });
      return json(200, { status: 'ok', messageId: sent.messageId });
    } catch (e) {
      return json(502, { status: 'error', message: e?.message ?? String(e) });
    }
  };
}
