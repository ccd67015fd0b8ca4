/**
 * The WebKitGTK driver's own processes: an Xvfb that never reports its display must not outlive
 * the failed launch (a leftover X server would keep running after the tests, on CI too).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startXvfb } from './webkit.js';

const dir = mkdtempSync(join(tmpdir(), 'novin-xvfb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('stops an Xvfb that gives no display in time', async () => {
  // An X server that starts and never answers: it writes its pid and waits.
  const xvfb = join(dir, 'Xvfb');
  writeFileSync(xvfb, `#!/bin/sh\necho $$ > ${join(dir, 'pid')}\nexec sleep 60\n`);
  chmodSync(xvfb, 0o755);
  await expect(startXvfb(xvfb, 500)).rejects.toThrow(/Xvfb gave no display within 0\.5 s/);
  const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  const end = Date.now() + 5_000;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(alive(pid)).toBe(false);
});
