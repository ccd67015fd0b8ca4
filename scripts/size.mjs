// Compressed sizes of the files we ship; `--check` is what CI runs to hold the budget.
//   node scripts/size.mjs            table; a missing file is reported, not fatal
//   node scripts/size.mjs --check    exit 1 when a file is missing or over its budget
//   node scripts/size.mjs --json     the same numbers as JSON (used by bench/)
//   node scripts/size.mjs --write-readme   puts novinSDK.js's sizes in the README's first paragraph
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;

// Budgets are gzip bytes. index.mjs is left unminified for the app's bundler to tree-shake,
// so its own size says little about what a site ships and it has no budget.
export const FILES = [
  { file: 'dist/novinSDK.js', budget: 10 * KB, target: 6 * KB },
  // Fetched only on pages of sites that configured push, after the page has loaded.
  { file: 'dist/novin-push.js', budget: 2 * KB },
  { file: 'dist/novin-sw.js', budget: 5 * KB },
  { file: 'dist/index.mjs' },
];

export function measure(root = ROOT) {
  return FILES.map(({ file, budget, target }) => {
    const path = join(root, file);
    if (!existsSync(path)) return { file, budget, target, missing: true };
    const buf = readFileSync(path);
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

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
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
