export interface Tier {
  label: string;
  /** The tests that need it, for the skip line. */
  tests: string;
  /** Set when everything the tier needs was found. */
  paths?: Record<string, string>;
  /** Debian packages that would bring what is missing. */
  missing?: string[];
  /** A path variable is set to something that does not run. */
  misconfigured?: boolean;
  /** One line: what to install or which variable to set. */
  hint?: string;
}
export interface Browsers {
  chromium: Tier & { paths?: { chromium: string } };
  dbus: Tier & { paths?: { dbus: string } };
  firefox: Tier & { paths?: { firefox: string } };
  webkit: Tier & { paths?: { driver: string; miniBrowser: string; xvfb: string } };
}
export function which(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function findBrowsers(env?: NodeJS.ProcessEnv): Browsers;
export function ensureBrowsers(env?: NodeJS.ProcessEnv, log?: (line: string) => void): number;
