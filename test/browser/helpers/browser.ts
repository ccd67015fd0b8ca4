/**
 * Launches Debian's Chromium through playwright-core (no browser download here).
 * One browser per test file; a fresh context per test keeps cookies and IndexedDB apart.
 */
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startCollector, type Collector, type CollectorOptions } from './collector.js';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'chromium');

export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch(extraArgs: string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs], ...options });
}

/** Collects page errors and console errors so a test can assert the host page never broke. */
export function watchPage(page: Page): { errors: string[]; logs: string[] } {
  const out = { errors: [] as string[], logs: [] as string[] };
  page.on('pageerror', (e) => out.errors.push(String(e)));
  page.on('console', (m) => out.logs.push(`${m.type()}: ${m.text()}`));
  return out;
}

export async function newPage(ctx: BrowserContext): Promise<{ page: Page; errors: string[]; logs: string[] }> {
  const page = await ctx.newPage();
  return { page, ...watchPage(page) };
}

/** Where tests leave screenshots and tables for people to look at. */
export const OUTPUT = fileURLToPath(new URL('../../../test-output/', import.meta.url));
export function outputPath(name: string): string {
  mkdirSync(OUTPUT, { recursive: true });
  return OUTPUT + name;
}

export interface Suite {
  browser: Browser;
  collector: Collector;
  ctx: BrowserContext;
}

/**
 * One browser and one collector per test file, a fresh context per test (so cookies and
 * IndexedDB never leak between tests). `bind` receives them whenever they change.
 */
export function useBrowser(bind: (s: Suite) => void, args: string[] = [], options?: CollectorOptions): void {
  const s = {} as Suite;
  beforeAll(async () => {
    [s.browser, s.collector] = await Promise.all([launch(args), startCollector(options)]);
    bind(s);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.collector?.close();
  });
  beforeEach(async () => {
    // Closing first: what the last test's pages hand over as they close must not count in this one.
    await s.ctx?.close();
    s.collector.reset();
    s.ctx = await s.browser.newContext();
    bind(s);
  });
}
