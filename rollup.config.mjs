import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));
// Each bundle type-checks only its own world (src/ for pages and workers, plus mock/ or server/ for Node).
const ts = (...dirs) => typescript({ tsconfig: './tsconfig.build.json', include: ['src/**/*.ts', ...dirs.map((d) => `${d}/**/*.ts`)] });
const define = () => ({
  name: 'define-version',
  transform: (code) => (code.includes('__NOVIN_VERSION__') ? code.replaceAll('__NOVIN_VERSION__', version) : null),
});
// Property names starting with `_` are internal and mangled: they never reach the public API.
const minify = () =>
  terser({ ecma: 2020, compress: { passes: 3, pure_getters: true }, mangle: { properties: { regex: /^_/ } }, format: { comments: false } });
// Declarations are emitted by tsc into dist/types; each public entry gets a one-line d.ts beside it.
const dts = (file, src) => ({
  name: 'dts-entry',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: file, source: `export * from './types/${src}.js';\n` });
  },
});
const SRC_INDEX = fileURLToPath(new URL('./src/index.ts', import.meta.url));
const node = { external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)] };

const entries = [
  // npm import for bundlers: ESM, unminified so the app's bundler can tree-shake it.
  { input: 'src/index.ts', output: { file: 'dist/index.mjs', format: 'es' }, plugins: [define(), resolve(), ts(), dts('index.d.ts', 'src/index')] },
  // Script tag: one minified IIFE that installs window.novin.
  { input: 'src/global.ts', output: { file: 'dist/novinSDK.js', format: 'iife' }, plugins: [define(), resolve(), ts(), minify()] },
  // Its push module, loaded by novinSDK.js only on pages of sites that use push.
  { input: 'src/push-chunk.ts', output: { file: 'dist/novin-push.js', format: 'iife' }, plugins: [define(), resolve(), ts(), minify()] },
  // Push worker: a classic script (served at the site root or pulled in with importScripts) and ESM handlers.
  { input: 'sw/classic.ts', output: { file: 'dist/novin-sw.js', format: 'iife' }, plugins: [define(), resolve(), ts('sw'), minify()] },
  { input: 'sw/index.ts', output: { file: 'dist/sw.mjs', format: 'es' }, plugins: [define(), resolve(), ts('sw'), dts('sw.d.ts', 'sw/index')] },
  // Node only.
  { input: 'mock/index.ts', output: { file: 'dist/mock.mjs', format: 'es' }, ...node, plugins: [define(), ts('mock'), dts('mock.d.ts', 'mock/index')] },
  { input: 'server/index.ts', output: { file: 'dist/server.mjs', format: 'es' }, ...node, plugins: [define(), ts('server'), dts('server.d.ts', 'server/index')] },
  // The SPA example imports 'novin-sdk' as an app would; here that name means src/, so the demo needs no publish.
  {
    input: 'examples/spa/main.ts',
    output: { file: 'examples/spa/dist/app.js', format: 'es' },
    plugins: [define(), { name: 'novin-sdk-self', resolveId: (id) => (id === 'novin-sdk' ? SRC_INDEX : null) }, resolve(), typescript({ tsconfig: './examples/spa/tsconfig.json' }), minify()],
  },
];

// ONLY=mock,server builds just the entries whose input path contains one of those words.
const only = process.env.ONLY?.split(',');
export default entries.filter((e) => existsSync(e.input) && (!only || only.some((w) => e.input.includes(w))));
