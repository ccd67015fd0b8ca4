import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DIST = join(ROOT, 'dist/mock.mjs');
const LOCK = join(ROOT, 'dist/.mock-build.lock');

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

/**
 * Builds dist/mock.mjs when it is missing or older than its sources. Test files run in
 * parallel, so one builds (holding a lock directory) and the others wait for it.
 */
export async function ensureMockBuilt(): Promise<void> {
  const stale = () => !existsSync(DIST) || statSync(DIST).mtimeMs < Math.max(newest(join(ROOT, 'mock')), newest(join(ROOT, 'src/events')));
  if (!stale()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
      if (!stale()) return;
    }
  }
  try {
    if (!stale()) return;
    const out = spawnSync(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'], { cwd: ROOT, env: { ...process.env, ONLY: 'mock' }, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`building the mock failed:\n${out.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface MockProcess {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to flush or clean up. */
  kill9(): Promise<void>;
}

/** Starts `novin-mock --port 0 ...args` and resolves once it printed its URL. */
export async function startMock(args: string[] = []): Promise<MockProcess> {
  await ensureMockBuilt();
  const proc = spawn(process.execPath, [join(ROOT, 'bin/novin-mock.mjs'), '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && out.includes('data:')) resolve(m[1]);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`novin-mock exited (${code}) before listening:\n${out}`)));
  });
  return {
    url,
    proc,
    output: () => out,
    stop: () => (proc.kill('SIGTERM'), exited),
    kill9: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs `novin-mock` expecting it to fail at start-up. */
export function runMockExpectingFailure(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/novin-mock.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, stderr: r.stderr };
}

export async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, body: json };
}
