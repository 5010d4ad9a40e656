/**
 * Runs the PostgreSQL migrations under an advisory lock, so that several
 * server processes starting at once migrate exactly once; each version and
 * its schema_migrations row commit together.
 */
import type { Pool } from 'pg';
import { assertKnownVersions, pendingMigrations, type Migration } from '../migrations';
import { POSTGRES_MIGRATIONS } from './migrations/index';
import { rows, transaction } from './sql';

/** Any fixed number: the advisory lock that serialises migrations of one schema (keyed by schema name too). */
const MIGRATION_LOCK = 417_001;

export async function migratePostgres(pool: Pool, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const applied = (await rows<{ version: number }>(client, 'SELECT version FROM schema_migrations')).map((r) => r.version);
      assertKnownVersions(applied, migrations, 'PostgreSQL');
      for (const m of pendingMigrations(applied, migrations)) {
        await transaction(pool, async (tx) => {
          await tx.query(m.sql);
          await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        });
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
