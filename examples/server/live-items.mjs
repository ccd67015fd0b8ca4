// The seed's section 5: the site's own POST /api/items, which the platform calls with
// {"itemIdList": [...]} to get live prices and stock before a workflow uses them.
import { createServer } from 'node:http';
import { liveItemsHandler } from 'novin-sdk/server';
import { items } from './records.mjs';

// A real site reads its database here; stock changes between calls, so nothing is cached.
const handler = liveItemsHandler((ids) => items.filter((i) => ids.includes(i.itemId)));

export function startLiveItems(port) {
  const server = createServer(async (req, res) => {
    if (new URL(req.url, 'http://x').pathname !== '/api/items') return res.writeHead(404).end();
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const answer = await handler(new Request(`http://localhost${req.url}`, { method: req.method, headers: req.headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined }));
    res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
