/**
 * The cross-engine suite: one engine per test file, the same test names in each. One browser
 * per file, launched once; a fresh isolated session and a fresh collector per test (so nothing
 * a closing page sends lands in the next test's counts). An engine that is not installed is
 * skipped with the one-line reason, except on CI, where that is a failure.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, it, type TestContext } from 'vitest';
import { startCollector, type Collector } from '../../browser/helpers/collector.js';
import { findEngine, LABELS, launchEngine, type Engine, type EngineName, type Session, type SessionOptions, type Tab } from '../driver/index.js';
import { createReport, type Report } from '../results.js';
import { harness, HOSTS, sdkPage, visit } from '../site.js';
import { deliveryTests } from './delivery.js';
import { loadingTests } from './loading.js';
import { storageTests } from './storage.js';
import { unloadTests } from './unload.js';

export interface Suite {
  readonly engine: Engine;
  readonly session: Session;
  /** This test's collector. */
  readonly c: Collector;
  /** Registers a test; `fn` may call `skip(reason)` when the engine truly cannot do it. */
  check(name: string, fn: (t: { skip(reason: string): never; ctx: TestContext }) => Promise<void>, timeout?: number): void;
  /**
   * Replaces this test's session with a new one (e.g. private browsing). The old one closes
   * first: WebKitWebDriver runs one session at a time.
   */
  renew(options: SessionOptions): Promise<Session>;
  /** A measured figure for the results table. */
  figure(label: string, value: string | number): void;
  /** Serves an SDK page at `path` of this test's collector and opens it in a new tab. */
  open(config?: Record<string, unknown>, path?: string, origin?: string): Promise<Tab>;
}

const CI = !!process.env.CI && process.env.CI !== 'false';

export function runSuite(name: EngineName): void {
  const label = LABELS[name];
  const report: Report = createReport(name);
  const found = findEngine(name);
  let engine: Engine | undefined;
  let session: Session | undefined;
  let collector: Collector | undefined;
  const live = <T>(v: T | undefined, what: string): T => {
    if (!v) throw new Error(`${label}: no ${what} (the launch failed?)`);
    return v;
  };

  const suite: Suite = {
    get engine() {
      return live(engine, 'browser');
    },
    get session() {
      return live(session, 'session');
    },
    get c() {
      return live(collector, 'collector');
    },
    check(test, fn, timeout) {
      report.declare(test);
      it(
        test,
        async (ctx) => {
          report.start(test);
          const t0 = Date.now();
          ctx.onTestFinished(({ task }) => {
            const state = task.result?.state;
            // A skip has already been written down with its reason.
            if (state !== 'skip') report.finish(test, state === 'pass' ? 'pass' : 'fail', task.result?.errors?.[0]?.message, Date.now() - t0);
          });
          await fn({
            ctx,
            skip(reason) {
              report.finish(test, 'skip', reason);
              return ctx.skip(reason);
            },
          });
        },
        timeout,
      );
    },
    async renew(options) {
      const old = session;
      session = undefined;
      await old?.close();
      return (session = await suite.engine.newSession(options));
    },
    figure: (l, v) => report.figure(l, v),
    async open(config = {}, path = '/', origin) {
      const c = suite.c;
      c.pages[path] = sdkPage(c, config);
      return visit(suite.session, (origin ?? c.url) + path);
    },
  };

  const register = () => {
    loadingTests(suite);
    deliveryTests(suite);
    unloadTests(suite);
    storageTests(suite);
  };

  if (!found.paths && !CI) {
    report.report.skipped = found.hint;
    console.warn(`engines: ${label} skipped: ${found.hint}`);
    describe.skip(`${label}: skipped, ${found.hint}`, () => {
      register();
      report.write();
    });
    return;
  }

  describe(label, () => {
    beforeAll(async () => {
      const t0 = Date.now();
      try {
        engine = await launchEngine(name, { hosts: HOSTS });
      } catch (e) {
        report.report.launchError = String((e as Error).message ?? e).split('\n')[0];
        console.error(`engines: ${label} failed to launch: ${report.report.launchError}`);
        throw new Error(`${label} failed to launch: ${(e as Error).message ?? e}`, { cause: e });
      }
      Object.assign(report.report, { version: engine.version, protocol: engine.protocol, launchMs: Date.now() - t0 });
    }, 120_000);
    afterAll(async () => {
      await engine?.close();
      report.write();
    }, 60_000);
    beforeEach(async () => {
      collector = await startCollector();
      collector.pages['/harness.js'] = harness();
      session = await suite.engine.newSession();
    });
    afterEach(async () => {
      await session?.close().catch(() => {});
      await collector?.close();
      session = collector = undefined;
    });
    register();
  });
}
