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

export const DATABASE_FILE = 'content.db';
export const LEGACY_CONSOLE_FILE = 'console.db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('editor','reviewer','admin')),
  departments TEXT, halls TEXT, disabled INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS drafts (
  id TEXT PRIMARY KEY, record_type TEXT NOT NULL, record_id TEXT NOT NULL, op TEXT NOT NULL,
  data TEXT NOT NULL, base_version INTEGER, state TEXT NOT NULL, revision INTEGER NOT NULL,
  author_id TEXT NOT NULL, reviewer_id TEXT, reject_reason TEXT, publish_at TEXT, batch_id TEXT,
  department_id TEXT, hall_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, published_seq INTEGER
);
CREATE INDEX IF NOT EXISTS drafts_record ON drafts(record_type, record_id);
CREATE INDEX IF NOT EXISTS drafts_state ON drafts(state, publish_at);
CREATE INDEX IF NOT EXISTS drafts_batch ON drafts(batch_id);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor_id TEXT, actor_name TEXT NOT NULL,
  action TEXT NOT NULL, target_type TEXT NOT NULL, target_id TEXT NOT NULL, draft_id TEXT,
  changes TEXT NOT NULL, detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_target ON audit(target_type, target_id);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS publications (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor_id TEXT, from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL, scopes TEXT NOT NULL, summary TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS expiries (
  record_type TEXT NOT NULL, record_id TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (record_type, record_id)
);
CREATE TABLE IF NOT EXISTS kiosks (
  id TEXT PRIMARY KEY, hall_id TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL, last_seen_at TEXT, app_version TEXT, cursor INTEGER, storage_used INTEGER,
  storage_quota INTEGER, last_error TEXT, online_since TEXT
);
CREATE TABLE IF NOT EXISTS user_security (
  user_id TEXT PRIMARY KEY, must_change_password INTEGER NOT NULL DEFAULT 0, totp_secret TEXT,
  totp_pending_secret TEXT, totp_last_counter INTEGER
);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE TABLE IF NOT EXISTS kiosk_settings (
  kiosk_id TEXT PRIMARY KEY, settings TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kiosk_reports (kiosk_id TEXT PRIMARY KEY, report TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosk_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL, action TEXT NOT NULL, state TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL, delivered_at TEXT, done_at TEXT, detail TEXT
);
CREATE INDEX IF NOT EXISTS kiosk_actions_kiosk ON kiosk_actions(kiosk_id, state);
CREATE TABLE IF NOT EXISTS console_migrations (name TEXT PRIMARY KEY, at TEXT NOT NULL);
`;

/** Tables copied from a legacy console.db, parents before children (sessions refer to users). */
const LEGACY_TABLES = ['users', 'sessions', 'drafts', 'audit', 'publications', 'expiries', 'kiosks'] as const;
/** Tables whose integer ids are renumbered when the new database already has rows of its own. */
const AUTOINCREMENT_TABLES = new Set(['audit', 'publications']);

export function ensureConsoleSchema(db: Database.Database): void {
  db.exec(SCHEMA);
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
