import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));
// The plugin only transpiles: its type errors would be warnings, which `rollup -c --silent` hides. The build's
// tsc (declarations) and `npm run typecheck` are what check types, once each instead of once per bundle.
const NO_CHECK = { noCheck: true };
const ts = (...dirs) =>
  typescript({ tsconfig: './tsconfig.build.json', compilerOptions: NO_CHECK, include: ['src/**/*.ts', ...dirs.map((d) => `${d}/**/*.ts`)] });
// `pageOnly`: the bundle runs only in pages (src/page.ts).
const define = (pageOnly = false) => ({
  name: 'define-version',
  transform: (code) =>
    code.includes('__NOVIN_') ? code.replaceAll('__NOVIN_VERSION__', version).replaceAll('__NOVIN_PAGE_ONLY__', String(pageOnly)) : null,
});
// Property names starting with `_` are internal and mangled: they never reach the public API. Only our
// notices line (the banner) survives of the comments. Inlining only simple functions leaves fewer copies of
// the same code (smaller after gzip); methods may become shorthand because none of ours is ever `new`ed.
const minify = () =>
  terser({
    ecma: 2020,
    compress: { passes: 3, pure_getters: true, inline: 1, unsafe_methods: true },
    mangle: { properties: { regex: /^_/ } },
    format: { comments: /^! Licences: / },
  });
// Declarations are emitted by tsc into dist/types; each public entry gets a one-line d.ts beside it.
const dts = (file, src) => ({
  name: 'dts-entry',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: file, source: `export * from './types/${src}.js';\n` });
  },
});
const SRC_INDEX = fileURLToPath(new URL('./src/index.ts', import.meta.url));
const node = { external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)] };

// Built for bundlers (npm), they import their dependencies so an app that already uses them carries one copy.
const deps = { external: ['idb-keyval', 'js-cookie'], treeshake: { moduleSideEffects: 'no-external' } };
// The script-tag files inline idb-keyval (Apache-2.0) and js-cookie (MIT): one line points at their notices, the
// shortest that does (every byte of it is paid on every page; a licence line per dependency costs more).
const NOTICES = '/*! Licences: novin-sdk/THIRD-PARTY-NOTICES */';
// Maps for the files sites serve as they are; the app's bundler makes its own for the npm build.
const script = (file, inlinesDeps = true) => ({ file, format: 'iife', sourcemap: true, ...(inlinesDeps && { banner: NOTICES }) });
// `novin-sdk/global` types window.novin; at run time it is an empty module, so importing it for its types is harmless.
const globalTypes = {
  name: 'global-types',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'global.d.ts', source: "import './types/src/global-types.js';\nexport {};\n" });
    this.emitFile({ type: 'asset', fileName: 'global.mjs', source: '// Types only (window.novin, window.novinConfig): see global.d.ts.\nexport {};\n' });
  },
};

const entries = [
  // npm import for bundlers: ESM, unminified so the app's bundler can tree-shake it. The push code is a chunk
  // of its own, imported only when the app configures push, so bundlers split it off too.
  {
    input: 'src/index.ts',
    ...deps,
    // index.mjs exports the public API and nothing else; what it shares with the push chunk is in index-core.mjs.
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: 'index.mjs',
      chunkFileNames: ({ name }) => (name === 'index' ? 'index-core.mjs' : 'index-[name].mjs'),
      hoistTransitiveImports: false,
    },
    plugins: [define(), resolve(), ts(), dts('index.d.ts', 'src/index'), globalTypes],
  },
  // Script tag: one minified IIFE that installs window.novin.
  { input: 'src/global.ts', output: script('dist/novinSDK.js'), plugins: [define(true), resolve(), ts(), minify()] },
  // Its push module, loaded by novinSDK.js only on pages of sites that use push.
  { input: 'src/push-chunk.ts', output: script('dist/novin-push.js', false), plugins: [define(), resolve(), ts(), minify()] },
  // Push worker: a classic script (served at the site root or pulled in with importScripts) and ESM handlers.
  { input: 'sw/classic.ts', output: script('dist/novin-sw.js'), plugins: [define(), resolve(), ts('sw'), minify()] },
  { input: 'sw/index.ts', ...deps, output: { file: 'dist/sw.mjs', format: 'es' }, plugins: [define(), resolve(), ts('sw'), dts('sw.d.ts', 'sw/index')] },
  // Node only.
  { input: 'mock/index.ts', output: { file: 'dist/mock.mjs', format: 'es' }, ...node, plugins: [define(), ts('mock'), dts('mock.d.ts', 'mock/index')] },
  { input: 'server/index.ts', output: { file: 'dist/server.mjs', format: 'es' }, ...node, plugins: [define(), ts('server'), dts('server.d.ts', 'server/index')] },
  // The SPA example imports 'novin-sdk' as an app would; here that name means src/, so the demo needs no publish.
  {
    input: 'examples/spa/main.ts',
    output: { dir: 'examples/spa/dist', entryFileNames: 'app.js', chunkFileNames: 'app-[name].js', format: 'es' },
    plugins: [define(), { name: 'novin-sdk-self', resolveId: (id) => (id === 'novin-sdk' ? SRC_INDEX : null) }, resolve(), typescript({ tsconfig: './examples/spa/tsconfig.json', compilerOptions: NO_CHECK }), minify()],
  },
];

// ONLY=mock,server builds just the entries whose input path contains one of those words.
const only = process.env.ONLY?.split(',');
export default entries.filter((e) => existsSync(e.input) && (!only || only.some((w) => e.input.includes(w))));
