import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock/index.js';

let dir = '';
let server: MockServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'novin-mock-files-'));
  writeFileSync(join(dir, 'sdk.js'), 'window.loaded = true;');
  server = await startMockServer({ port: 0, files: { '/novinSDK.js': join(dir, 'sdk.js'), '/missing.js': join(dir, 'nope.js') } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startMockServer', () => {
  it('serves the extra files beside the API on one origin', async () => {
    const res = await fetch(`${server.url}/novinSDK.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('window.loaded = true;');
    expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/other.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sdk`)).status).toBe(200);
  });
  it('answers HEAD like GET without a body', async () => {
    const res = await fetch(`${server.url}/inspector/state`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
