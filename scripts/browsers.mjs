// The browsers the tests drive: Chromium (the Chromium tier and the cross-engine tier), Firefox
// ESR and WebKitGTK (the cross-engine tier). Run by `npm test` before vitest: on Debian as root it
// installs what is missing in one apt-get call; elsewhere it says, one line per tier, what to
// install or which variable to set, and that tier is skipped. With CI=true a browser still missing
// after that is an error, never a silent skip.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The first executable of that name on PATH. */
export function which(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && executable(join(dir, name))) return join(dir, name);
  return undefined;
}

/** An explicit variable wins (and must point at something runnable); otherwise the first candidate found. */
const pick = (env, variable, candidates) =>
  env[variable] ? (executable(env[variable]) ? env[variable] : undefined) : candidates.map((c) => (c.includes('/') ? (executable(c) ? c : undefined) : which(c, env))).find(Boolean);

/** WebKitGTK's MiniBrowser lives under the multiarch library directory. */
function miniBrowser() {
  for (const lib of ['/usr/lib', '/usr/lib64']) {
    let dirs = [];
    try {
      dirs = readdirSync(lib);
    } catch {
      continue;
    }
    for (const d of ['', ...dirs.filter((x) => x.includes('-linux-'))])
      for (const api of ['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0']) {
        const p = join(lib, d, api, 'MiniBrowser');
        if (executable(p)) return p;
      }
  }
  return undefined;
}

/**
 * What each browser tier needs: `paths` when everything is there, otherwise `missing` (Debian
 * packages) and `hint` (what to install or set, for one line). `dbus` is the D-Bus daemon the
 * Chromium tier's notification-click test runs.
 */
export function findBrowsers(env = process.env) {
  const chromium = pick(env, 'CHROMIUM_PATH', ['chromium', '/usr/bin/chromium']);
  const dbus = which('dbus-daemon', env);
  const firefox = pick(env, 'FIREFOX_PATH', ['firefox-esr', 'firefox']);
  const driver = pick(env, 'WEBKIT_DRIVER_PATH', ['WebKitWebDriver']);
  const mini = env.MINIBROWSER_PATH ? pick(env, 'MINIBROWSER_PATH', []) : miniBrowser();
  const xvfb = which('Xvfb', env);
  // A variable that points nowhere is named as the problem, not silently replaced.
  const wrong = ['CHROMIUM_PATH', 'FIREFOX_PATH', 'WEBKIT_DRIVER_PATH', 'MINIBROWSER_PATH'].filter((v) => env[v] && !executable(env[v]));
  const tier = (label, tests, paths, missing, hint) => {
    const bad = wrong.filter((v) => hint.includes(v));
    if (!missing.length) return { label, tests, paths };
    // Installing a package does not mend a variable that points elsewhere.
    if (bad.length) return { label, tests, missing, misconfigured: true, hint: `${bad.map((v) => `${v}=${env[v]} is not an executable`).join('; ')}; ${hint}` };
    return { label, tests, missing, hint };
  };
  return {
    chromium: tier('Chromium', 'the Chromium tests', { chromium }, chromium ? [] : ['chromium'], 'install chromium (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary'),
    // Only the notification-click test needs it: Chromium shows notifications through D-Bus.
    dbus: tier('dbus-daemon', 'the notification-click test', { dbus }, dbus ? [] : ['dbus-daemon'], 'install dbus-daemon (Debian: apt-get install -y dbus-daemon)'),
    firefox: tier('Firefox', 'the Firefox tests', { firefox }, firefox ? [] : ['firefox-esr'], 'install Firefox ESR (Debian: apt-get install -y firefox-esr) or set FIREFOX_PATH'),
    webkit: tier(
      'WebKitGTK',
      'the WebKitGTK tests',
      { driver, miniBrowser: mini, xvfb },
      [!(driver && mini) && 'webkit2gtk-driver', !xvfb && 'xvfb'].filter(Boolean),
      [
        !(driver && mini) && 'install WebKitGTK\'s WebDriver and MiniBrowser (Debian: apt-get install -y webkit2gtk-driver) or set WEBKIT_DRIVER_PATH and MINIBROWSER_PATH',
        !xvfb && 'install Xvfb (Debian: apt-get install -y xvfb)',
      ]
        .filter(Boolean)
        .join('; '),
    ),
  };
}

const isDebianRoot = () => {
  try {
    return process.getuid?.() === 0 && /^ID=debian$/m.test(readFileSync('/etc/os-release', 'utf8')) && !!which('apt-get');
  } catch {
    return false;
  }
};

/** Installs what is missing where that is ours to do, then reports; returns the exit code. */
export function ensureBrowsers(env = process.env, log = console.log) {
  let found = findBrowsers(env);
  const missing = [...new Set(Object.values(found).flatMap((t) => (t.misconfigured ? [] : t.missing ?? [])))];
  if (missing.length && isDebianRoot()) {
    log(`browsers: installing ${missing.join(' ')} (apt-get) …`);
    const apt = (...args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
    if (!apt('update') || !apt('install', '-y', ...missing)) log('browsers: apt-get failed; see its output above');
    found = findBrowsers(env);
  }
  const absent = Object.values(found).filter((t) => t.missing);
  for (const t of absent) log(`browsers: skipping ${t.tests}: ${t.hint}`);
  if (!absent.length) log(`browsers: ${Object.values(found).map((t) => t.label).join(', ')} found`);
  if (absent.length && env.CI && env.CI !== 'false') {
    log(`browsers: CI must run every browser tier; missing after the install attempt: ${absent.map((t) => t.label).join(', ')}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = ensureBrowsers();
