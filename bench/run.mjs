// Runs every SDK's page in headless Chromium, one fresh browser per measurement, and prints
// one table of medians. Options: --runs N (5), --only a,b (blank is always measured: it is the
// heap baseline), --events N (1000), --delivery-timeout ms, --slot-timeout ms, --gc-timeout ms,
// --max-rss-mb N, --write-readme (rewrites the results sections of bench/README.md and README.md), --verbose.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import { startServer, now } from './server.mjs';
import { allSlots } from './slots.mjs';
import { markdown as sizeMarkdown, measure as measureSizes } from '../scripts/size.mjs';

const HERE = new URL('.', import.meta.url).pathname;
const requireHere = createRequire(import.meta.url);

function parseArgs(argv) {
  const o = {
    runs: 5, only: null, events: 1000,
    // RudderStack needs ~45 s of main thread for the burst; the slot limit leaves room for its
    // 30 s garbage collection that never returns, and stops any SDK from holding up the rest.
    deliveryTimeout: 90_000, slotTimeout: 150_000, gcTimeout: 30_000, initTimeout: 30_000, maxRssMB: 10_240,
    writeReadme: false, verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--runs') o.runs = Number(next());
    else if (a === '--only') o.only = next().split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    else if (a === '--events') o.events = Number(next());
    else if (a === '--delivery-timeout') o.deliveryTimeout = Number(next());
    else if (a === '--slot-timeout') o.slotTimeout = Number(next());
    else if (a === '--gc-timeout') o.gcTimeout = Number(next());
    else if (a === '--max-rss-mb') o.maxRssMB = Number(next());
    else if (a === '--write-readme') o.writeReadme = true;
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--help' || a === '-h') { console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(0, 4).join('\n')); process.exit(0); }
    else throw new Error(`unknown option ${a}`);
  }
  if (!(o.runs >= 1) || !(o.events >= 1)) throw new Error('--runs and --events must be positive numbers');
  return o;
}

// The same launch flags as the project's browser tests: nothing in Chromium phones home.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const log = (...a) => console.error(...a);
function within(p, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}
const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value;

// Resident memory of the largest process in a browser's tree, its renderer under load (Linux; 0 elsewhere).
function treeRssMB(root) {
  try {
    const parent = new Map();
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch { /* exited meanwhile */ }
    }
    const tree = new Set([root]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, ppid] of parent) if (!tree.has(pid) && tree.has(ppid)) { tree.add(pid); grew = true; }
    }
    let pages = 0;
    for (const pid of tree) {
      try { pages = Math.max(pages, Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1])); } catch { /* exited */ }
    }
    return (pages * 4096) / 2 ** 20;
  } catch {
    return 0;
  }
}

