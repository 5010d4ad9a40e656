/**
 * Version 5 (issue 12): usage per (event, day, kiosk) without the target, kept in the ingest
 * transaction, so that reports of visits, searches, QR codes and prints read at most one row per
 * kiosk and day; filled once from usage_daily. And each case change carries the console audit entry
 * it owes until it is confirmed in the audit log (feedback.db versions 3 and 4 in SQLite).
 * (Versions 3, 4 and 6 belong to other branches.)
 */
export const sql = `
CREATE TABLE usage_kiosk_daily (
  event TEXT NOT NULL, day TEXT NOT NULL, kiosk_id TEXT NOT NULL, count BIGINT NOT NULL,
  PRIMARY KEY (event, day, kiosk_id)
);
INSERT INTO usage_kiosk_daily (event, day, kiosk_id, count)
  SELECT event, day, kiosk_id, sum(count) FROM usage_daily GROUP BY event, day, kiosk_id;
ALTER TABLE case_events ADD COLUMN audit TEXT;
ALTER TABLE case_events ADD COLUMN audited_at TEXT;
CREATE INDEX case_events_unaudited ON case_events(seq) WHERE audit IS NOT NULL AND audited_at IS NULL;
`;
