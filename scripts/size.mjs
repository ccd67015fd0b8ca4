// Compressed sizes of the files we ship; `--check` is what CI runs to hold the budget.
//   node scripts/size.mjs            table; a missing file is reported, not fatal
//   node scripts/size.mjs --check    exit 1 when a file is missing or over its budget
//   node scripts/size.mjs --json     the same numbers as JSON (used by bench/)
//   node scripts/size.mjs --write-readme   puts novinSDK.js's sizes in the README's first paragraph
// Each file is measured as served: a `.map` beside it is fetched only by developer tools and never counted.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;
const NPM_IMPORT = "npm: import { createNovin } (esbuild, minified)";
const NPM_PUSH = 'npm: its push chunk, loaded only with push';

// Budgets are gzip bytes. The npm build (dist/index*.mjs) is left unminified for the app's bundler
// to tree-shake, so its files' sizes say little: what npm users pay is measured by bundling it as an
// app would (`bundle` rows, see npmImport).
export const FILES = [
  { file: 'dist/novinSDK.js', budget: 10 * KB, target: 6 * KB },
  // Fetched only on pages of sites that configured push, after the page has loaded.
  { file: 'dist/novin-push.js', budget: 2 * KB },
  { file: 'dist/novin-sw.js', budget: 5 * KB },
  // What an app's page loads for `import { createNovin } from 'novin-sdk'` (esbuild, minified, browser).
  { file: NPM_IMPORT, bundle: 'page', budget: 10 * KB },
  // The push chunk such an app's bundler splits off: loaded only when `push` is configured.
  { file: NPM_PUSH, bundle: 'push' },
];

export function measure(root = ROOT) {
  let bundled;
  return FILES.map(({ file, budget, target, bundle }) => {
    const path = join(root, bundle ? 'dist/index.mjs' : file);
    if (!existsSync(path)) return { file, budget, target, missing: true };
    const buf = bundle ? (bundled ??= npmImport(root))[bundle] : readFileSync(path);
    // The peers were measured at gzip -9 and brotli -q 11; zlib at the same levels gives the same brotli bytes and
    // gzip within a few dozen bytes of the CLI, and it is what the bench server sends, so the two tables agree.
    const gzip = gzipSync(buf, { level: 9 }).length;
    const brotli = brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }).length;
    return { file, budget, target, raw: buf.length, gzip, brotli, over: budget != null && gzip > budget };
  });
}

/**
 * Bundles `export { createNovin } from 'novin-sdk'` as an app's bundler would (esbuild, minified,
 * browser, code splitting on) and returns what the page loads up front (the entry and the chunks it
 * imports statically, as one file) and what it loads only on `import()` (the push chunk).
 */
function npmImport(root) {
  // Loaded here, not at the top: the README test imports this module in a DOM-like environment.
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  const result = buildSync({
    stdin: { contents: "export { createNovin } from './dist/index.mjs';", resolveDir: root, sourcefile: 'app.mjs' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    outdir: join(root, 'size-bundle'),
    absWorkingDir: root,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [relative(root, f.path).replaceAll('\\', '/'), f.contents]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint);
  const page = new Set();
  const visit = (o) => page.has(o) || (page.add(o), outputs[o].imports.filter((i) => i.kind === 'import-statement').forEach((i) => visit(i.path)));
  visit(entry);
  const lazy = Object.keys(outputs).filter((o) => !page.has(o) && !o.endsWith('.map'));
  const join_ = (list) => Buffer.concat(list.map((o) => files.get(o)));
  return { page: join_([...page]), push: join_(lazy) };
}

const num = (n) => n.toLocaleString('en-US');
const kb = (n) => `${(n / KB).toFixed(2)} KB`;

export function markdown(rows) {
  const lines = [
    '| file | raw B | gzip B (zlib level 9) | brotli B (quality 11) | CI budget (gzip) | status |',
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const budget = r.budget != null ? kb(r.budget) : '–';
    if (r.missing) {
      lines.push(`| \`${r.file}\` | – | – | – | ${budget} | missing (run \`npm run build\`) |`);
      continue;
    }
    let status = r.budget == null ? 'no budget' : r.over ? `OVER by ${num(r.gzip - r.budget)} B` : `ok, ${num(r.budget - r.gzip)} B left`;
    if (r.target != null) status += r.gzip <= r.target ? `; within the ${kb(r.target)} target` : `; above the ${kb(r.target)} target`;
    lines.push(`| \`${r.file}\` | ${num(r.raw)} | ${num(r.gzip)} | ${num(r.brotli)} | ${budget} | ${status} |`);
  }
  return lines.join('\n');
}

/** The README's claim about novinSDK.js: `**8.4 KB gzipped** (7.6 KB brotli`. */
export const README_CLAIM = /\*\*([\d.]+) KB gzipped\*\* \(([\d.]+) KB brotli/;
export const claim = (r) => `**${(r.gzip / 1000).toFixed(1)} KB gzipped** (${(r.brotli / 1000).toFixed(1)} KB brotli`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const rows = measure();
  if (args.includes('--write-readme') && !rows[0].missing) {
    const file = join(ROOT, 'README.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(README_CLAIM, claim(rows[0])));
  }
  if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else console.log(markdown(rows));
  if (args.includes('--check')) {
    const bad = rows.filter((r) => r.missing || r.over);
    for (const r of bad) console.error(r.missing ? `size: ${r.file} is missing` : `size: ${r.file} is ${num(r.gzip)} B gzip, over its ${num(r.budget)} B budget`);
    if (bad.length) process.exit(1);
  }
}
