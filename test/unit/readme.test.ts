/**
 * The README must not drift from the code: its event reference is the catalog's, its stub
 * is the shop's stub.js byte for byte, and every local link it makes points at a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalog, eventDocs } from '../../src/events/index.js';
import { END, START, renderEventReference, replaceSection } from '../../scripts/event-reference.mjs';

// Node's path helpers: under happy-dom, URL is the DOM's and refuses file: URLs.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  // npm test builds first; run on its own without a build, there is nothing to compare.
  it.skipIf(!existsSync(join(ROOT, 'dist/novinSDK.js')))('states the size of novinSDK.js as built (npm run size -- --write-readme)', async () => {
    const { measure, claim, README_CLAIM } = await import('../../scripts/size.mjs');
    expect(README.match(README_CLAIM)?.[0]).toBe(claim(measure(ROOT)[0]));
  });

  it('holds the event reference generated from the catalog (run node scripts/event-reference.mjs)', () => {
    expect(replaceSection(README, renderEventReference(catalog, eventDocs))).toBe(README);
  });

  it('names every catalog event with its required fields in the reference', () => {
    const section = README.slice(README.indexOf(START), README.indexOf(END));
    for (const [name, entry] of Object.entries(catalog)) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      for (const field of Object.keys((entry as { top?: object }).top ?? {})) expect(row, `${name}.${field}`).toContain(`\`${field}\``);
    }
  });

  it('refuses to write when its markers are gone', () => {
    expect(() => replaceSection('# no markers', 'x')).toThrow(/markers/);
  });

  it('shows the stub exactly as the shop ships it', () => {
    const stub = readFileSync(join(ROOT, 'examples/shop/stub.js'), 'utf8').trim();
    expect(README).toContain(`<script>\n${stub}\n</script>`);
  });

  it('links only to files that exist', () => {
    const links = [...README.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(existsSync(join(ROOT, link)), link).toBe(true);
  });
});
