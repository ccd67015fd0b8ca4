/**
 * What the cross-engine suite asks of a browser, whichever protocol drives it: Chromium over
 * CDP and Firefox over WebDriver BiDi (puppeteer-core), WebKitGTK over W3C WebDriver
 * (webdriverio). Tests use only this, so every engine runs the same test code.
 */

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export interface Cookie {
  name: string;
  value: string;
  /** '.example.com' for a domain cookie, the bare host for a host-only one. */
  domain: string;
  path: string;
  /** Seconds since the epoch; -1 for a session cookie. */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  /** 'Lax', 'Strict' or 'None', as the engine reports it. */
  sameSite?: string;
}

/** A page function: runs in the page, so it may use nothing from the test's scope. */
export type PageFn<A extends unknown[], R> = (...args: A) => R | Promise<R>;

export interface Tab {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs `fn` in the page and resolves with its (awaited) result; `undefined` comes back as `undefined`. */
  evaluate<A extends unknown[], R>(fn: PageFn<A, R>, ...args: A): Promise<R>;
  /** Cookies the engine would send to the page's URL, with their attributes. */
  cookies(): Promise<Cookie[]>;
  /** Closes the tab as a visitor does: the page hides and unloads, its handlers run. */
  close(): Promise<void>;
}

export interface Session {
  /** A new tab in this session: same cookies and storage as the session's other tabs. */
  newTab(): Promise<Tab>;
  /**
   * Network emulation for every tab of the session (navigator.onLine, the online/offline
   * events, failing requests). Undefined where the engine has none.
   */
  setOffline?: (offline: boolean) => Promise<void>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** A private-browsing session, as the engine offers one (Firefox: IndexedDB disabled there too). */
  private?: boolean;
}

export interface EngineOptions {
  /** Host names that must reach 127.0.0.1 (the collector), e.g. www.sdk.test. */
  hosts: string[];
}

export interface Engine {
  name: EngineName;
  /** 'Chromium 156.0.8078.114', as the running browser reports it. */
  version: string;
  /** How it is driven, for the results table. */
  protocol: string;
  /** Can this engine emulate going offline? */
  offline: boolean;
  /** A fresh, isolated session: no cookies, no storage, no service workers. */
  newSession(options?: SessionOptions): Promise<Session>;
  /** Closes the browser and every process started for it. Safe to call twice. */
  close(): Promise<void>;
}
