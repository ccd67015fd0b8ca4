#!/usr/bin/env node
// novin-mock [--port 8787] [--config FILE] [--data DIR] [--max-events N] [--fail SPEC]...: the local CDP + onboarding-goals backend.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

// An installed package ships dist/; a fresh clone has nothing built yet, so build the mock first.
const MOCK = new URL('../dist/mock.mjs', import.meta.url);
if (!existsSync(MOCK)) {
  const { buildMissing } = await import('../scripts/build-missing.mjs');
  await buildMissing({ wanted: ['dist/mock.mjs'], log: (l) => process.stderr.write(`${l}\n`) }).catch((e) =>
    fail(`could not build dist/mock.mjs (${e.message}); run \`npm run build\` to see why`),
  );
}
const { DEV_CONFIG, parseFaultFlag, resolveConfig, startMockServer } = await import(MOCK.href);

const USAGE = `usage: novin-mock [--port 8787] [--config FILE] [--data DIR] [--max-events N] [--fail SPEC]...
  --port        port to listen on (0: any free port); default 8787
  --config      JSON file with projects, apiTokens and goals; default: a dev config
  --data        directory that keeps what was accepted across restarts; default: memory only
  --host        address to listen on (the inspector answers this name and loopback names); default 127.0.0.1
  --max-events  timeline rows (events and refusals) kept in memory; older ones are dropped from
                memory only (counts stay exact, --data keeps everything); default 10000
  --fail        a fault to play on matching requests, repeatable:
                PATH=STATUS|drop|delay[xCOUNT][,retryAfter=S][,delayMs=MS][,method=M]
                e.g. --fail "/api/sdk/events=503x3,retryAfter=2" --fail "/api/*=dropx1"
  --version     print the version and exit`;

function fail(message) {
  process.stderr.write(`novin-mock: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      config: { type: 'string' },
      data: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'max-events': { type: 'string', default: '10000' },
      fail: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  }).values;
} catch (e) {
  fail(`${e.message}\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.version) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`novin-mock ${pkg.version}\n`);
  process.exit(0);
}

const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: "${args.port}" is not a port number`);
const maxEvents = /^\d+$/.test(args['max-events']) ? Number(args['max-events']) : NaN;
if (!(maxEvents >= 1 && maxEvents <= 10_000_000)) fail(`--max-events: "${args['max-events']}" is not a whole number from 1 to 10000000`);

let config = DEV_CONFIG;
if (args.config) {
  let raw;
  try {
    raw = JSON.parse(readFileSync(args.config, 'utf8'));
  } catch (e) {
    fail(`--config ${args.config}: ${e.code === 'ENOENT' ? 'no such file' : `is not valid JSON (${e.message})`}`);
  }
  try {
    config = resolveConfig(raw);
  } catch (e) {
    fail(`--config ${args.config}: ${e.message}`);
  }
}

let faults;
try {
  faults = args.fail.map(parseFaultFlag);
} catch (e) {
  fail(e.message);
}

let server;
try {
  server = await startMockServer({ port, host: args.host, config, faults, maxEvents, dataDir: args.data && resolve(args.data) });
} catch (e) {
  fail(e.code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port` : e.message);
}

const c = server.backend.config;
const lines = [
  `novin-mock listening on ${server.url}`,
  `  inspector: ${server.url}/   (also ${server.url}/inspector/; JSON API: ${server.url}/inspector/state)`,
  `  memory: the newest ${maxEvents} events and refusals (--max-events); counts stay exact`,
  args.config ? `  config: ${args.config}` : '  config: dev default (no --config given)',
  ...c.projects.map((p) => `  project: ${p.projectId}   access token (server API): ${p.accessToken}`),
  ...c.apiTokens.map((t) => `  API token: ${t.token}   whitelisted: ${t.endpoints.join(', ') || 'nothing'}`),
  `  goals: ${c.goals.map((g) => g.code).join(', ') || 'none'}`,
  ...server.backend.state().faults.map((f) => `  fault: ${f.method ?? 'any method'} ${f.path} -> ${describe(f)} x${f.remaining}   (see or clear: /inspector/faults)`),
  args.data ? `  data: ${resolve(args.data)} (kept across restarts)` : '  data: memory only (use --data DIR to keep it across restarts)',
];
process.stdout.write(`${lines.join('\n')}\n`);

function describe(f) {
  const what = f.drop ? 'drop the connection' : f.status === undefined ? 'real answer' : `${f.status}${f.retryAfter === undefined ? '' : ` (Retry-After ${f.retryAfter})`}`;
  return f.delayMs ? `${what} after ${f.delayMs} ms` : what;
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void server.close().then(() => process.exit(0)));
