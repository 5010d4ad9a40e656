/**
 * Server-side timestamps always carry an explicit offset. The product serves
 * Chinese halls, so stored instants are written in China Standard Time
 * (UTC+08:00, no DST); readers must still honour whatever offset they get.
 */
const CHINA_OFFSET_MINUTES = 8 * 60;

/** 2026-11-23T10:45:06.123Z -> "2026-11-23T18:45:06.123+08:00". */
export function isoWithOffset(date: Date, offsetMinutes = CHINA_OFFSET_MINUTES): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.trunc(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${shifted}${sign}${hh}:${mm}`;
}
