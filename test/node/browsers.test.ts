/**
 * scripts/browsers.mjs, the first step of `npm test`: what it finds, what it asks to install, and
 * that on CI a browser still missing fails the run instead of skipping its tests. Runs against
 * fake executables on a PATH of its own, and an installer that only records what it was asked.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBrowsers, findBrowsers, onCI } from '../../scripts/browsers.mjs';

const bin = mkdtempSync(join(tmpdir(), 'novin-browsers-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const fake = (name: string) => {
  const path = join(bin, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
};
const ALL = ['chromium', 'dbus-daemon', 'firefox-esr', 'WebKitWebDriver', 'Xvfb'];
for (const name of ALL) fake(name);
const miniBrowser = fake('MiniBrowser');

/** A machine whose PATH holds `present` (the browsers' fakes) and nothing else. */
function machine(present: string[], extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(bin, 'path-'));
  for (const name of present) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), 0o755);
  }
  return { PATH: dir, MINIBROWSER_PATH: miniBrowser, ...extra };
}

/** Runs ensureBrowsers with an installer that installs nothing; answers its exit code, log and what it was asked. */
function ensure(env: NodeJS.ProcessEnv, install = (_packages: string[]) => true) {
  const log: string[] = [];
  const asked: string[][] = [];
  const code = ensureBrowsers(env, (l) => log.push(l), (packages) => (asked.push(packages), install(packages)));
  return { code, log, asked };
}

describe('onCI', () => {
  it('is any CI value but false', () => {
    expect([undefined, '', 'false'].map((CI) => onCI({ CI }))).toEqual([false, false, false]);
    expect(['true', '1', 'yes'].map((CI) => onCI({ CI }))).toEqual([true, true, true]);
  });
});

describe('ensureBrowsers', () => {
  it('finds every browser tier and asks to install nothing', () => {
    const { code, log, asked } = ensure(machine(ALL, { CI: 'true' }));
    expect(code).toBe(0);
    expect(asked).toEqual([]);
    expect(log).toEqual(['browsers: Chromium, dbus-daemon, Firefox, WebKitGTK found']);
  });

  it('asks for the missing Debian packages in one call, then skips what is still missing, with what to do', () => {
    const { code, log, asked } = ensure(machine(['chromium', 'dbus-daemon']));
    expect(code).toBe(0);
    expect(asked).toEqual([['firefox-esr', 'webkit2gtk-driver', 'xvfb']]);
    expect(log).toContain('browsers: skipping the Firefox tests: install Firefox ESR (Debian: apt-get install -y firefox-esr) or set FIREFOX_PATH');
    expect(log.some((l) => l.startsWith('browsers: skipping the WebKitGTK tests: ') && l.includes('apt-get install -y xvfb'))).toBe(true);
  });

  it('fails on CI when a browser is still missing after the install attempt, whatever the CI value', () => {
    for (const CI of ['true', '1']) {
      const { code, log } = ensure(machine(ALL.filter((n) => n !== 'firefox-esr'), { CI }));
      expect(code, `CI=${CI}`).toBe(1);
      expect(log.at(-1)).toBe('browsers: CI must run every browser tier; missing after the install attempt: Firefox');
      expect(log.some((l) => l.startsWith('browsers: skipping'))).toBe(false);
    }
    expect(ensure(machine(ALL.filter((n) => n !== 'firefox-esr'), { CI: 'false' })).code).toBe(0);
  });

  it('passes on CI once the install brought what was missing', () => {
    const env = machine(ALL.filter((n) => n !== 'Xvfb'), { CI: 'true' });
    const { code, asked } = ensure(env, () => (writeFileSync(join(env.PATH!, 'Xvfb'), ''), chmodSync(join(env.PATH!, 'Xvfb'), 0o755), true));
    expect(asked).toEqual([['xvfb']]);
    expect(code).toBe(0);
  });

  it('names a path variable that points nowhere instead of installing over it', () => {
    const env = machine(ALL, { FIREFOX_PATH: join(bin, 'no-such-firefox') });
    expect(findBrowsers(env).firefox).toMatchObject({ misconfigured: true, missing: ['firefox-esr'] });
    const { asked, log } = ensure(env);
    expect(asked).toEqual([]);
    expect(log[0]).toMatch(/^browsers: skipping the Firefox tests: FIREFOX_PATH=\S+no-such-firefox is not an executable; /);
  });
});
