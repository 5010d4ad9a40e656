/**
 * `npm run feed:export` on a PostgreSQL deployment: the script reads the
 * database in DATABASE_URL (the feed key from --data), as run by an operator
 * next to several server processes, and writes the same static feed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../src/kiosk/sync/verify';
import { startServer } from '../../../src/server/app';
import { staticHeadPath, type SignedEnvelope } from '../../../src/shared/feed/static-feed';
import { POSTGRES_URL, freshSchema } from './dialects';

const run = promisify(execFile);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The URL with the test's schema as the connection's search_path, as an operator's URL may carry options. */
function urlWithSchema(schema: string): string {
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.href;
}

describe.skipIf(!POSTGRES_URL)('feed:export from PostgreSQL', () => {
  it('exports the halls of the database in DATABASE_URL, signed with the key in --data', async () => {
    const schema = freshSchema();
    const dataDir = mkdtempSync(join(tmpdir(), 'export-pg-data-'));
    const outDir = mkdtempSync(join(tmpdir(), 'export-pg-out-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
    const server = await startServer({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      databaseUrl: POSTGRES_URL,
      databaseSchema: schema,
      logger: pino({ level: 'silent' }),
    });
    const head = (await (await fetch(new URL('/feed/v2/head?hall=hall-county', server.url))).json()) as { seq: number };
    const key = server.publicKey;
    await server.close();

    const { stdout } = await run('npx', ['tsx', 'scripts/feed-export.ts', '--out', outDir, '--data', dataDir], {
      env: { ...process.env, DATABASE_URL: urlWithSchema(schema) },
      timeout: 120_000,
    });
    expect(stdout).toMatch(new RegExp(`hall-county: head seq ${head.seq}\\b`));
    expect(stdout).not.toContain('content.db');
    // The head a kiosk reads from the static host: signed by the server's key, at the database's seq.
    const envelope = JSON.parse(readFileSync(join(outDir, staticHeadPath('hall-county')), 'utf8')) as SignedEnvelope;
    await verifySignature(Buffer.from(envelope.payload, 'base64'), { signature: envelope.signature, keyId: envelope.keyId }, key, 'head');
    expect(JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'))).toMatchObject({ hall: 'hall-county', seq: head.seq });
    expect(existsSync(join(dataDir, 'content.db')), 'no SQLite database made on the side').toBe(false);
  }, 180_000);

  it('refuses a DATABASE_URL that is not PostgreSQL, saying so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'export-pg-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // A feed key, so the script gets as far as the database.
    const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', seedDemo: false, logger: pino({ level: 'silent' }) });
    await server.close();
    const result = await run('npx', ['tsx', 'scripts/feed-export.ts', '--out', join(dataDir, 'out'), '--data', dataDir], {
      env: { ...process.env, DATABASE_URL: 'mysql://nowhere/db' },
      timeout: 60_000,
    }).catch((error: { stderr: string; code: number }) => error);
    expect('code' in result ? result.code : 0).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL must start with postgres://');
  }, 120_000);
});
