/**
 * Run as a child process by the exactly-once test: the console (with the
 * feedback ingest) on a real port over SQLite in `dataDir`. On first start it
 * registers one kiosk and writes its token to <dataDir>/token. The test kills
 * it with SIGKILL, never a clean shutdown.
 */
import pino from 'pino';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { mountConsole } from '../../../src/server/console/mount';
import { openSqliteStore } from '../../../src/server/store/sqlite-store';
import { fixtureRecords } from '../console/support/fixtures';
import { FEED_KEY } from '../console/support/harness';

const [dataDir, port] = process.argv.slice(2);
const content = openSqliteStore({ dataDir: dataDir! });
if ((await content.position()).seq === 0)
  await content.publish(
    fixtureRecords().map((record) => ({ op: 'put' as const, record })),
    { actor: 'test', now: new Date() },
  );
const app = new Hono();
const mounted = mountConsole({
  content,
  dataDir: dataDir!,
  feedPublicKey: async () => FEED_KEY,
  schedulerIntervalMs: 0,
  logger: pino({ level: 'silent' }),
  feedbackRateLimit: { burst: 1e6, perMinute: 1e6 },
});
app.route('/api/console', mounted.api);
app.route('/api/kiosk', mounted.kioskApi);
const tokenFile = join(dataDir!, 'token');
if (!existsSync(tokenFile)) {
  const admin = {
    id: 'u-admin',
    username: 'admin',
    displayName: 'admin',
    role: 'admin' as const,
    departments: null,
    halls: null,
    disabled: false,
    createdAt: '',
  };
  const { config } = await mounted.fleet.register(admin, {
    id: 'kiosk-county-1',
    hallId: 'hall-county',
    name: 'k',
    staffPin: '246813',
    feedUrl: '/',
    pollIntervalSeconds: 30,
  });
  writeFileSync(tokenFile, config.heartbeatToken!);
}
serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(`ready ${info.port} ${readFileSync(tokenFile, 'utf8')}`);
});
