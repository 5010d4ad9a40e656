/**
 * Working days in mainland China: Monday to Friday, minus the national
 * holidays, plus the make-up workdays (调休) that fall on a weekend. Dates are
 * calendar days in the hall's timezone (YYYY-MM-DD); deadlines count whole
 * working days after the day something happened, like 15 个工作日 in the rules.
 */
import { localDateOf } from './local-date';

export interface HolidayCalendar {
  /** Days off that would otherwise be working days (and holidays on weekends, harmless). */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班). */
  workdays: ReadonlySet<string>;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export function calendarFrom(days: readonly CalendarDay[]): HolidayCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  };
}

/** ISO weekday of a YYYY-MM-DD date: 1 Monday … 7 Sunday. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addCalendarDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return weekdayOf(date) <= 5;
}

/** The nth working day after `date` (the day itself does not count). */
export function addWorkingDays(date: string, n: number, calendar: HolidayCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let day = date;
  let left = n;
  while (left > 0) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day, calendar)) left--;
  }
  return day;
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when to ≤ from. */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar): number {
  let count = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) if (isWorkingDay(day, calendar)) count++;
  return count;
}

/**
 * The deadline instant for something that happened at `at`: the end of the
 * nth working day after its local date, in the hall's timezone.
 */
export function workingDayDeadline(
  at: Date,
  n: number,
  calendar: HolidayCalendar,
  timeZone = 'Asia/Shanghai',
): { date: string; at: string } {
  const date = addWorkingDays(localDateOf(at, timeZone), n, calendar);
  return { date, at: endOfLocalDay(date, timeZone) };
}

/** 23:59:59.999 of a local date as an instant with the zone's offset at that time (Asia/Shanghai: +08:00). */
function endOfLocalDay(date: string, timeZone: string): string {
  const probe = new Date(`${date}T12:00:00Z`);
  const offsetMinutes = zoneOffsetMinutes(probe, timeZone);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${date}T23:59:59.999${offset}`;
}

function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const local = localDateTimeParts(at, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

// Building a DateTimeFormat costs about a millisecond and every case opened at ingest needs one: keep one per zone.
const partFormatters = new Map<string, Intl.DateTimeFormat>();

function localDateTimeParts(at: Date, timeZone: string) {
  let format = partFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}
