/**
 * Table layout of the embedded store. The change log is the feed: one row per
 * change, its seq assigned inside the publish transaction, so seqs are
 * gap-free and a crash leaves either the whole publish or none of it.
 */
import type Database from 'better-sqlite3';
import { CONSOLE_SCHEMA } from '../console/store/sqlite-console-tables';
import type { Migration } from './migrations';
import { runSqliteMigrations } from './sqlite-migrations';

/** Version 1 of content.db: the feed's tables and the console's, written so that it is a no-op on existing data dirs. */
const CONTENT_TABLES = `
    -- Current state. A deleted record keeps its row (deleted = 1) so that
    -- re-creating it continues its version numbers.
    CREATE TABLE IF NOT EXISTS records (
      type    TEXT NOT NULL,
      id      TEXT NOT NULL,
      scope   TEXT NOT NULL,
      version INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0,
      json    TEXT,
      PRIMARY KEY (type, id)
    ) WITHOUT ROWID;

    -- The change log. scope decides which halls see the row; json is the
    -- record exactly as published (NULL for tombstones).
    CREATE TABLE IF NOT EXISTS changes (
      seq          INTEGER PRIMARY KEY,
      type         TEXT NOT NULL,
      id           TEXT NOT NULL,
      op           TEXT NOT NULL CHECK (op IN ('put', 'delete')),
      scope        TEXT NOT NULL,
      json         TEXT,
      published_at INTEGER NOT NULL,
      actor        TEXT
    );
    CREATE INDEX IF NOT EXISTS changes_by_record ON changes (type, id, seq);
    CREATE INDEX IF NOT EXISTS changes_by_scope ON changes (scope, seq);

    CREATE TABLE IF NOT EXISTS media (
      sha256 TEXT PRIMARY KEY,
      type   TEXT NOT NULL,
      size   INTEGER NOT NULL,
      bytes  BLOB NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
    -- headSeq is kept here, not derived from max(seq): compaction may delete
    -- the newest row (an old tombstone) and a seq must never be reused.
    INSERT OR IGNORE INTO meta (key, value) VALUES ('minSeq', '0'), ('headSeq', '0');
  `;

/** content.db, in order. Add a version at the end; never edit one that shipped. */
/** Version 2: kiosk settings kept in the console, kiosk reports and remote actions (issue 16). */
const FLEET_TABLES = `
CREATE TABLE IF NOT EXISTS kiosk_settings (
  kiosk_id TEXT PRIMARY KEY, settings TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kiosk_reports (kiosk_id TEXT PRIMARY KEY, report TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosk_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL, action TEXT NOT NULL, state TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL, delivered_at TEXT, done_at TEXT, detail TEXT
);
CREATE INDEX IF NOT EXISTS kiosk_actions_kiosk ON kiosk_actions(kiosk_id, state);
`;

/** Version 3: login failures, two-factor challenges, pairing codes and the setup token, shared by server processes (issue 17). */
const SHORT_LIVED_TABLES = `
CREATE TABLE IF NOT EXISTS login_failures (
  bucket TEXT PRIMARY KEY, account TEXT NOT NULL, count INTEGER NOT NULL, last_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_account ON login_failures(account);
CREATE INDEX IF NOT EXISTS login_failures_last_at ON login_failures(last_at);
CREATE TABLE IF NOT EXISTS login_devices (
  account TEXT NOT NULL, device_hash TEXT NOT NULL, used_at TEXT NOT NULL, PRIMARY KEY (account, device_hash)
);
CREATE TABLE IF NOT EXISTS login_challenges (
  hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, bucket TEXT NOT NULL, account TEXT NOT NULL, address TEXT NOT NULL,
  expires_at TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS pairing_codes (
  code TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE, expires_at TEXT NOT NULL,
  claimed INTEGER NOT NULL DEFAULT 0, config TEXT, delivered INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS pairing_guesses (at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pairing_guesses_at ON pairing_guesses(at);
CREATE TABLE IF NOT EXISTS setup_token (
  id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, created_at TEXT NOT NULL
);
`;

/**
 * Version 4: kiosk screenshots (remote action) and fleet alerts kept across restarts, the resolved
 * ones as history (issue 16). Versions 3, 5 and 6 belong to other branches; gaps are fine.
 */
const FLEET_SCREENSHOTS_AND_ALERTS = `
CREATE TABLE IF NOT EXISTS kiosk_screenshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL, action_id INTEGER NOT NULL, taken_at TEXT NOT NULL,
  type TEXT NOT NULL, size INTEGER NOT NULL, width INTEGER, height INTEGER, bytes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS kiosk_screenshots_kiosk ON kiosk_screenshots(kiosk_id, id);
CREATE TABLE IF NOT EXISTS fleet_alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL, kiosk_name TEXT NOT NULL, hall_id TEXT NOT NULL,
  kind TEXT NOT NULL, message TEXT NOT NULL, raised_at TEXT NOT NULL, resolved_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS fleet_alerts_active ON fleet_alerts(kiosk_id, kind) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS fleet_alerts_resolved ON fleet_alerts(resolved_at);
`;

/**
 * Version 6 (issue 15): each import-batch draft keeps its row number in the import file, so a
 * batch lists its items in the file's order. Null for drafts not from an import and for those
 * made before this version. (Version 5 is PostgreSQL's usage/case-audit migration; gaps are fine.)
 */
const DRAFT_BATCH_ROW = `
ALTER TABLE drafts ADD COLUMN batch_row INTEGER;
`;

export const CONTENT_DB_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: CONTENT_TABLES + CONSOLE_SCHEMA },
  { version: 2, name: 'fleet', sql: FLEET_TABLES },
  { version: 3, name: 'short-lived-state', sql: SHORT_LIVED_TABLES },
  { version: 4, name: 'fleet-screenshots-alerts', sql: FLEET_SCREENSHOTS_AND_ALERTS },
  { version: 6, name: 'draft-batch-row', sql: DRAFT_BATCH_ROW },
];

export function migrate(db: Database.Database): void {
  runSqliteMigrations(db, CONTENT_DB_MIGRATIONS, 'content.db');
}
