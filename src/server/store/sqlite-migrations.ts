/**
 * Migrations of the SQLite databases. Version 1 is the schema every existing
 * data directory already has (written with CREATE … IF NOT EXISTS), so running
 * it on an old database only records it as applied: old data dirs keep working.
 * PRAGMA user_version follows the newest applied version, which is what
 * earlier servers checked before they opened a database.
 */
import type Database from 'better-sqlite3';
import { assertKnownVersions, pendingMigrations, type Migration } from './migrations';

export function runSqliteMigrations(db: Database.Database, migrations: readonly Migration[], where: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const appliedNow = () => (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version);
  const legacyVersion = db.pragma('user_version', { simple: true }) as number;
  assertKnownVersions([...appliedNow(), legacyVersion], migrations, where);
  const apply = db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    for (const m of pendingMigrations(appliedNow(), migrations)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }
    const newest = Math.max(0, ...appliedNow());
    if (newest > legacyVersion) db.pragma(`user_version = ${newest}`);
  });
  if (pendingMigrations(appliedNow(), migrations).length > 0) apply.immediate();
}
