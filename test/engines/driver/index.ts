/**
 * Launches an engine from what scripts/browsers.mjs found on this machine.
 */
import { findBrowsers, type Tier } from '../../../scripts/browsers.mjs';
import { launchChromium, launchFirefox } from './puppeteer.js';
import type { Engine, EngineName, EngineOptions } from './types.js';
import { launchWebKit, type WebKitPaths } from './webkit.js';

export type * from './types.js';

export const LABELS: Record<EngineName, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKitGTK' };

/** What this machine has for the engine: its paths, or why it cannot run. */
export const findEngine = (name: EngineName): Tier => findBrowsers()[name];

export async function launchEngine(name: EngineName, options: EngineOptions): Promise<Engine> {
  const found = findEngine(name);
  if (!found.paths) throw new Error(found.hint);
  if (name === 'chromium') return launchChromium(found.paths.chromium, options);
  if (name === 'firefox') return launchFirefox(found.paths.firefox, options);
  return launchWebKit(found.paths as unknown as WebKitPaths, options);
}
