/**
 * Runs `npm start`'s script on a free port (PORT=0) and reads the URLs it prints, the way a
 * developer would; `state()` and `waitForState()` read the collector's inspector JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StoredEvent {
  source: 'browser' | 'server';
  event: Record<string, any>;
}
export interface InspectorState {
  events: StoredEvent[];
  refused: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export interface Demo {
  shop: string;
  inspector: string;
  output: string[];
  state(): Promise<InspectorState>;
  /** Polls the collector until `ready` holds, then answers that state. */
  waitForState(ready: (s: InspectorState) => boolean, what: string, timeoutMs?: number): Promise<InspectorState>;
  stop(): Promise<number | null>;
}

export async function startDemo(): Promise<Demo> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const urls = await new Promise<{ shop: string; inspector: string }>((resolve, reject) => {
    const found: Record<string, string> = {};
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        output.push(line);
        const m = /^(shop|inspector): (http\S+)$/.exec(line);
        if (m) found[m[1]] = m[2];
      }
      if (found.shop && found.inspector) resolve({ shop: found.shop, inspector: found.inspector });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before printing its URLs:\n${output.join('\n')}`)));
  });
  const origin = new URL(urls.shop).origin;
  const state = async () => (await (await fetch(`${origin}/inspector/state`)).json()) as InspectorState;
  return {
    ...urls,
    output,
    state,
    async waitForState(ready, what, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const s = await state();
        if (ready(s)) return s;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the collector has: ${s.events.map((e) => e.event.name).join(', ')}; refused: ${JSON.stringify(s.refused)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}

/** The events of one name, in arrival order. */
export const named = (s: InspectorState, name: string) => s.events.filter((e) => e.event.name === name).map((e) => e.event);
