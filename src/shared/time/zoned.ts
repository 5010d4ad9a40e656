/**
 * Wall-clock arithmetic in an IANA timezone with nothing but Intl: convert an
 * instant to the hall-local date, weekday and minutes, and a hall-local date
 * and time back to an instant (DST-aware).
 */

export interface ZonedParts {
  /** YYYY-MM-DD in the zone. */
  date: string;
  year: number;
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** Zone offset from UTC at that instant, in minutes (+480 for Asia/Shanghai). */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return {
    date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    year,
    month,
    day,
    weekday: isoWeekday(`${pad(year, 4)}-${pad(month)}-${pad(day)}`),
    hour,
    minute,
    second,
    minutes: hour * 60 + minute,
    offsetMinutes: Math.round((asUtc - wholeSecond) / 60_000),
  };
}

/** ISO weekday of a calendar date (1 = Monday). */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday of the ISO week containing `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function parseTimeOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * The instant at which the zone's wall clock shows `date` + `minutes` (may exceed
 * 24 h to mean a later day). In a spring-forward gap the time does not exist and
 * the result is the instant just after the gap, as a wall clock would show it.
 */
export function zonedTimeToInstant(date: string, minutes: number, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, 0, minutes);
  let guess = wall - zonedParts(wall, timeZone).offsetMinutes * 60_000;
  const second = wall - zonedParts(guess, timeZone).offsetMinutes * 60_000;
  if (second !== guess) {
    // Offsets differ around a transition: prefer the reading that maps back to the wall time.
    const back = zonedParts(second, timeZone);
    guess = back.minutes === ((minutes % 1440) + 1440) % 1440 ? second : Math.max(guess, second);
  }
  return guess;
}

/** ISO 8601 with the zone's offset, e.g. 2026-11-23T18:44:00+08:00. */
export function isoInZone(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(p.offsetMinutes);
  return `${p.date}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

/** ISO 8601 with the device's own offset (for status fields where no hall zone is at hand). */
export function isoWithLocalOffset(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
