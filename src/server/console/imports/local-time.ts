/**
 * Dates and times in spreadsheets are wall-clock values with no zone: they
 * mean the hall's own time. Excel's 2027/1/1 is midnight in Beijing
 * (2027-01-01T00:00:00+08:00), not midnight UTC (08:00 in Beijing). The
 * county's halls keep Asia/Shanghai, the zone the console shows too.
 */
import { isoInZone, zonedTimeToInstant } from '../../../shared/time';

export const IMPORT_TIME_ZONE = 'Asia/Shanghai';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date cell as exceljs hands it over (the wall clock read as if it were UTC),
 * as text: a local ISO time with the zone's offset, or HH:MM for a time-only cell.
 */
export function excelDateText(d: Date, timeZone = IMPORT_TIME_ZONE): string {
  const minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
  // Excel's day 0 is 1899-12-30: a cell holding only a time of day.
  if (d.getUTCFullYear() < 1900) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const instant = zonedTimeToInstant(d.toISOString().slice(0, 10), minutes, timeZone) + d.getUTCSeconds() * 1000;
  return isoInZone(instant, timeZone);
}

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/;

/** "2027/1/1", "2027-01-01" or a local ISO time at midnight → "2027-01-01"; anything else unchanged (the schema says what is wrong). */
export function localDateText(cell: string): string {
  const t = cell.trim();
  const m = DATE.exec(t);
  if (!m) return t;
  const rest = t.slice(m[0].length);
  if (rest && !/^[T ]00:00(:00(\.0+)?)?([+-]\d{2}:\d{2}|Z)?$/.test(rest)) return t;
  return `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
}

/** A date, or a date and time, without a zone is read in the hall's zone; a time with a zone is kept as it is. */
export function localInstantText(cell: string, timeZone = IMPORT_TIME_ZONE): string {
  const t = cell.trim();
  const m = DATE.exec(t);
  if (!m) return t;
  const rest = t.slice(m[0].length).trim().replace(/^T/, '');
  if (/(Z|[+-]\d{2}:\d{2})$/.test(rest)) return t;
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(rest);
  if (rest && !time) return t;
  const date = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
  const minutes = time ? Number(time[1]) * 60 + Number(time[2]) : 0;
  return isoInZone(zonedTimeToInstant(date, minutes, timeZone) + (time?.[3] ? Number(time[3]) * 1000 : 0), timeZone);
}
