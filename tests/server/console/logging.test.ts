/**
 * Console failures reach the server's pino log (one JSON line each, with the error), not stderr:
 * an API request that fails, a heartbeat that fails and a scheduler tick that fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Hono } from 'hono';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { mountConsole } from '../../../src/server/console/mount';
import { openSqliteConsoleStore } from '../../../src/server/console/store/sqlite-console-store';
import { openSqliteStore } from '../../../src/server/store/sqlite-store';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function brokenConsole(schedulerIntervalMs: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-log-'));
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const content = openSqliteStore({ dataDir });
  const consoleStore = openSqliteConsoleStore({ dataDir });
  const mounted = mountConsole({
    content,
    consoleStore,
    feedPublicKey: async () => Buffer.alloc(32, 7).toString('base64'),
    schedulerIntervalMs,
    logger: pino({ level: 'info' }, sink),
  });
  const app = new Hono();
  app.route('/api/console', mounted.api);
  app.route('/api/kiosk', mounted.kioskApi);
  // The console database goes away under the running server: every use of it now throws.
  await consoleStore.close();
  cleanup = async () => {
    await mounted.close();
    await content.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { app, lines };
}

describe('console failures in the server log', () => {
  it('an API request and a heartbeat that fail answer 500 and are logged with their error', async () => {
    const { app, lines } = await brokenConsole(0);
    const login = await app.request('/api/console/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost' },
      body: JSON.stringify({ username: 'admin', password: 'a long good passphrase' }),
    });
    expect(login.status).toBe(500);
    expect(lines.find((l) => l.msg === 'console API error')).toMatchObject({
      level: 50,
      method: 'POST',
      path: '/api/console/login',
      err: { message: expect.any(String) },
    });

    const beat = await app.request('/api/kiosk/heartbeat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer a-kiosk-token-of-good-length' },
      body: JSON.stringify({ appVersion: '1', cursor: 0 }),
    });
    expect(beat.status).toBe(500);
    expect(lines.find((l) => l.msg === 'heartbeat error')).toMatchObject({ level: 50, path: '/api/kiosk/heartbeat' });
  });

  it('a failing scheduler tick is logged and the timer keeps going', async () => {
    const { lines } = await brokenConsole(20);
    await expect.poll(() => lines.filter((l) => l.msg === 'scheduler tick failed').length).toBeGreaterThanOrEqual(2);
    expect(lines.find((l) => l.msg === 'scheduler tick failed')).toMatchObject({ level: 50, err: { message: expect.any(String) } });
  });
});
