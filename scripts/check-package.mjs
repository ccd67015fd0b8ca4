// The package as its users get it: packs the tarball, lints it (publint; Are the Types Wrong with the
// ESM-only profile) and consumes it from a temporary app the way users do: an esbuild browser bundle,
// tsc with moduleResolution bundler and nodenext, a service worker typed with the webworker lib, and
// CommonJS require(). Nothing is fetched from a registry: the app gets the tarball's files, and the
// dependencies and tools this repository already installed.
//   node scripts/check-package.mjs          (CI runs it after `npm test`, which builds)
//   node scripts/check-package.mjs --keep   keeps the temporary app and prints where it is
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const requireHere = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const started = Date.now();
const failures = [];

/** Runs one named check, printing how long it took and what went wrong. */
async function check(name, fn) {
  const t = Date.now();
  try {
    const note = await fn();
    console.log(`ok    ${name}${note ? `: ${note}` : ''} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failures.push(name);
    console.log(`FAIL  ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)\n${String(e.message ?? e).replace(/^/gm, '      ')}`);
  }
}

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${[cmd, ...args].join(' ')} exited with ${code}\n${out.trim()}`))));
  });
}
const node = (args, options) => run(process.execPath, args, options);
const bin = (name, file) => join(dirname(requireHere.resolve(`${name}/package.json`)), file);

// 1. The tarball, as `npm publish` would make it. prepack builds it from a clean clone; here the build
//    is already there (CI runs `npm test` first), so packing skips it and stays fast.
const exported = Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)));
if (exported.some((f) => !existsSync(join(ROOT, f)))) {
  console.log('dist/ is incomplete: npm run build');
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'novin-package-'));
const app = join(work, 'app');
const installed = join(app, 'node_modules', pkg.name);
let tarball;
let packed;