async function measure(slot, runNo, opts, server) {
  const res = { slot: slot.name, run: runNo, status: 'ok', errors: [], external: [] };
  // launchServer rather than launch: a renderer that is stuck in a 30 s GC or growing by
  // 100 MB/s has to be killed outright, not asked to close.
  const bs = await chromium.launchServer({ executablePath: EXECUTABLE, args: ARGS });
  let killed = false;
  let onKill;
  const dead = new Promise((r) => { onKill = r; });
  const kill = async () => { if (!killed) { killed = true; onKill(false); await bs.kill().catch(() => {}); } };
  const slotTimer = setTimeout(() => { res.status = 'slot timeout'; kill(); }, opts.slotTimeout);
  // RudderStack's renderer grows by about 100 MB/s during and after the burst; on a shared
  // machine it must not take the memory everyone else needs.
  const rssTimer = setInterval(() => {
    const mb = treeRssMB(bs.process().pid);
    res.peakRssMB = Math.max(res.peakRssMB ?? 0, mb);
    if (mb > opts.maxRssMB) { res.status = `renderer killed at ${fmt(mb)} MB RSS`; kill(); }
  }, 1000);
  try {
    const browser = await chromium.connect(bs.wsEndpoint());
    // A throw-away page first, so the first real page does not pay for the browser's own start-up.
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(`${server.origin}/pages/blank.html?run=warmup`);
    await warm.close();

    const runId = `${slot.name}-${runNo}`;
    const run = server.beginRun(runId, opts.events);
    const ctx = await browser.newContext();
    await ctx.route('**', (route) => {
      const url = route.request().url();
      if (new URL(url).hostname === '127.0.0.1') return route.continue();
      res.external.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => res.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') res.errors.push(`console: ${m.text()}`); });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');

    await page.goto(`${server.origin}/pages/${slot.page}?run=${runId}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.bench && (window.bench.initAt !== undefined || window.bench.initError), null, { timeout: opts.initTimeout });
    const init = await page.evaluate((src) => {
      const script = src && performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === src);
      const nav = performance.getEntriesByType('navigation')[0];
      return { initAt: window.bench.initAt, initError: window.bench.initError, readyEnd: script ? script.responseEnd : nav.responseEnd };
    }, slot.src ?? null);
    if (init.initError) throw new Error(`init failed: ${init.initError}`);
    res.loadInitMs = init.initAt;
    res.afterScriptMs = init.initAt - init.readyEnd;
    res.scriptGzipB = run.requests.filter((r) => server.files.has(r.path)).reduce((n, r) => n + server.files.get(r.path).gz.length, 0);

    if (!slot.baseline) {
      const task0 = metric(await cdp.send('Performance.getMetrics'), 'TaskDuration');
      const loop = await page.evaluate((n) => {
        const t0 = performance.now();
        let t100 = t0;
        for (let i = 0; i < n; i++) {
          window.bench.track(i);
          if (i === 99) t100 = performance.now();
        }
        const t1 = performance.now();
        return { start: performance.timeOrigin + t0, total: t1 - t0, first100: t100 - t0 };
      }, opts.events);
      res.usPerCall = (loop.total * 1000) / opts.events;
      res.usPerCallFirst100 = opts.events >= 100 ? (loop.first100 * 1000) / 100 : null;
      const left = opts.deliveryTimeout - (now() - loop.start);
      const complete = await Promise.race([server.waitFor((r) => r.completeAt != null, Math.max(0, left)), dead]);
      if (killed) throw new Error(res.status);
      const task1 = metric(await cdp.send('Performance.getMetrics'), 'TaskDuration');
      const end = complete ? run.completeAt : now();
      res.delivered = run.ids.size;
      res.deliveryMs = complete ? run.completeAt - loop.start : null;
      if (!complete) res.status = 'delivery timeout';
      res.mainThreadMs = (task1 - task0) * 1000;
      const window = run.requests.filter((r) => r.t >= loop.start && r.t <= end);
      res.requests = window.length;
      res.requestKB = window.reduce((n, r) => n + r.bytes, 0) / 1024;
      res.bodyKB = window.reduce((n, r) => n + r.bodyBytes, 0) / 1024;
      res.duplicateIds = run.dupIds;
      res.paths = [...new Set(run.requests.map((r) => `${r.method} ${r.path}`))];
    }
    try {
      await within(cdp.send('HeapProfiler.collectGarbage'), opts.gcTimeout, 'forced GC');
      res.heapKB = (await within(cdp.send('Runtime.getHeapUsage'), 5_000, 'heap usage')).usedSize / 1024;
    } catch (e) {
      res.heapKB = null;
      res.heapNote = e.message;
      // A renderer that cannot finish a GC will not close politely either.
      await kill();
    }
    if (killed && res.status !== 'ok') throw new Error(res.status);
    await within(browser.close(), 10_000, 'browser close').catch(() => {});
  } catch (e) {
    if (res.status === 'ok') res.status = 'failed';
    res.error = String(e.message ?? e).split('\n')[0];
  } finally {
    clearTimeout(slotTimer);
    clearInterval(rssTimer);
    await within(bs.close(), 10_000, 'browser server close').catch(kill);
  }
  return res;
}

// ---------- aggregation ----------
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const range = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length ? [Math.min(...v), Math.max(...v)] : null;
};

function summarise(slot, runs, baselineHeap, opts) {
  const ok = (k) => runs.map((r) => r[k]);
  const notOk = runs.filter((r) => r.status !== 'ok');
  const statuses = [...new Set(notOk.map((r) => r.status))].map((st) => `${notOk.filter((r) => r.status === st).length}/${runs.length} runs: ${st}`);
  const failed = runs.filter((r) => r.status === 'failed').length;
  const heapWhy = runs.find((r) => r.heapKB == null);
  const heapNote = !heapWhy ? null : /forced GC/.test(heapWhy.heapNote ?? '') ? `GC > ${fmt(opts.gcTimeout / 1000)} s` : heapWhy.status !== 'ok' ? heapWhy.status : 'not read';
  const delivered = runs.filter((r) => r.deliveryMs != null);
  const heap = median(ok('heapKB'));
  return {
    slot: slot.name, label: slot.label, version: slot.version ?? null, ours: !!slot.ours, baseline: !!slot.baseline,
    runs: runs.length, statuses, failed, heapNote, peakRssMB: Math.max(0, ...runs.map((r) => r.peakRssMB ?? 0)),
    scriptGzipB: median(ok('scriptGzipB')),
    loadInitMs: median(ok('loadInitMs')), loadInitRange: range(ok('loadInitMs')),
    afterScriptMs: median(ok('afterScriptMs')),
    usPerCall: median(ok('usPerCall')), usPerCallRange: range(ok('usPerCall')), usPerCallFirst100: median(ok('usPerCallFirst100')),
    deliveryMs: median(delivered.map((r) => r.deliveryMs)), deliveryRange: range(delivered.map((r) => r.deliveryMs)),
    deliveredMin: runs.length ? Math.min(...runs.map((r) => r.delivered ?? 0)) : null,
    deliveredRuns: delivered.length,
    requests: median(delivered.map((r) => r.requests)), requestKB: median(delivered.map((r) => r.requestKB)), bodyKB: median(delivered.map((r) => r.bodyKB)),
    mainThreadMs: median(delivered.map((r) => r.mainThreadMs)),
    heapAbsKB: heap, heapKB: heap != null && baselineHeap != null && !slot.baseline ? heap - baselineHeap : null,
    heapMissing: runs.filter((r) => r.heapKB == null).length,
    duplicateIdsMax: Math.max(0, ...runs.map((r) => r.duplicateIds ?? 0)),
    external: runs.reduce((n, r) => n + r.external.length, 0),
    errors: runs.reduce((n, r) => n + r.errors.length, 0),
  };
}

const fmt = (n, d = 0) => (n == null ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const fmtUs = (n) => (n == null ? '–' : n < 100 ? fmt(n, 1) : fmt(n));
const rng = (r) => (r && r[0] !== r[1] ? ` (${fmt(r[0])}–${fmt(r[1])})` : '');

function table(rows, opts) {
  const head = ['SDK (version)', 'script gzip B', 'load+init ms (range)', 'after script ms', 'µs/call (range)', 'µs/call, 1st 100',
    `delivery ms (range)`, `delivered /${fmt(opts.events)}`, 'requests', 'request KB (body)', 'main-thread ms', 'heap KB', 'blocked external'];
  const lines = [`| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '---:').join('|')}|`];
  for (const s of rows) {
    const name = `${s.ours ? '**' : ''}${s.label}${s.version ? ` ${s.version}` : ''}${s.ours ? '**' : ''}`;
    if (s.baseline) {
      lines.push(`| ${name} | – | ${fmt(s.loadInitMs)}${rng(s.loadInitRange)} | ${fmt(s.afterScriptMs)} | – | – | – | – | – | – | – | (${fmt(s.heapAbsKB)} abs.) | ${fmt(s.external)} |`);
      continue;
    }
    const allFailed = s.failed === s.runs;
    const notes = s.statuses;
    const delivery = s.deliveryMs != null ? `${fmt(s.deliveryMs)}${rng(s.deliveryRange)}` : allFailed ? 'failed' : `timeout > ${fmt(opts.deliveryTimeout)}`;
    const delivered = `${fmt(s.deliveredMin)}${notes.length ? ` (min); ${notes.join(', ')}` : ''}${s.duplicateIdsMax ? `; up to ${fmt(s.duplicateIdsMax)} ids twice` : ''}`;
    const heap = s.heapKB != null ? `${fmt(s.heapKB)}${s.heapMissing ? ` (${s.runs - s.heapMissing}/${s.runs} runs)` : ''}` : `n/a (${s.heapNote})`;
    lines.push(`| ${name} | ${fmt(s.scriptGzipB)} | ${fmt(s.loadInitMs)}${rng(s.loadInitRange)} | ${fmt(s.afterScriptMs)} | ${fmtUs(s.usPerCall)}${s.usPerCallRange && s.runs > 1 ? ` (${fmtUs(s.usPerCallRange[0])}–${fmtUs(s.usPerCallRange[1])})` : ''} | ${fmtUs(s.usPerCallFirst100)} | ${delivery} | ${delivered} | ${fmt(s.requests)} | ${fmt(s.requestKB)} (${fmt(s.bodyKB)}) | ${fmt(s.mainThreadMs)} | ${heap} | ${fmt(s.external)} |`);
  }
  return lines.join('\n');
}

// For each column: who is best among the peers, and how novin compares (ratio > 1 means novin is better).
const COLUMNS = [
  ['script gzip B', 'scriptGzipB', 'B'], ['load+init ms', 'loadInitMs', 'ms'], ['µs/call', 'usPerCall', 'µs'],
  ['delivery ms', 'deliveryMs', 'ms'], ['requests', 'requests', ''], ['request KB', 'requestKB', 'KB'],
  ['main-thread ms', 'mainThreadMs', 'ms'], ['heap KB', 'heapKB', 'KB'],
];
function verdicts(rows) {
  const novin = rows.find((r) => r.ours);
  if (!novin) return [];
  const peers = rows.filter((r) => !r.ours && !r.baseline);
  return COLUMNS.map(([title, key, unit]) => {
    const ours = novin[key];
    const best = peers.filter((p) => p[key] != null).sort((a, b) => a[key] - b[key])[0];
    if (ours == null || !best) return { column: title, text: `${title}: no comparison (${ours == null ? 'novin has no value' : 'no peer value'})` };
    const lead = ours < best[key];
    const ratio = lead ? best[key] / Math.max(ours, 1e-9) : ours / Math.max(best[key], 1e-9);
    // Load+init moves by ±50 ms between runs on a busy 2-core machine; a smaller gap decides nothing.
    const noise = key === 'loadInitMs' && Math.abs(ours - best[key]) < 50 ? ' (the gap is under 50 ms, within run-to-run noise)' : '';
    const show = (x) => `${fmt(x, Number.isInteger(x) || x >= 100 ? 0 : 1)}${unit ? ` ${unit}` : ''}`;
    const times = `${ratio.toFixed(ratio < 1.1 ? 2 : 1)}×`;
    const text = `${title}: novin ${show(ours)} vs best peer ${best.label} ${show(best[key])}: ` +
      (ours === best[key] ? 'tie' : lead ? `novin leads, ${times} better` : `novin does not lead, ${times} behind`) + noise;
    return { column: title, novin: ours, bestPeer: best.label, bestPeerValue: best[key], lead, ratio, text };
  });
}

// The product's own goals, checked against this run's medians.
const TARGETS = [
  ['script gzip B', 'scriptGzipB', 6 * 1024, 'B'], ['µs/call', 'usPerCall', 10, 'µs'], ['delivery ms', 'deliveryMs', 500, 'ms'],
  ['requests', 'requests', 3, ''], ['main-thread ms', 'mainThreadMs', 150, 'ms'],
];
function targets(rows) {
  const novin = rows.find((r) => r.ours);
  if (!novin) return [];
  return TARGETS.map(([title, key, limit, unit]) => {
    const v = novin[key];
    const shown = (x) => `${fmt(x, Number.isInteger(x) || x >= 100 ? 0 : 1)}${unit ? ` ${unit}` : ''}`;
    return { column: title, limit, value: v, met: v != null && v <= limit, text: `${title}: ${v == null ? 'not measured' : shown(v)} against ≤ ${shown(limit)}: ${v != null && v <= limit ? 'met' : 'NOT met'}` };
  });
}

function machine(chromiumVersion) {
  let distro = os.type();
  try { distro = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))[1]; } catch { /* not Linux */ }
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown', cores: cpus.length, memGB: Math.round(os.totalmem() / 2 ** 30),
    os: distro, node: process.version, chromium: chromiumVersion,
    playwrightCore: JSON.parse(readFileSync(requireHere.resolve('playwright-core/package.json'), 'utf8')).version,
  };
}

/** Rewrites the results between the markers of bench/README.md and of the project's README. */
function writeReadme(md) {
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  for (const file of [join(HERE, 'README.md'), join(HERE, '..', 'README.md')]) {
    const text = readFileSync(file, 'utf8');
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a < 0 || b < a) throw new Error(`${file} has no results markers`);
    writeFileSync(file, `${text.slice(0, a + start.length)}\n${md}\n${text.slice(b)}`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let slots = allSlots();
  const known = slots.map((s) => s.name);
  if (opts.only) {
    const unknown = opts.only.filter((n) => !known.includes(n));
    if (unknown.length) throw new Error(`unknown SDK ${unknown.join(', ')}; choose from ${known.filter((n) => n !== 'blank').join(', ')}`);
    slots = slots.filter((s) => s.baseline || opts.only.includes(s.name));
  }
  const missing = slots.filter((s) => !s.available);
  for (const s of missing) log(`skipping ${s.name}: ${s.ours ? 'dist/novinSDK.js is missing (run `npm run build`)' : 'not installed (run `npm install` in bench/)'}`);
  slots = slots.filter((s) => s.available);

  // Taken together with the server's copy of the files, so both tables describe the same bundle
  // even while dist/ is being rebuilt.
  const sizes = measureSizes();
  const server = await startServer({ slots, novinVersion: slots.find((s) => s.ours)?.version ?? '0.0.0' });
  const probe = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
  const chromiumVersion = probe.version();
  await probe.close();
  const started = new Date();
  const loadBefore = os.loadavg()[0];
  log(`bench: ${slots.map((s) => s.name).join(', ')}; ${opts.runs} run(s) of ${opts.events} events; Chromium ${chromiumVersion}`);

  const results = Object.fromEntries(slots.map((s) => [s.name, []]));
  for (let r = 0; r < opts.runs; r++) {
    // Rotating the order spreads any drift in machine load over all SDKs.
    const order = slots.map((_, i) => slots[(i + r) % slots.length]);
    for (const slot of order) {
      const t = Date.now();
      const m = await measure(slot, r + 1, opts, server);
      results[slot.name].push(m);
      const bits = [`load+init ${fmt(m.loadInitMs)} ms`];
      if (!slot.baseline && m.usPerCall != null) bits.push(`${fmtUs(m.usPerCall)} µs/call`, `${fmt(m.delivered)} delivered${m.deliveryMs != null ? ` in ${fmt(m.deliveryMs)} ms` : ''}`, `${fmt(m.requests)} req`, `main ${fmt(m.mainThreadMs)} ms`);
      bits.push(m.heapKB != null ? `heap ${fmt(m.heapKB)} KB` : `heap n/a`);
      if (m.external.length) bits.push(`${m.external.length} external blocked`);
      if (m.status !== 'ok') bits.push(`${m.status.toUpperCase()}${m.error ? `: ${m.error}` : ''}`);
      log(`run ${r + 1}/${opts.runs} ${slot.name.padEnd(11)} ${bits.join(', ')} [${((Date.now() - t) / 1000).toFixed(1)} s]`);
      if (opts.verbose) {
        if (m.paths) log(`    requests: ${m.paths.join(', ')}`);
        for (const e of m.errors.slice(0, 5)) log(`    ${e.slice(0, 300)}`);
        for (const u of [...new Set(m.external)].slice(0, 5)) log(`    blocked ${u}`);
      }
    }
  }
  await server.close();

  const baselineHeap = median((results.blank ?? []).map((r) => r.heapKB));
  const rows = slots.map((s) => summarise(s, results[s.name], baselineHeap, opts));
  const env = machine(chromiumVersion);
  const date = started.toISOString().slice(0, 10);
  // Other work on the machine skews every column; the load average says how quiet it was.
  env.loadAverage = { start: loadBefore, end: os.loadavg()[0] };
  const desc = `${date}, ${env.cores} × ${env.cpu}, ${env.memGB} GB, ${env.os}; Chromium ${env.chromium} headless, playwright-core ${env.playwrightCore}, Node ${env.node}; ` +
    `1-minute load average ${env.loadAverage.start.toFixed(1)} at the start, ${env.loadAverage.end.toFixed(1)} at the end`;
  const v = verdicts(rows);
  const tg = targets(rows);
  const benchTable = table(rows, opts);
  const md = [
    `#### Benchmark: medians of ${opts.runs} run${opts.runs > 1 ? 's' : ''}, ${fmt(opts.events)} \`itemView\` events per run`,
    '',
    `Measured ${desc}.`,
    '',
    benchTable,
    '',
    ...(v.length ? ['How novin compares with the best peer in each column:', '', ...v.map((x) => `- ${x.text}`), ''] : []),
    ...(tg.length ? ['novin against its targets:', '', ...tg.map((x) => `- ${x.text}`), ''] : []),
    `#### Bundle sizes (\`npm run size\`), ${date}`,
    '',
    sizeMarkdown(sizes),
  ].join('\n');

  const outDir = join(HERE, 'results');
  mkdirSync(outDir, { recursive: true });
  const json = { date: started.toISOString(), finished: new Date().toISOString(), machine: env, options: opts, summary: rows, verdicts: v, targets: tg, sizes, runs: results };
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify(json, null, 2));
  writeFileSync(join(outDir, `bench-${stamp}.json`), JSON.stringify(json, null, 2));
  writeFileSync(join(outDir, 'latest.md'), md + '\n');
  if (opts.writeReadme) writeReadme(md);

  console.log(md);
  const external = rows.reduce((n, r) => n + r.external, 0);
  if (external) {
    log(`\n${external} request(s) tried to leave 127.0.0.1 and were blocked; see results/latest.json`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  log(e.stack ?? e);
  process.exit(1);
});
