/**
 * PostgreSQL going away: down at start (the server says where it knocks and
 * retries) and restarted under a running server (requests answer a clean 503
 * and recover without a server restart). A throwaway cluster in a temp dir
 * (initdb + pg_ctl as the postgres user) is stopped and started here, so the
 * shared database other tests use is never disturbed.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../src/server/app';
import { openStores } from '../../../src/server/store/open-stores';

const binDir = existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql')
      .sort()
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .reverse()
      .find((d) => existsSync(`${d}/initdb`))
  : undefined;
const canRun = !!binDir && process.getuid?.() === 0;
if (!canRun) console.log('PostgreSQL fault cases skipped: they need the postgresql package and root (to run initdb as postgres)');

const PORT = 5400 + (process.pid % 90);
const url = `postgres://postgres@127.0.0.1:${PORT}/postgres`;
const asPostgres = (cmd: string) => execFileSync('su', ['postgres', '-c', cmd], { stdio: 'pipe' });
let dir = '';
const pgCtl = (action: 'start' | 'stop') =>
  asPostgres(
    `${binDir}/pg_ctl -D ${dir}/data -w -l ${dir}/log ${action === 'start' ? `-o "-p ${PORT} -k ${dir} -h 127.0.0.1"` : '-m fast'} ${action}`,
  );

afterAll(() => {
  if (!dir) return;
  try {
    pgCtl('stop');
  } catch {
    // already stopped
  }
  rmSync(dir, { recursive: true, force: true });
});

function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

describe.skipIf(!canRun)('PostgreSQL faults', () => {
  it('waits for PostgreSQL at start, naming host and port, then starts', { timeout: 120_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-faults-'));
    chmodSync(dir, 0o777);
    asPostgres(`${binDir}/initdb -D ${dir}/data -A trust -U postgres >/dev/null`);
    const { logger, lines } = capturingLogger();
    const opening = openStores({ dataDir: dir, databaseUrl: url, logger });
    await expect.poll(() => lines.join('\n'), { timeout: 30_000 }).toContain(`PostgreSQL at 127.0.0.1:${PORT}/postgres is not reachable`);
    expect(lines.join('\n')).toContain('retrying in');
    pgCtl('start');
    const stores = await opening;
    expect((await stores.content.position()).seq).toBe(0);
    await stores.close();
  });

  it('answers 503 while PostgreSQL is down and recovers without a restart', { timeout: 120_000 }, async () => {
    const server = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', databaseUrl: url, logger: pino({ level: 'silent' }) });
    try {
      const head = () => fetch(`${server.url}/feed/v2/head?hall=hall-county`);
      expect((await head()).status).toBe(200);
      pgCtl('stop');
      const down = await head();
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(await down.json()).toMatchObject({ error: 'database-unavailable' });
      pgCtl('start');
      await expect.poll(async () => (await head()).status, { timeout: 30_000 }).toBe(200);
    } finally {
      await server.close();
    }
  });
});
