/**
 * Version 5 (issue 12): usage per (event, day, kiosk) without the target, kept in the ingest
 * transaction, so that reports of visits, searches, QR codes and prints read at most one row per
 * kiosk and day; filled once from usage_daily. (Versions 3, 4 and 6 belong to other branches.)
 */
export const sql = `
CREATE TABLE usage_kiosk_daily (
  event TEXT NOT NULL, day TEXT NOT NULL, kiosk_id TEXT NOT NULL, count BIGINT NOT NULL,
  PRIMARY KEY (event, day, kiosk_id)
);
INSERT INTO usage_kiosk_daily (event, day, kiosk_id, count)
  SELECT event, day, kiosk_id, sum(count) FROM usage_daily GROUP BY event, day, kiosk_id;
`;
