import { configDefaults, defineConfig } from 'vitest/config';
import { findBrowsers } from './scripts/browsers.mjs';

// Without Chromium (and not on CI, which must fail instead) the Chromium tier has nothing to
// run on; `npm test` has already said why (scripts/browsers.mjs). The cross-engine tier skips
// a missing engine itself, with the reason in its test names and in test-output/engines.md.
const CI = !!process.env.CI && process.env.CI !== 'false';
const browsers = findBrowsers();
const chromium = CI || !!browsers.chromium.paths;
const dbus = CI || !!browsers.dbus.paths;
if (!chromium) console.log(`browser tier skipped: ${browsers.chromium.hint}`);
else if (!dbus) console.log(`notification-click test skipped: ${browsers.dbus.hint}`);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'happy-dom',
          environmentOptions: { happyDOM: { url: 'https://shop.example.com/' } },
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        // Node processes and real HTTP: the mock backend's command line, the server client.
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Real Chromium through playwright-core; the 2-core machine runs these one file at a time.
        test: {
          name: 'browser',
          include: chromium ? ['test/browser/**/*.test.ts'] : [],
          exclude: [...configDefaults.exclude, ...(dbus ? [] : ['test/browser/push-click.test.ts'])],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // The same suite in Chromium (CDP), Firefox ESR (WebDriver BiDi) and WebKitGTK
        // (WebDriver): one file, one browser per engine; test-output/engines.md gathers them.
        test: {
          name: 'engines',
          include: ['test/engines/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // After the other tiers, so no two browsers share CI's two cores.
          sequence: { groupOrder: 1 },
          globalSetup: ['test/engines/global-setup.ts'],
        },
      },
    ],
  },
});
