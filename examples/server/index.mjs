#!/usr/bin/env node
// The server side of the demo shop, step by step, against the collector `npm start` runs:
//   node examples/server/index.mjs [--serve]     (npm start's PORT, default 8080, or NOVIN_ENDPOINT=URL)
// With --serve the site's live-items endpoint keeps running until Ctrl-C.
import { createServerClient } from 'novin-sdk/server';
import { deletes } from './deletes.mjs';
import { backendEvents } from './events.mjs';
import { completeGoal } from './goals.mjs';
import { startLiveItems } from './live-items.mjs';
import { ACCESS_TOKEN, ENDPOINT, SITE_PORT } from './settings.mjs';
import { items } from './records.mjs';
import { bulkSync } from './sync.mjs';

const novin = createServerClient({ endpoint: ENDPOINT, accessToken: ACCESS_TOKEN, log: (m) => console.warn(m) });
// What a request from a shop visitor would carry; a real handler passes req.headers.cookie.
const visitorCookie = process.env.VISITOR_COOKIE ?? 'novinAnonymousId=2b1f6a4e-7c1d-4c8e-9a57-0d3e5b8f1c22; novin-AB=A';

// Nothing listening there: say so now and what to set, rather than after the client's retries.
try {
  await fetch(ENDPOINT, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
} catch (e) {
  const why = e.name === 'TimeoutError' ? 'no answer in 5 s' : (e.cause?.code ?? e.message);
  const fix = process.env.NOVIN_ENDPOINT
    ? 'is NOVIN_ENDPOINT right?'
    : 'run `npm start` in another terminal and give this script the port it printed: PORT=<port> node examples/server/index.mjs (or NOVIN_ENDPOINT=<URL> for another collector)';
  console.error(`failed: no collector at ${ENDPOINT} (${why}): ${fix}`);
  process.exit(1);
}

try {
  console.log(`collector: ${ENDPOINT}`);
  console.log('1. bulk sync');
  await bulkSync(novin);
  console.log('2. one item and one user changed');
  const phone = items.find((i) => i.itemId === 'sku-1001');
  Object.assign(phone, { price: 18_500_000, quantity: phone.quantity - 1 });
  await novin.items.upsert(phone);
  await novin.users.upsert({ userId: 'u-1002', city: 'Tehran' });
  console.log('  sku-1001 repriced, u-1002 moved to Tehran');
  console.log('3. backend events');
  await backendEvents(novin, visitorCookie);
  console.log('4. deletes');
  await deletes(novin);
  console.log('5. onboarding goal');
  await completeGoal('u-1001');
  console.log('6. the site\'s live-items endpoint');
  const server = await startLiveItems(SITE_PORT);
  const site = `http://127.0.0.1:${server.address().port}`;
  const asked = await fetch(`${site}/api/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ itemIdList: ['sku-1001', 'sku-4001'] }) });
  const live = (await asked.json()).items;
  console.log(`  POST ${site}/api/items -> ${live.map((i) => `${i.itemId} ${i.price} Toman, ${i.quantity} in stock`).join('; ')}`);
  if (process.argv.includes('--serve')) console.log('  serving; Ctrl-C stops');
  else server.close();
} catch (e) {
  console.error(`failed: ${e.message}`);
  process.exitCode = 1;
}
