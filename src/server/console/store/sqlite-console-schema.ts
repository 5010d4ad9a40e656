/**
 * The console's tables live in the same SQLite database as the feed
 * (content.db), so that a publish, its draft states, audit and publication
 * commit in one transaction. SQLite's ATTACH was no answer: with WAL, a
 * transaction over attached databases is atomic per file but not across files
 * (https://www.sqlite.org/lang_attach.html), which is exactly the half-publish
 * this layout exists to prevent.
 *
 * Data directories from before kept the console in console.db; it is copied
 * in once on start (one transaction, marked done) and renamed aside.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../../store/sqlite-schema';

export const DATABASE_FILE = 'content.db';
export const LEGACY_CONSOLE_FILE = 'console.db';

/** Tables copied from a legacy console.db, parents before children (sessions refer to users). */
const LEGACY_TABLES = ['users', 'sessions', 'drafts', 'audit', 'publications', 'expiries', 'kiosks'] as const;
/** Tables whose integer ids are renumbered when the new database already has rows of its own. */
const AUTOINCREMENT_TABLES = new Set(['audit', 'publications']);

/** The console's tables are part of content.db's migrations (store/sqlite-schema.ts). */
export function ensureConsoleSchema(db: Database.Database): void {
  migrate(db);
}

/**
 * Copies a legacy <dataDir>/console.db into the open database once, then
 * renames it to console.db.migrated. Returns how many rows were copied (null
 * when there was nothing to migrate). Safe against a crash at any point: the
 * copy and its "done" mark are one transaction, and the rename is redone on
 * the next start.
 */
export function importLegacyConsoleDb(db: Database.Database, dataDir: string, now: Date): number | null {
  const legacyPath = join(dataDir, LEGACY_CONSOLE_FILE);
  if (!existsSync(legacyPath)) return null;
  let copied: number | null = null;
  db.exec('CREATE TABLE IF NOT EXISTS console_migrations (name TEXT PRIMARY KEY, at TEXT NOT NULL)');
  const done = () => db.prepare("SELECT 1 FROM console_migrations WHERE name = 'console.db'").get() !== undefined;
  if (!done()) {
    // Fold the legacy WAL into its main file so that ATTACH sees every committed row.
    const legacy = new Database(legacyPath);
    legacy.pragma('wal_checkpoint(TRUNCATE)');
    legacy.close();
    db.prepare('ATTACH DATABASE ? AS legacy').run(legacyPath);
    try {
      copied = db
        .transaction(() => {
          if (done()) return 0;
          let rows = 0;
          for (const table of LEGACY_TABLES) {
            const exists = db.prepare("SELECT 1 FROM legacy.sqlite_master WHERE type = 'table' AND name = ?").get(table);
            if (!exists) continue;
            const legacyColumns = (db.prepare(`PRAGMA legacy.table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
            const mainColumns = new Set((db.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
            const mainHasRows = db.prepare(`SELECT 1 FROM main.${table} LIMIT 1`).get() !== undefined;
            const columns = legacyColumns.filter(
              (c) => mainColumns.has(c) && !(c === 'id' && AUTOINCREMENT_TABLES.has(table) && mainHasRows),
            );
            const list = columns.join(', ');
            rows += db.prepare(`INSERT OR IGNORE INTO main.${table} (${list}) SELECT ${list} FROM legacy.${table}`).run().changes;
          }
          db.prepare("INSERT INTO console_migrations (name, at) VALUES ('console.db', ?)").run(now.toISOString());
          return rows;
        })
        .immediate();
    } finally {
      db.exec('DETACH DATABASE legacy');
    }
  }
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      renameSync(legacyPath + suffix, `${legacyPath}.migrated${suffix}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return copied;
}
