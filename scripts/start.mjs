// npm start: builds what is missing, then serves the demo shop, the SPA and the mock collector
// on one origin. Prints `shop: <url>` and `inspector: <url>`; tests read those two lines.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start: PORT="${process.env.PORT}" is not a port number`);
  process.exit(2);
}

const needed = ['dist/novinSDK.js', 'dist/novin-push.js', 'dist/mock.mjs', 'dist/server.mjs', 'examples/spa/dist/app.js'];
if (existsSync(join(ROOT, 'sw/classic.ts'))) needed.push('dist/novin-sw.js');
const missing = needed.filter((f) => !existsSync(join(ROOT, f)));
if (missing.length) {
  console.log(`building (missing: ${missing.join(', ')}) …`);
  // rollup's own entry point, so this works the same where .bin shims are .cmd files.
  const rollup = createRequire(import.meta.url).resolve('rollup/dist/bin/rollup');
  const built = spawnSync(process.execPath, [rollup, '-c', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const still = needed.filter((f) => !existsSync(join(ROOT, f)));
  if (built.status !== 0 || still.length) {
    console.error(`start: the build failed${still.length ? ` (still missing: ${still.join(', ')})` : ''}; run \`npm run build\` to see why`);
    process.exit(1);
  }
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
