import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import type { MockBackend } from '../../../mock/index.js';

/**
 * Mounts the mock backend's handler in msw for the whole test file: requests to `base` reach
 * whatever backend `current()` returns at that moment (tests make a fresh one per test).
 */
export function serveInMsw(base: string, current: () => MockBackend): void {
  const server = setupServer(http.all(`${base}/*`, ({ request }) => current().handle(request)));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
}
