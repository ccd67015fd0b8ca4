/**
 * A stand-in for the desktop's notification server (org.freedesktop.Notifications) on a
 * private D-Bus session bus. Chromium on Linux, headless too, sends web notifications there
 * when the name has an owner at start-up; emitting ActionInvoked then makes Chromium dispatch
 * a trusted `notificationclick` — the only way to click a notification for real in a test
 * (the DevTools protocol has no command for it). Chromium dispatches the click only for a
 * persistent profile (`launchPersistentContext`), not an off-the-record context.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import dbus from 'dbus-next';

export interface Shown {
  id: number;
  /** The notification's title. */
  summary: string;
  /** Chromium prefixes the site's host and a blank line to the body. */
  body: string;
  /** Pairs of key and label: '0', '1'… for buttons, 'default' for the body. */
  actions: string[];
}

export interface FakeNotifyd {
  /** For DBUS_SESSION_BUS_ADDRESS in the browser's environment. */
  address: string;
  shown: Shown[];
  waitFor(match: (n: Shown) => boolean, timeoutMs?: number): Promise<Shown>;
  /** A click on the body ('default') or on button n (String(n)). */
  click(id: number, key?: string): void;
  /** The user closed it (reason 2: dismissed). */
  dismiss(id: number): void;
  stop(): Promise<void>;
}

const NAME = 'org.freedesktop.Notifications';
const PATH = '/org/freedesktop/Notifications';

export const hasDbus = (): Promise<boolean> =>
  new Promise((resolve) => {
    const p = spawn('dbus-daemon', ['--version'], { stdio: 'ignore' });
    p.on('error', () => resolve(false));
    p.on('exit', (code) => resolve(code === 0));
  });

function server(onNotify: (n: Shown) => void) {
  class Notifications extends dbus.interface.Interface {
    private next = 1;
    GetCapabilities(): string[] {
      return ['actions', 'body', 'persistence'];
    }
    GetServerInformation(): string[] {
      return ['novin-test', 'novin', '1', '1.2'];
    }
    Notify(_app: string, replaces: number, _icon: string, summary: string, body: string, actions: string[]): number {
      const id = replaces || this.next++;
      onNotify({ id, summary, body, actions });
      return id;
    }
    CloseNotification(id: number): void {
      this.NotificationClosed(id, 3);
    }
    // Signals: what a method returns is what the bus emits.
    ActionInvoked(id: number, key: string): [number, string] {
      return [id, key];
    }
    NotificationClosed(id: number, reason: number): [number, number] {
      return [id, reason];
    }
  }
  Notifications.configureMembers({
    methods: {
      GetCapabilities: { inSignature: '', outSignature: 'as' },
      GetServerInformation: { inSignature: '', outSignature: 'ssss' },
      Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
      CloseNotification: { inSignature: 'u', outSignature: '' },
    },
    signals: { ActionInvoked: { signature: 'us' }, NotificationClosed: { signature: 'uu' } },
  });
  return new Notifications(NAME);
}

export async function startFakeNotifyd(): Promise<FakeNotifyd> {
  const daemon: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    daemon.once('error', reject);
    createInterface({ input: daemon.stdout! }).once('line', resolve);
  });
  const shown: Shown[] = [];
  const waiters = new Set<() => void>();
  const iface = server((n) => {
    shown.push(n);
    for (const w of waiters) w();
  });
  const bus = dbus.sessionBus({ busAddress: address });
  bus.export(PATH, iface);
  await bus.requestName(NAME, 0);
  return {
    address,
    shown,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const n = shown.find(match);
          if (!n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(n);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching Notify() within ${timeoutMs} ms (saw ${JSON.stringify(shown.map((n) => n.summary))})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    click: (id, key = 'default') => void (iface as unknown as { ActionInvoked(i: number, k: string): void }).ActionInvoked(id, key),
    dismiss: (id) => void (iface as unknown as { NotificationClosed(i: number, r: number): void }).NotificationClosed(id, 2),
    async stop() {
      bus.disconnect();
      daemon.kill();
    },
  };
}
