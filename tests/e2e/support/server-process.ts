/**
 * The whole server (feed, kiosk pages, console, feedback ingest) as a child
 * process for browser tests that kill it with SIGKILL: argv dataDir staticDir
 * kioskConfigDir port (0 = any). On first start it registers one kiosk and
 * writes the kiosk's paired configuration (token included) to
 * <dataDir>/paired-<kioskId>.json. Prints "ready <port>" once listening.
 */
import pino from 'pino';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../../src/server/app';
import { registerPairedKiosk } from './paired-kiosk';
import { openSqliteConsoleStore } from '../../../src/server/console/store/sqlite-console-store';

const [dataDir, staticDir, kioskConfigDir, port, kioskId] = process.argv.slice(2) as [string, string, string, string, string];
const server = await startServer({
  dataDir,
  port: Number(port),
  staticDir,
  kioskConfigDir,
  seedDemo: true,
  logger: pino({ level: 'silent' }),
});
const pairedFile = join(dataDir, `paired-${kioskId}.json`);
if (!existsSync(pairedFile)) {
  const consoleStore = openSqliteConsoleStore({ dataDir });
  const config = await registerPairedKiosk(server, consoleStore, { id: kioskId, name: kioskId, pollIntervalSeconds: 30 });
  await consoleStore.close();
  writeFileSync(pairedFile, JSON.stringify(config));
}
console.log(`ready ${server.port}`);