await check('npm pack', async () => {
  const out = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { shell: process.platform === 'win32' });
  [packed] = JSON.parse(out.slice(out.indexOf('[')));
  tarball = join(work, packed.filename);
  // Unpacked first, so the checks below run on what was packed even when this one fails.
  mkdirSync(installed, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  const files = new Set(packed.files.map((f) => f.path));
  const wanted = [
    'LICENSE',
    'THIRD-PARTY-NOTICES',
    'README.md',
    'mock/README.md',
    'server/README.md',
    'sw/README.md',
    'bin/novin-mock.mjs',
    'dist/index-core.mjs',
    'dist/index-push.mjs',
    'dist/novinSDK.js.map',
    'dist/novin-push.js.map',
    'dist/novin-sw.js.map',
    ...exported.map((f) => f.replace(/^\.\//, '')),
  ];
  assert(/\bbuild\b/.test(pkg.scripts.prepack ?? ''), 'package.json has no prepack script that builds: a clean clone would publish an empty package');
  const absent = wanted.filter((f) => !files.has(f));
  assert(!absent.length, `missing from the tarball: ${absent.join(', ')}`);
  const stray = [...files].filter((f) => /^(src|test|scripts|examples|bench|mock\/(?!README)|server\/(?!README)|sw\/(?!README))/.test(f));
  assert(!stray.length, `not meant to be published: ${stray.join(', ')}`);
  return `${packed.filename}, ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KB`;
});
if (!tarball) process.exit(1);

// The app around the unpacked package: its dependencies as npm would install them (the versions this
// repository locked), @types/node for the Node entry points, and the app's own files.
for (const dep of [...Object.keys(pkg.dependencies ?? {}), '@types/node']) {
  const link = join(app, 'node_modules', dep);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', dep), link, 'junction');
}
const files = {
  'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
  // A browser app.
  'app.ts': `import { createNovin, type NovinEvent } from '${pkg.name}';
import type {} from '${pkg.name}/global';
export const novin = createNovin({ projectId: 'p', endpoint: 'https://cdp.example.com' });
void novin.event.send({ name: 'itemView', itemId: 'sku-1', properties: { itemName: 'Phone' } });
void novin.event.send({ name: 'video.play', properties: { seconds: 3 } });
const event: NovinEvent = { name: 'search', properties: { searchQuery: 'phone' } };
void novin.event.send(event);
// @ts-expect-error itemId is required
void novin.event.send({ name: 'itemView' });
// @ts-expect-error purchaseComplete is backend only
void novin.event.send({ name: 'purchaseComplete', itemIdList: ['sku-1'] });
// The script tag's global, typed through novin-sdk/global.
void window.novin?.event.send({ name: 'categoryView', categoryId: 'phones' });
window.novinConfig = { projectId: 'p', push: { vapidPublicKey: 'B' } };
`,
  // A site's server, in ESM and in CommonJS.
  'server.ts': `import { createServerClient } from '${pkg.name}/server';
import { createMockBackend } from '${pkg.name}/mock';
export const client = createServerClient({ endpoint: 'https://cdp.example.com', accessToken: 't' });
export const backend = createMockBackend();
void client.events.send({ name: 'purchaseComplete', userId: 'u', itemIdList: ['sku-1'] });
`,
  'server-cjs.cts': `import server = require('${pkg.name}/server');
export const client = server.createServerClient({ endpoint: 'https://cdp.example.com', accessToken: 't' });
`,
  'sw.ts': `/// <reference lib="webworker" />
import { install } from '${pkg.name}/sw';
install({ projectId: 'p', endpoint: 'https://cdp.example.com' });
`,
  'require.cjs': `const assert = require('node:assert');
assert.equal(typeof require('${pkg.name}/server').createServerClient, 'function');
assert.equal(typeof require('${pkg.name}/mock').createMockBackend, 'function');
assert.equal(typeof require('${pkg.name}').createNovin, 'function');
`,
};
const strict = { strict: true, noEmit: true, skipLibCheck: false, types: [] };
const tsconfigs = {
  'tsconfig.bundler.json': { compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'] }, files: ['app.ts'] },
  'tsconfig.nodenext.json': { compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: ['node'] }, files: ['app.ts', 'server.ts', 'server-cjs.cts'] },
  'tsconfig.worker.json': { compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', lib: ['es2022'] }, files: ['sw.ts'] },
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(app, name), text);
for (const [name, json] of Object.entries(tsconfigs)) writeFileSync(join(app, name), JSON.stringify(json, null, 2));

// 2. Linters, on what the tarball holds.
await check('publint', async () => {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const { messages, pkg: linted } = await publint({ pkgDir: installed, pack: false, level: 'suggestion' });
  const lines = messages.map((m) => `${m.type}: ${formatMessage(m, linted, { color: false })}`);
  assert(!messages.some((m) => m.type !== 'suggestion'), lines.join('\n'));
  return lines.length ? lines.join('; ') : 'no messages';
});

const attwArgs = ['--profile', 'esm-only', '--no-definitely-typed', '--no-emoji', '--no-color', '--format', 'ascii'];
attwArgs.push('--exclude-entrypoints', './novinSDK.js', './novin-sw.js', './novin-push.js', './package.json');
const attw = check('are the types wrong (ESM-only profile; the script-tag files excluded)', async () => {
  const out = await node([bin('@arethetypeswrong/cli', 'dist/index.js'), tarball, ...attwArgs]);
  const entries = out.match(/^"[^"]+"$/gm) ?? [];
  const ok = out.match(/^(node16 \(from ESM\)|bundler): OK/gm) ?? [];
  assert(entries.length && ok.length === 2 * entries.length, out);
  return `${entries.join(', ')}: node16 (ESM) and bundler OK`;
});

// 3. Consumers. tsc runs in parallel with the rest: it is the slow part.
const tsc = bin('typescript', 'bin/tsc');
const types = Promise.all(
  Object.keys(tsconfigs).map((config) =>
    check(`tsc -p ${config}`, () => node([tsc, '-p', join(app, config), '--pretty', 'false'], { cwd: app })),
  ),
);

const esbuild = requireHere('esbuild');
const bundle = (contents, options = {}) =>
  esbuild.build({
    stdin: { contents, resolveDir: app, sourcefile: 'entry.mjs' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    outdir: join(app, 'out'),
    absWorkingDir: app,
    ...options,
  });
const text = (result, pick = (f) => f) => result.outputFiles.filter(pick).map((f) => f.text).join('\n');

await check('esbuild: a browser app importing createNovin (push split off)', async () => {
  const r = await bundle(`import { createNovin } from '${pkg.name}';\nexport const novin = createNovin({ projectId: 'p' });`, { splitting: true, metafile: true });
  const outputs = r.metafile.outputs;
  const lazy = new Set(Object.values(outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => join(app, i.path))));
  assert(lazy.size === 1, `expected one chunk loaded by import(), got ${lazy.size}: ${Object.keys(outputs).join(', ')}`);
  const upFront = text(r, (f) => !lazy.has(f.path));
  assert(!upFront.includes('pushManager'), 'the push code is in what the page loads up front');
  assert(text(r, (f) => lazy.has(f.path)).includes('pushManager'), 'the chunk loaded on demand is not the push code');
  const one = await bundle(`import { createNovin } from '${pkg.name}';\nexport const novin = createNovin({ projectId: 'p' });`);
  return `${Object.keys(outputs).length} files; without splitting one file of ${(one.outputFiles[0].contents.length / 1024).toFixed(1)} KB`;
});

await check('vite: the same app (push split off)', async () => {
  writeFileSync(join(app, 'vite-app.js'), `import { createNovin } from '${pkg.name}';\nexport const novin = createNovin({ projectId: 'p' });\n`);
  const { build } = await import('vite');
  const result = await build({ root: app, configFile: false, logLevel: 'silent', build: { write: false, rollupOptions: { input: join(app, 'vite-app.js') } } });
  const chunks = (Array.isArray(result) ? result[0] : result).output.filter((o) => o.type === 'chunk');
  const lazy = chunks.filter((c) => c.isDynamicEntry);
  assert(lazy.length === 1 && lazy[0].code.includes('pushManager'), `expected the push code in one chunk loaded by import(): ${chunks.map((c) => c.fileName).join(', ')}`);
  assert(!chunks.some((c) => !c.isDynamicEntry && c.code.includes('pushManager')), 'the push code is in what the page loads up front');
  return chunks.map((c) => c.fileName).join(', ');
});

await check('esbuild: sideEffects keeps the script files and drops an unused import', async () => {
  const sw = text(await bundle(`import '${pkg.name}/novin-sw.js';`));
  assert(sw.includes('notificationclick'), "import 'novin-sdk/novin-sw.js' was dropped (sideEffects)");
  const tag = text(await bundle(`import '${pkg.name}/novinSDK.js';`));
  assert(tag.includes('novinConfig'), "import 'novin-sdk/novinSDK.js' was dropped (sideEffects)");
  const unused = text(await bundle(`import '${pkg.name}';\nimport '${pkg.name}/global';`));
  assert(unused.trim().length === 0, `an unused import of the npm build is not dropped: ${unused.length} bytes`);
});

await check("CommonJS: require('novin-sdk'), '/server', '/mock' in Node " + process.version, () => node([join(app, 'require.cjs')], { cwd: app }));

await types;
await attw;

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (process.argv.includes('--keep')) console.log(`the app is in ${app}`);
else rmSync(work, { recursive: true, force: true });
if (failures.length) {
  console.log(`package check: ${failures.length} failed (${failures.join('; ')}) in ${seconds} s`);
  process.exit(1);
}
console.log(`package check: all passed in ${seconds} s`);
