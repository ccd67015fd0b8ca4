/**
 * Chromium over the DevTools protocol and Firefox over WebDriver BiDi, both through
 * puppeteer-core (24.x: 25 needs Node 22). A session is a browser context with one blank
 * anchor tab, so closing the test's last tab is a tab closing, never the window.
 */
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import type { Cookie, Engine, EngineOptions, Session, SessionOptions, Tab } from './types.js';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function tab(page: Page, ctx: BrowserContext): Tab {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: (fn, ...args) => page.evaluate(fn as never, ...(args as unknown as never[])) as never,
    async cookies() {
      const url = page.url();
      const all = await ctx.cookies();
      const host = new URL(url).hostname;
      // The context holds every site's cookies; keep those the page's URL would be sent.
      return all
        .filter((c) => (c.domain.startsWith('.') ? host === c.domain.slice(1) || host.endsWith(c.domain) : host === c.domain))
        .map(
          (c): Cookie => ({
            name: c.name,
            value: c.value,
            domain: c.domain,
            path: c.path,
            expires: c.session ? -1 : c.expires,
            httpOnly: !!c.httpOnly,
            secure: !!c.secure,
            sameSite: c.sameSite,
          }),
        );
    },
    close: () => page.close(),
  };
}

/** A session in `ctx`; `own` says whether closing it closes the context or only the tabs it opened. */
async function session(ctx: BrowserContext, own = true): Promise<Session> {
  const anchor = await ctx.newPage();
  const pages = new Set<Page>();
  let offline = false;
  return {
    async newTab() {
      const page = await ctx.newPage();
      pages.add(page);
      page.once('close', () => pages.delete(page));
      if (offline) await page.setOfflineMode(true);
      return tab(page, ctx);
    },
    async setOffline(on) {
      offline = on;
      await Promise.all([...pages].map((p) => p.setOfflineMode(on)));
    },
    close: async () => {
      if (own) return ctx.close();
      await Promise.all([...pages, anchor].map((p) => p.close().catch(() => {})));
    },
  };
}

function engine(name: 'chromium' | 'firefox', browser: Browser, version: string, privateSession: () => Promise<Session>): Engine {
  let closed: Promise<void> | undefined;
  return {
    name,
    version,
    protocol: name === 'chromium' ? 'puppeteer-core, DevTools protocol' : 'puppeteer-core, WebDriver BiDi',
    // Firefox emulates offline over BiDi from 153 on.
    offline: name === 'chromium' || Number(version.match(/\d+/)?.[0]) >= 153,
    newSession: async (o: SessionOptions = {}) => (o.private ? privateSession() : session(await browser.createBrowserContext())),
    close: () =>
      (closed ??= browser.close().catch(() => {
        browser.process()?.kill('SIGKILL');
      })),
  };
}

export async function launchChromium(executablePath: string, o: EngineOptions): Promise<Engine> {
  const args = [...CHROMIUM_ARGS];
  if (o.hosts.length) args.push(`--host-resolver-rules=${o.hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`);
  const browser = await puppeteer.launch({ executablePath, headless: true, args });
  const version = (await browser.version()).replace(/^\w*Chrom\w*\//, '');
  // Every context of Chromium's own is off the record already: a private session is just another one.
  return engine('chromium', browser, `Chromium ${version}`, async () => session(await browser.createBrowserContext()));
}

export async function launchFirefox(executablePath: string, o: EngineOptions): Promise<Engine> {
  const prefs = { 'network.dns.localDomains': o.hosts.join(',') };
  const launch = (extra: Record<string, unknown> = {}) =>
    puppeteer.launch({ browser: 'firefox', executablePath, headless: true, extraPrefsFirefox: { ...prefs, ...extra } });
  const browser = await launch();
  const version = (await browser.version()).replace(/^firefox\//i, '');
  // Private browsing is a whole-browser mode in Firefox: a second browser for private sessions,
  // with IndexedDB disabled there as Firefox did before version 115 (and still can be set to).
  // It starts now, in the background, so no test waits for a second Firefox to boot.
  const priv = launch({ 'browser.privatebrowsing.autostart': true, 'dom.indexedDB.privateBrowsing.enabled': false });
  priv.catch(() => {});
  // Its default context is the private one; a session there opens and closes its own tabs.
  const privateSession = async () => session((await priv).defaultBrowserContext(), false);
  const e = engine('firefox', browser, `Firefox ${version}`, privateSession);
  const closeMain = e.close;
  return { ...e, close: () => Promise.all([closeMain(), priv.then((b) => b.close(), () => {})]).then(() => undefined) };
}
