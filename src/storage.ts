/** Does nothing: what a promise nobody waits for is caught with. */
export const noop = (): void => {};

/**
 * localStorage that never throws: blocked storage (privacy modes, sandboxed frames) makes a
 * value last for this page only, which is the most the SDK can promise there.
 */
export function readLocal(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writeLocal(key: string, value: string | undefined): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    /* remembered for this page only */
  }
}
