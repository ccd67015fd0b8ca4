/**
 * The first run from a clone, as the README tells it: `npx novin-mock` builds the mock when
 * nothing is built yet, `npm start` says what it builds, bundle by bundle (and the README shows
 * exactly what it prints), and the server example finds `npm start`'s collector through PORT or
 * says at once what to set.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLES, DEMO_FILES, buildMissing } from '../../scripts/build-missing.mjs';
import { ROOT, ensureMockBuilt } from './helpers/mock-process.js';

const temps: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'novin-first-run-'));
  temps.push(dir);
  return dir;
};

/** Runs a Node script until `done` matches its stdout; resolves with both streams, then stops it. */
function runUntil(args: string[], done: RegExp, options: { cwd: string; env?: NodeJS.ProcessEnv }, timeoutMs: number) {
  const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${done} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
    child.stdout!.on('data', (c) => {
      stdout += c;
      if (done.test(stdout)) clearTimeout(timer), child.kill(), resolve({ stdout, stderr });
    });
    child.stderr!.on('data', (c) => (stderr += c));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`exited with ${code} first:\n${stdout}\n${stderr}`))));
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The README's Quick start output block. */
function readmeStartOutput(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /`npm start` builds what is missing[\s\S]*?```\n([\s\S]*?)```/.exec(readme);
  expect(m, "README's Quick start shows what npm start prints").toBeTruthy();
  return m![1].trimEnd().split('\n');
}

const BUILD_HEAD = /^building (\d+) missing bundles?, one at a time:$/;
const BUILD_LINE = /^ {2}(\S+) \((.+)\) \d+\.\d s$/;
const BUILD_TAIL = /^built in \d+\.\d s$/;

describe('novin-mock from a fresh clone', () => {
  it('builds the mock it needs, saying so on stderr, then listens', async () => {
    // A clone without dist/: the sources, the build config and the installed node_modules.
    const clone = tempDir();
    for (const f of ['package.json', 'rollup.config.mjs', 'tsconfig.json', 'tsconfig.build.json', 'src', 'mock', 'bin', 'scripts', 'examples/spa/tsconfig.json'])
      cpSync(join(ROOT, f), join(clone, f), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'junction');
    const { stdout, stderr } = await runUntil(['bin/novin-mock.mjs', '--port', '0'], /listening on http/, { cwd: clone }, 240_000);
    expect(stdout).toMatch(/^novin-mock listening on http:\/\/127\.0\.0\.1:\d+$/m);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(BUILD_HEAD);
    expect(lines[1]).toMatch(BUILD_LINE);
    expect(BUILD_LINE.exec(lines[1])!.slice(1)).toEqual(['dist/mock.mjs', BUNDLES['dist/mock.mjs']]);
    expect(lines[2]).toMatch(BUILD_TAIL);
  }, 300_000);
});

describe('npm start', () => {
  it('prints what the README shows, URLs aside', async () => {
    await buildMissing({ wanted: DEMO_FILES, log: () => {} });
    const { stdout } = await runUntil(['scripts/start.mjs'], /Ctrl-C stops the demo\.\n/, { cwd: ROOT, env: { ...process.env, PORT: '0' } }, 60_000);
    const port = /^shop: http:\/\/127\.0\.0\.1:(\d+)\//m.exec(stdout)![1];
    const shown = readmeStartOutput().filter((l) => !BUILD_HEAD.test(l) && !BUILD_LINE.test(l) && !BUILD_TAIL.test(l));
    expect(stdout.trimEnd().split('\n').map((l) => l.replaceAll(`:${port}`, ':8080'))).toEqual(shown);
  }, 120_000);

  it("shows the first run's build in the README, bundle by bundle in build order", () => {
    const lines = readmeStartOutput();
    const built = lines.filter((l) => BUILD_LINE.test(l)).map((l) => BUILD_LINE.exec(l)!.slice(1, 3));
    const order = Object.keys(BUNDLES).filter((f) => DEMO_FILES.includes(f));
    expect(built).toEqual(order.map((f) => [f, BUNDLES[f]]));
    expect(lines[0]).toBe(`building ${order.length} missing bundles, one at a time:`);
    expect(lines[order.length + 1]).toMatch(BUILD_TAIL);
  });

  it('logs each bundle as it is built, and nothing when all are there', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'in'));
    writeFileSync(join(root, 'in/a.js'), 'export const a = 1;\n');
    writeFileSync(join(root, 'in/b.js'), 'export const b = 2;\n');
    writeFileSync(
      join(root, 'rollup.config.mjs'),
      "export default [{ input: 'in/a.js', output: { file: 'out/a.js' } }, { input: 'in/b.js', output: { dir: 'out', entryFileNames: 'b.js' } }];\n",
    );
    const log: string[] = [];
    expect(await buildMissing({ root, log: (l) => log.push(l) })).toEqual(['out/a.js', 'out/b.js']);
    expect(log).toHaveLength(4);
    expect(log[0]).toBe('building 2 missing bundles, one at a time:');
    expect(log[1]).toMatch(/^ {2}out\/a\.js \(bundle\) \d+\.\d s$/);
    expect(log[2]).toMatch(/^ {2}out\/b\.js \(bundle\) \d+\.\d s$/);
    expect(log[3]).toMatch(BUILD_TAIL);
    rmSync(join(root, 'out/b.js'));
    log.length = 0;
    expect(await buildMissing({ root, log: (l) => log.push(l) })).toEqual(['out/b.js']);
    expect(log[0]).toBe('building 1 missing bundle, one at a time:');
    expect(await buildMissing({ root, log: (l) => log.push(l) })).toEqual([]);
    expect(log).toHaveLength(3);
  });
});

describe('the server example', () => {
  it("follows PORT to npm start's collector", async () => {
    await ensureMockBuilt();
    const { startMockServer } = await import('novin-sdk/mock');
    const mock = await startMockServer({ port: 0 });
    try {
      const port = new URL(mock.url).port;
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: port, SITE_PORT: '0' };
      delete env.NOVIN_ENDPOINT;
      const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['examples/server/index.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        let out = '';
        child.stdout.on('data', (c) => (out += c));
        child.stderr.on('data', (c) => (out += c));
        child.on('exit', (code) => resolve({ code, out }));
      });
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain(`collector: http://127.0.0.1:${port}\n`);
      expect((mock.backend.state() as { events: unknown[] }).events.length).toBeGreaterThan(0);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it('says at once what to set when no collector answers', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SITE_PORT: '0' };
    delete env.NOVIN_ENDPOINT;
    const started = Date.now();
    const run = spawnSync(process.execPath, ['examples/server/index.mjs'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.stderr).toContain(`no collector at http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(run.stderr).toMatch(/npm start.*PORT=<port> node examples\/server\/index\.mjs/);
  }, 40_000);
});
