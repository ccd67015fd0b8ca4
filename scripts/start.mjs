// npm start: builds what is missing, then serves the demo shop, the SPA and the mock collector
// on one origin. Prints `shop: <url>` and `inspector: <url>`; tests read those two lines.
import { buildMissing, DEMO_FILES } from './build-missing.mjs';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start: PORT="${process.env.PORT}" is not a port number`);
  process.exit(2);
}

try {
  await buildMissing({ wanted: DEMO_FILES });
} catch (e) {
  console.error(`start: the build failed (${e.message}); run \`npm run build\` to see why`);
  process.exit(1);
}

const { createMockBackend } = await import('novin-sdk/mock');
const { startDemoServer } = await import('../examples/demo-server.mjs');

let demo;
try {
  demo = await startDemoServer({ backend: createMockBackend(), port, host });
} catch (e) {
  console.error(e.code === 'EADDRINUSE' ? `start: port ${port} is in use; try PORT=8081 npm start` : `start: ${e.message}`);
  process.exit(1);
}

console.log(`shop: ${demo.url}/`);
console.log(`inspector: ${demo.url}/inspector/`);
console.log(`spa: ${demo.url}/spa/`);
console.log(`collector: ${demo.url} (project demo-project, access token dev-access-token, API token dev-api-token; memory only)`);
console.log(`server example: NOVIN_ENDPOINT=${demo.url} node examples/server/index.mjs`);
console.log('Ctrl-C stops the demo.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void demo.close().then(() => {
      console.log('stopped.');
      process.exit(0);
    });
  });
}
