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
export function onCI(env?: NodeJS.ProcessEnv): boolean;
export function which(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function findBrowsers(env?: NodeJS.ProcessEnv): Browsers;
/** `install` is given the Debian packages that would bring what is missing, and answers whether it tried (default: apt-get on Debian as root). */
export function ensureBrowsers(
  env?: NodeJS.ProcessEnv,
  log?: (line: string) => void,
  install?: (packages: string[], env: NodeJS.ProcessEnv, log: (line: string) => void) => boolean,
): number;
