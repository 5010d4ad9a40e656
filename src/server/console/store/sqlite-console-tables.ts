/** The console's SQLite tables, part of version 1 of content.db (store/sqlite-schema.ts). */
export const CONSOLE_SCHEMA = `
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
CREATE TABLE IF NOT EXISTS console_migrations (name TEXT PRIMARY KEY, at TEXT NOT NULL);
`;
