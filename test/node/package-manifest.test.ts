/**
 * The package's manifest and built files, as a registry user gets them: CommonJS can require the
 * Node and npm entry points (Node 20.19+ loads ES modules through require), the npm build imports
 * its dependencies and loads push on demand, the script-tag files carry their notices line and
 * source maps, and sideEffects names only shipped files. scripts/check-package.mjs goes further
 * on the packed tarball (publint, attw, bundlers, tsc).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/mock-process.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const shipped = (f: string) => pkg.files.some((p: string) => f === p || f.startsWith(`${p}/`));

describe('CommonJS', () => {
  it(`require() loads the npm, server and mock entry points (Node ${process.version})`, () => {
    // `node -e` in the package root: require('novin-sdk/…') resolves through the exports map, as from node_modules.
    const code = `
      const assert = require('node:assert');
      assert.equal(typeof require('novin-sdk/server').createServerClient, 'function');
      assert.equal(typeof require('novin-sdk/mock').createMockBackend, 'function');
      assert.equal(typeof require('novin-sdk').createNovin, 'function');
      assert.deepEqual(Object.keys(require('novin-sdk/global')), []);`;
    const run = spawnSync(process.execPath, ['--input-type=commonjs', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('every entry point of the exports map has a default condition after its types', () => {
    for (const [entry, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target), entry).toEqual(['types', 'default']);
    }
  });
});

describe('the npm build', () => {
  it('imports idb-keyval and js-cookie instead of inlining them (dist/index-core.mjs, dist/sw.mjs)', () => {
    const index = read('dist/index-core.mjs');
    expect(index).toMatch(/^import Cookies from 'js-cookie';$/m);
    expect(index).toMatch(/^import \{[^}]*\} from 'idb-keyval';$/m);
    expect(read('dist/sw.mjs')).toMatch(/^import \{[^}]*\} from 'idb-keyval';$/m);
    // idb-keyval's and js-cookie's own functions are not in the files.
    for (const f of ['dist/index-core.mjs', 'dist/sw.mjs']) expect(read(f)).not.toMatch(/function (promisifyRequest|createStore|assign)\b/);
    for (const dep of Object.keys(pkg.dependencies)) expect(index + read('dist/sw.mjs')).toContain(`from '${dep}'`);
  });

  it('loads the push code only when push is configured: a chunk imported on demand', () => {
    const core = read('dist/index-core.mjs');
    expect(core).toContain("import('./index-push.mjs')");
    expect(core).not.toContain('pushManager');
    expect(read('dist/index-push.mjs')).toContain('pushManager');
  });

  it('exports the public API and nothing else', async () => {
    const api = await import('novin-sdk');
    expect(Object.keys(api).sort()).toEqual(['catalog', 'createNovin']);
  });
});

describe('the script-tag files', () => {
  it('point at the third-party notices in one short line where they inline idb-keyval or js-cookie', () => {
    const banner = '/*! Licences: novin-sdk/THIRD-PARTY-NOTICES */\n';
    expect(read('dist/novinSDK.js').startsWith(banner)).toBe(true);
    expect(read('dist/novin-sw.js').startsWith(banner)).toBe(true);
    // novin-push.js inlines neither.
    expect(read('dist/novin-push.js')).not.toContain('/*!');
    expect(read('dist/novin-push.js')).not.toContain('indexedDB');
  });

  it('ship source maps, named at their end', () => {
    for (const f of ['novinSDK.js', 'novin-push.js', 'novin-sw.js']) {
      expect(read(`dist/${f}`).endsWith(`\n//# sourceMappingURL=${f}.map\n`), f).toBe(true);
      const map = JSON.parse(read(`dist/${f}.map`));
      expect(map.file).toBe(f);
      // src/ is not published: the map carries the sources.
      expect(map.sourcesContent?.length, f).toBe(map.sources.length);
    }
  });
});

describe('package.json', () => {
  it('builds before packing, so a clean clone does not publish an empty package', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('lists in sideEffects only shipped files, the three script-tag files among them', () => {
    expect([...pkg.sideEffects].sort()).toEqual(['./dist/novin-push.js', './dist/novin-sw.js', './dist/novinSDK.js']);
    for (const f of pkg.sideEffects) {
      expect(shipped(f.replace(/^\.\//, '')), f).toBe(true);
      expect(existsSync(join(ROOT, f)), f).toBe(true);
    }
  });

  it('ships the licence, the notices and the READMEs the main README links to, and names the repository', () => {
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} novin-sdk contributors\n/);
    expect(pkg.license).toBe('MIT');
    for (const f of ['THIRD-PARTY-NOTICES', 'mock/README.md', 'server/README.md', 'sw/README.md']) expect(shipped(f), f).toBe(true);
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w-]+\/[\w-]+\.git$/);
    const repo = pkg.repository.url.replace(/^git\+|\.git$/g, '');
    expect(pkg.homepage).toBe(`${repo}#readme`);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
  });

  it('THIRD-PARTY-NOTICES holds the installed version and licence text of each dependency', () => {
    const notices = read('THIRD-PARTY-NOTICES');
    for (const dep of Object.keys(pkg.dependencies)) {
      const dir = join(ROOT, 'node_modules', dep);
      const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(notices).toContain(`${dep} ${version} (`);
      const file = ['LICENSE', 'LICENCE'].map((f) => join(dir, f)).find(existsSync)!;
      expect(notices, dep).toContain(readFileSync(file, 'utf8').trim());
      if (license === 'Apache-2.0') expect(notices).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    }
  });
});
