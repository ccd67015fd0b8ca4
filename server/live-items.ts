/**
 * The site's own live-items endpoint (SPEC §5): the platform POSTs `{"itemIdList": [...]}`
 * and the site answers the current state (price, stock) of those items, so workflows act on
 * live data. The seed's sample answer is not valid JSON (`{ [ … ] }`); we answer
 * `{"items": [...]}`, like the bulk sync, and read a bare array as well.
 */
import { LIMITS, isPlainObject } from '../src/events/index.js';
import { checkRecords, type Item } from '../src/events/records.js';

/** Most ids one live-items request may ask for, as for a bulk request. */
export const MAX_LIVE_ITEMS = 500;

/** Checks the platform's request body; `itemIdList` comes back without duplicates. */
export function checkLiveItemsRequest(body: unknown): { itemIdList?: string[]; errors: string[] } {
  if (!isPlainObject(body)) return { errors: ['body must be an object like {"itemIdList": ["id", …]}'] };
  const list = body.itemIdList;
  if (!Array.isArray(list)) return { errors: ['itemIdList must be an array of item ids'] };
  if (list.length > MAX_LIVE_ITEMS) return { errors: [`itemIdList has too many entries (${list.length}, at most ${MAX_LIVE_ITEMS})`] };
  const errors: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const id: unknown = list[i];
    if (typeof id !== 'string' || !id.trim() || id.length > LIMITS.id)
      errors.push(`itemIdList[${i}] must be a non-empty string of at most ${LIMITS.id} characters`);
  }
  return errors.length ? { errors } : { itemIdList: [...new Set(list as string[])], errors };
}

/**
 * Checks what the site's lookup returned: valid items (SPEC §5 item fields), none of them
 * unasked for. Items that no longer exist may simply be left out.
 */
export function checkLiveItemsAnswer(answer: unknown, itemIdList?: readonly string[]): { items?: Item[]; errors: string[] } {
  const list = isPlainObject(answer) ? answer.items : answer;
  const { records, errors } = checkRecords('item', list, 'items');
  if (!records) return { errors };
  if (itemIdList) {
    const asked = new Set(itemIdList);
    records.forEach((item, i) => {
      if (!asked.has(item.itemId)) errors.push(`items[${i}].itemId "${item.itemId}" was not in itemIdList`);
    });
  }
  return errors.length ? { errors } : { items: records, errors };
}

export interface LiveItemsHandlerOptions {
  /** Told about an answer the lookup got wrong or a lookup that threw; the platform only sees a 500. */
  onError?: (error: unknown) => void;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A Web-standard `(Request) => Promise<Response>` handler for the live-items endpoint, for
 * runtimes that speak Request/Response (Next.js route handlers, Hono, Deno, Bun); on
 * Express, use checkLiveItemsRequest / checkLiveItemsAnswer around your own route.
 * @example
 * export const POST = liveItemsHandler((ids) => db.items.findMany({ where: { itemId: { in: ids } } }));
 */
export function liveItemsHandler(lookup: (itemIdList: string[]) => Item[] | Promise<Item[]>, options: LiveItemsHandlerOptions = {}) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json(400, { status: 'error', errors: ['body must be JSON like {"itemIdList": ["id", …]}'] });
    }
    const asked = checkLiveItemsRequest(body);
    if (!asked.itemIdList) return json(400, { status: 'error', errors: asked.errors });
    let found: unknown;
    try {
      found = await lookup(asked.itemIdList);
    } catch (e) {
      options.onError?.(e);
      // The lookup's error may carry database details: the caller learns only that it failed.
      return json(500, { status: 'error', errors: ['the item lookup failed'] });
    }
    const checked = checkLiveItemsAnswer(found, asked.itemIdList);
    if (!checked.items) {
      options.onError?.(new Error(`live items: the lookup returned invalid items: ${checked.errors.join('; ')}`));
      // A workflow acting on a wrong price is worse than one that waits for a fixed answer.
      return json(500, { status: 'error', errors: checked.errors });
    }
    return json(200, { items: checked.items });
  };
}
