/**
 * WebKitGTK's MiniBrowser over W3C WebDriver (webdriverio, classic protocol) through
 * WebKitWebDriver, on an Xvfb display of its own (MiniBrowser has no headless mode). Each
 * session is a new MiniBrowser process with clean storage; extra host names go through a
 * loopback proxy. Classic WebDriver has one current window per session, so a session runs its
 * commands one at a time and switches to the tab each command is for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { remote } from 'webdriverio';
import { startLoopbackProxy } from './proxy.js';
import type { Cookie, Engine, EngineOptions, PageFn, Session, SessionOptions, Tab } from './types.js';

export interface WebKitPaths {
  driver: string;
  miniBrowser: string;
  xvfb: string;
}

type Browser = WebdriverIO.Browser;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The first output of a process, or why it ended before giving any. */
function tail(p: ChildProcess): () => string {
  let err = '';
  p.stderr?.on('data', (d: Buffer) => (err = (err + d).slice(-2000)));
  return () => err.trim();
}

/** Starts Xvfb on a free display number (it picks one and tells us on fd 3). */
function startXvfb(path: string): Promise<{ proc: ChildProcess; display: string }> {
  const proc = spawn(path, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const stderr = tail(proc);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display within 10 s: ${stderr()}`)), 10_000);
    proc.stdio[3]!.once('data', (d: Buffer) => (clearTimeout(timer), resolve({ proc, display: `:${String(d).trim()}` })));
    proc.once('error', (e) => (clearTimeout(timer), reject(e)));
    proc.once('exit', (code) => (clearTimeout(timer), reject(new Error(`Xvfb exited (${code}): ${stderr()}`))));
  });
}

/** Starts WebKitWebDriver and resolves once it answers /status. */
async function startDriver(path: string, display: string): Promise<{ proc: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const proc = spawn(path, [`--port=${port}`], { env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr = tail(proc);
    let exited: string | undefined;
    proc.once('exit', (code) => (exited = `WebKitWebDriver exited (${code}): ${stderr()}`));
    proc.once('error', (e) => (exited = String(e)));
    const end = Date.now() + 10_000;
    while (!exited && Date.now() < end) {
      const ready = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
      if (ready) return { proc, port };
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill('SIGKILL');
    // Another process may have taken the port between our probe and the driver's bind.
    if (attempt === 3) throw new Error(exited ?? `WebKitWebDriver did not answer within 10 s: ${stderr()}`);
  }
}

/** Runs tasks one after another: classic WebDriver has a single current window. */
function serial() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = last.then(task, task);
    last = run.catch(() => {});
    return run;
  };
}

/**
 * WebDriver returns `undefined` as `null`; the page wraps the result so `undefined` survives,
 * and so a result with an `error` key is not taken for a driver error.
 */
const wrapped = (fn: PageFn<unknown[], unknown>) =>
  `return Promise.resolve((${fn.toString()}).apply(null, arguments)).then(function (v) { return { value: v, undef: v === undefined }; });`;

async function session(b: Browser): Promise<Session> {
  const queue = serial();
  const anchor = await b.getWindowHandle();
  let current = anchor;
  const use = async (handle: string) => {
    if (current !== handle) await b.switchToWindow(handle);
    current = handle;
  };
  const newTab = (): Promise<Tab> =>
    queue(async () => {
      const { handle } = await b.createWindow('tab');
      await use(handle);
      const on = <T>(task: () => Promise<T>) => queue(() => use(handle).then(task));
      return {
        goto: (url) => on(async () => void (await b.url(url))),
        reload: () => on(() => b.refresh()),
        evaluate: <A extends unknown[], R>(fn: PageFn<A, R>, ...args: A) =>
          on(async () => {
            const r = (await b.execute(wrapped(fn as PageFn<unknown[], unknown>), ...args)) as { value: R; undef: boolean };
            return (r.undef ? undefined : r.value) as R;
          }),
        cookies: () =>
          on(async () =>
            (await b.getCookies()).map(
              (c): Cookie => ({
                name: c.name,
                value: c.value,
                domain: c.domain ?? '',
                path: c.path ?? '/',
                expires: c.expiry ?? -1,
                httpOnly: !!c.httpOnly,
                secure: !!c.secure,
                sameSite: c.sameSite,
              }),
            ),
          ),
        close: () =>
          on(async () => {
            await b.closeWindow();
            await b.switchToWindow(anchor);
            current = anchor;
          }),
      };
    });
  return { newTab, close: () => queue(() => b.deleteSession()) };
}

export async function launchWebKit(paths: WebKitPaths, _o: EngineOptions): Promise<Engine> {
  const procs: ChildProcess[] = [];
  const sessions = new Set<Browser>();
  // If the test process ends without afterAll (interrupted, crashed), no Xvfb or driver is left
  // behind; MiniBrowser processes end with their display.
  const kill = () => procs.forEach((p) => p.exitCode === null && p.kill('SIGKILL'));
  const interrupted = (signal: NodeJS.Signals) => {
    kill();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  process.once('exit', kill);
  SIGNALS.forEach((s) => process.once(s, interrupted));
  let proxy: Awaited<ReturnType<typeof startLoopbackProxy>> | undefined;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await Promise.all([...sessions].map((b) => b.deleteSession().catch(() => {})));
      for (const p of procs.reverse()) {
        if (p.exitCode !== null || p.signalCode) continue;
        const gone = new Promise((r) => p.once('exit', r));
        p.kill('SIGTERM');
        const timer = setTimeout(() => p.kill('SIGKILL'), 3000);
        await gone;
        clearTimeout(timer);
      }
      await proxy?.close();
      process.off('exit', kill);
      SIGNALS.forEach((s) => process.off(s, interrupted));
    })());

  try {
    const xvfb = await startXvfb(paths.xvfb);
    procs.push(xvfb.proc);
    const driver = await startDriver(paths.driver, xvfb.display);
    procs.push(driver.proc);
    proxy = await startLoopbackProxy();
    const open = async (o: SessionOptions = {}) => {
      const b = await remote({
        hostname: '127.0.0.1',
        port: driver.port,
        logLevel: 'error',
        capabilities: {
          browserName: 'MiniBrowser',
          'wdio:enforceWebDriverClassic': true,
          'webkitgtk:browserOptions': {
            binary: paths.miniBrowser,
            args: ['--automation', `--proxy=${proxy!.url}`, ...(o.private ? ['--private'] : [])],
          },
        } as WebdriverIO.Capabilities,
      });
      sessions.add(b);
      return b;
    };
    // A first session proves MiniBrowser starts on this display, and tells its version.
    const probe = await open();
    const version = `WebKitGTK ${probe.capabilities.browserVersion}`;
    await probe.deleteSession();
    sessions.delete(probe);
    return {
      name: 'webkit',
      version,
      protocol: 'webdriverio, W3C WebDriver (WebKitWebDriver, MiniBrowser on Xvfb)',
      offline: false,
      async newSession(o) {
        const b = await open(o);
        const s = await session(b);
        return { ...s, close: () => s.close().finally(() => sessions.delete(b)) };
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
