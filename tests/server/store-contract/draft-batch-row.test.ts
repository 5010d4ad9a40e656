/**
 * Import-batch drafts keep their row in the import file (migration 6 in both dialects): the row
 * is stored and read back, and a database from before version 6 upgrades with its drafts intact
 * (their row unknown, null).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleStore } from '../../../src/server/console/console-store';
import { createSqliteConsoleStore, prepareConsoleTables } from '../../../src/server/console/store/sqlite-console-store';
import type { Draft } from '../../../src/server/console/types';
import { openStores } from '../../../src/server/store/open-stores';
import { migratePostgres } from '../../../src/server/store/postgres/migrate';
import { POSTGRES_MIGRATIONS } from '../../../src/server/store/postgres/migrations/index';
import { createPgPool, ensureSchema } from '../../../src/server/store/postgres/pool';
import { rows, run } from '../../../src/server/store/postgres/sql';
import { CONTENT_DB_MIGRATIONS } from '../../../src/server/store/sqlite-schema';
import { runSqliteMigrations } from '../../../src/server/store/sqlite-migrations';
import { sqliteInternalsOf } from '../../../src/server/store/sqlite-store';
import { DIALECTS, openDialect, POSTGRES_URL, freshSchema, type Dialect } from './dialects';

const T = '2026-11-23T02:00:00.000Z';
const draft = (id: string, extra: Partial<Draft> = {}): Draft => ({
  id,
  recordType: 'fee',
  recordId: `fee-${id}`,
  op: 'put',
  data: { id: `fee-${id}` },
  baseVersion: null,
  state: 'draft',
  revision: 1,
  authorId: 'u1',
  reviewerId: null,
  rejectReason: null,
  publishAt: null,
  batchId: 'batch-1',
  batchRow: null,
  departmentId: 'dept-mz',
  hallId: null,
  createdAt: T,
  updatedAt: T,
  publishedSeq: null,
  ...extra,
});

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A legacy draft row as a version 4/5 server wrote it: no batch_row column. */
const LEGACY_INSERT = `INSERT INTO drafts (id, record_type, record_id, op, data, base_version, state, revision, author_id,
  batch_id, created_at, updated_at) VALUES ('old', 'fee', 'fee-old', 'put', '{}', NULL, 'draft', 1, 'u1', 'batch-1', '${T}', '${T}')`;

/** A database made by the migrations before version 6, holding one batch draft; then opened by this server. */
async function upgradedFromBeforeVersion6(dialect: Dialect): Promise<{ consoleStore: ConsoleStore; versions: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'batch-row-'));
  closers.push(() => rmSync(dataDir, { recursive: true, force: true }));
  if (dialect === 'sqlite') {
    const old = new Database(join(dataDir, 'content.db'));
    runSqliteMigrations(
      old,
      CONTENT_DB_MIGRATIONS.filter((m) => m.version < 6),
      'content.db',
    );
    expect(old.pragma('user_version', { simple: true })).toBe(4);
    old.exec(LEGACY_INSERT);
    old.close();
    const stores = await openStores({ dataDir });
    closers.push(() => stores.content.close());
    const db = sqliteInternalsOf(stores.content)!.db;
    prepareConsoleTables(db, dataDir, new Date(T));
    const versions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map(
      (r) => r.version,
    );
    return { consoleStore: createSqliteConsoleStore(db), versions };
  }
  const schema = freshSchema();
  await ensureSchema(POSTGRES_URL, schema);
  const pool = createPgPool({ url: POSTGRES_URL, schema });
  await migratePostgres(
    pool,
    POSTGRES_MIGRATIONS.filter((m) => m.version < 6),
  );
  await run(pool, LEGACY_INSERT);
  await pool.end();
  const stores = await openStores({ dataDir, databaseUrl: POSTGRES_URL, schema });
  closers.push(() => stores.close());
  const check = createPgPool({ url: POSTGRES_URL, schema });
  closers.push(() => check.end());
  const versions = (await rows<{ version: number }>(check, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
  return { consoleStore: stores.console!.consoleStore, versions };
}

describe.each(DIALECTS)('draft batch rows (%s)', (dialect) => {
  it('stores the import row of each batch draft and reads it back; null when not from an import', async () => {
    const { consoleStore } = await openDialect(dialect, () => new Date(T));
    await consoleStore.insertDrafts([draft('z', { batchRow: 2 }), draft('a', { batchRow: 3 }), draft('solo', { batchId: null })]);
    expect(await consoleStore.getDraft('z')).toMatchObject({ batchRow: 2 });
    expect(await consoleStore.getDraft('solo')).toMatchObject({ batchRow: null });
    const batch = await consoleStore.listDrafts({ batchId: 'batch-1' });
    expect(Object.fromEntries(batch.map((d) => [d.id, d.batchRow]))).toEqual({ z: 2, a: 3 });
    // A later edit keeps the row.
    expect(await consoleStore.updateDraft('a', 1, { revision: 2, data: { id: 'fee-a', name: '改' } })).toBe(true);
    expect(await consoleStore.getDraft('a')).toMatchObject({ batchRow: 3, revision: 2 });
  });

  it('upgrades a database from before version 6: old drafts keep their data with no row, new ones get theirs', async () => {
    const { consoleStore, versions } = await upgradedFromBeforeVersion6(dialect);
    expect(versions).toContain(6);
    expect(await consoleStore.getDraft('old')).toMatchObject({ recordId: 'fee-old', batchId: 'batch-1', batchRow: null });
    await consoleStore.insertDrafts([draft('new', { batchRow: 7 })]);
    expect((await consoleStore.listDrafts({ batchId: 'batch-1' })).map((d) => [d.id, d.batchRow]).sort()).toEqual([
      ['new', 7],
      ['old', null],
    ]);
  });
});
