/**
 * Version 3: the console's short-lived state, shared by every server process
 * on the database (issue 17): login failures and trusted browsers, logins
 * waiting for their two-factor code, pending pairing codes and wrong guesses,
 * and the one first-admin setup token. The same tables as SQLite's version 3.
 */
export const sql = `
CREATE TABLE login_failures (
  bucket TEXT PRIMARY KEY, account TEXT NOT NULL, count INTEGER NOT NULL, last_at TEXT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures(account);
CREATE INDEX login_failures_last_at ON login_failures(last_at);
CREATE TABLE login_devices (
  account TEXT NOT NULL, device_hash TEXT NOT NULL, used_at TEXT NOT NULL, PRIMARY KEY (account, device_hash)
);
CREATE TABLE login_challenges (
  hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, bucket TEXT NOT NULL, account TEXT NOT NULL, address TEXT NOT NULL,
  expires_at TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE pairing_codes (
  code TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE, expires_at TEXT NOT NULL,
  claimed INTEGER NOT NULL DEFAULT 0, config TEXT, delivered INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE pairing_guesses (at TEXT NOT NULL);
CREATE INDEX pairing_guesses_at ON pairing_guesses(at);
CREATE TABLE setup_token (
  id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, created_at TEXT NOT NULL
);
`;
