// Builds the bundles whose files are missing (a fresh clone has none), one at a time, saying which
// and how long each took: the first run takes a minute or more and must not look hung.
// Used by `npm start`, by novin-mock run from a clone, and by the package check.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What each bundle of rollup.config.mjs is, by its main output file. */
export const BUNDLES = {
  'dist/index.mjs': 'the npm import',
  'dist/novinSDK.js': 'the script tag',
  'dist/novin-push.js': 'its push module',
  'dist/novin-sw.js': 'the push worker',
  'dist/sw.mjs': 'the push worker as a module',
  'dist/mock.mjs': 'the mock collector',
  'dist/server.mjs': 'the server client',
  'examples/spa/dist/app.js': 'the SPA example',
};

/** What `npm start` serves: the demo needs these built. */
export const DEMO_FILES = ['dist/novinSDK.js', 'dist/novin-push.js', 'dist/novin-sw.js', 'dist/mock.mjs', 'dist/server.mjs', 'examples/spa/dist/app.js'];

/** The file an output writes first: its `file`, or its entry in `dir`. */
const mainFile = (o) => (o.file ?? join(o.dir, o.entryFileNames)).replaceAll('\\', '/').replace(/^\.\//, '');

/**
 * Builds, in rollup.config.mjs's order, every bundle that writes one of `wanted` (default: all)
 * and whose file is missing. Resolves with the files it built; rejects when a build fails.
 * @param {{ wanted?: string[], log?: (line: string) => void, root?: string }} [options]
 */
export async function buildMissing({ wanted, log = (l) => console.log(l), root = ROOT } = {}) {
  const missing = (f) => (!wanted || wanted.includes(f)) && !existsSync(join(root, f));
  // Loaded only when something is missing: an installed package has dist/ and no rollup.
  const { loadConfigFile } = await import('rollup/loadConfigFile');
  const { rollup } = await import('rollup');
  const cwd = process.cwd();
  process.chdir(root); // the config's paths are relative to the package root
  try {
    const { options } = await loadConfigFile(join(root, 'rollup.config.mjs'), { silent: true });
    const todo = options.filter((o) => missing(mainFile(o.output[0])));
    if (!todo.length) return [];
    log(`building ${todo.length} missing bundle${todo.length > 1 ? 's' : ''}, one at a time:`);
    const all = Date.now();
    for (const o of todo) {
      const file = mainFile(o.output[0]);
      const started = Date.now();
      const bundle = await rollup({ ...o, onLog: () => {} });
      try {
        for (const out of o.output) await bundle.write(out);
      } finally {
        await bundle.close();
      }
      log(`  ${file} (${BUNDLES[file] ?? 'bundle'}) ${seconds(started)}`);
    }
    log(`built in ${seconds(all)}`);
    return todo.map((o) => mainFile(o.output[0]));
  } finally {
    process.chdir(cwd);
  }
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
