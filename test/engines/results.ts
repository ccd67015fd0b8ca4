/**
 * Results of the cross-engine suite for people to read: each engine's test file leaves a JSON
 * report, and the tier's global teardown turns all of them into test-output/engines.md
 * (test × engine, and the figures measured along the way).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EngineName } from './driver/types.js';

export const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const REPORTS = OUTPUT + 'engines/';
export const TABLE = OUTPUT + 'engines.md';
const ORDER: EngineName[] = ['chromium', 'firefox', 'webkit'];
const LABEL: Record<EngineName, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKitGTK' };

export interface Row {
  test: string;
  status: 'pass' | 'fail' | 'skip' | 'not run';
  note?: string;
  ms?: number;
}

export interface EngineReport {
  engine: EngineName;
  version?: string;
  protocol?: string;
  launchMs?: number;
  /** Why the whole engine did not run (not installed, or its launch failed). */
  skipped?: string;
  launchError?: string;
  tests: Row[];
  figures: Record<string, string>;
}

export function createReport(engine: EngineName) {
  const report: EngineReport = { engine, tests: [], figures: {} };
  let current: Row | undefined;
  const row = (test: string) => report.tests.find((r) => r.test === test)!;
  return {
    report,
    declare: (test: string) => void report.tests.push({ test, status: 'not run' }),
    start(test: string) {
      current = row(test);
      current.status = 'fail';
      current.note = 'did not finish';
    },
    finish(test: string, status: Row['status'], note?: string, ms?: number) {
      Object.assign(row(test), { status, note, ms });
    },
    /** A measured figure, e.g. figure('burst of 1,000: requests', 2). */
    figure(label: string, value: string | number) {
      report.figures[label] = String(value);
    },
    write() {
      mkdirSync(REPORTS, { recursive: true });
      writeFileSync(`${REPORTS}${engine}.json`, JSON.stringify(report, null, 2));
    },
  };
}

export type Report = ReturnType<typeof createReport>;

/** Called before the tier runs: reports of an earlier run must not mix into this one. */
export const clearReports = () => rmSync(REPORTS, { recursive: true, force: true });

const cell = (r: Row | undefined, e: EngineReport | undefined): string => {
  if (!e) return 'not run';
  if (e.skipped) return 'skip: not installed (see above)';
  if (e.launchError) return 'fail: the browser did not launch';
  if (!r) return '–';
  const note = (r.note ?? '').split('\n')[0].replace(/\|/g, '\\|').slice(0, 160);
  if (r.status === 'pass') return `pass (${((r.ms ?? 0) / 1000).toFixed(1)} s)`;
  return note ? `${r.status}: ${note}` : r.status;
};

/** Writes test-output/engines.md from every report present; returns one summary line per engine. */
export function writeTable(): string {
  let files: string[] = [];
  try {
    files = readdirSync(REPORTS).filter((f) => f.endsWith('.json'));
  } catch {
    /* nothing ran */
  }
  const reports = new Map<EngineName, EngineReport>();
  for (const f of files) {
    const r = JSON.parse(readFileSync(REPORTS + f, 'utf8')) as EngineReport;
    reports.set(r.engine, r);
  }
  if (!reports.size) return '';
  const engines = ORDER.map((n) => reports.get(n));
  const head = ORDER.map((n, i) => engines[i]?.version ?? LABEL[n]);
  const tests = [...new Set(engines.flatMap((e) => e?.tests.map((t) => t.test) ?? []))];
  const figures = [...new Set(engines.flatMap((e) => Object.keys(e?.figures ?? {})))];
  const lines = [
    '# The SDK in three engines',
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm test\` (test/engines/), against the built dist/ files and the test collector.`,
    '',
    '| engine | driven by | launch |',
    '|---|---|---|',
    ...ORDER.map((n, i) => {
      const e = engines[i];
      if (!e) return `| ${LABEL[n]} | not run | |`;
      if (e.skipped) return `| ${LABEL[n]} | skipped: ${e.skipped} | |`;
      return `| ${e.version ?? LABEL[n]} | ${e.protocol ?? ''} | ${e.launchError ? `failed: ${e.launchError}` : `${((e.launchMs ?? 0) / 1000).toFixed(1)} s`} |`;
    }),
    '',
    `| test | ${head.join(' | ')} |`,
    `|---|${ORDER.map(() => '---').join('|')}|`,
    ...tests.map((t) => `| ${t} | ${engines.map((e) => cell(e?.tests.find((r) => r.test === t), e)).join(' | ')} |`),
    '',
    '## Measured',
    '',
    `| figure | ${head.join(' | ')} |`,
    `|---|${ORDER.map(() => '---').join('|')}|`,
    ...figures.map((f) => `| ${f} | ${engines.map((e) => (e?.figures[f] ?? '–').replace(/\|/g, '\\|')).join(' | ')} |`),
    '',
  ];
  mkdirSync(OUTPUT, { recursive: true });
  writeFileSync(TABLE, lines.join('\n'));
  return ORDER.map((n, i) => {
    const e = engines[i];
    if (!e) return `engines: ${LABEL[n]} not run`;
    if (e.skipped) return `engines: ${LABEL[n]} skipped: ${e.skipped}`;
    if (e.launchError) return `engines: ${LABEL[n]} failed to launch: ${e.launchError}`;
    const n_ = (s: Row['status']) => e.tests.filter((t) => t.status === s).length;
    return `engines: ${e.version}: ${n_('pass')} passed, ${n_('fail')} failed, ${n_('skip')} skipped`;
  }).join('\n');
}
