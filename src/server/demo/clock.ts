/**
 * Demo times: every instant is written with the +08:00 offset of the demo
 * halls (Asia/Shanghai has no DST), and "dates around now" are hall-local.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** e.g. 2026-11-23T18:44:00+08:00 (milliseconds only when not zero). */
export function shanghaiIso(date: Date): string {
  const local = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  const ms = local.getUTCMilliseconds();
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    '+08:00'
  );
}

/** Hall-local calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(date: Date): string {
  return shanghaiIso(date).slice(0, 10);
}

/** ISO weekday (1 = Monday) of a YYYY-MM-DD date. */
export function weekdayOf(localDate: string): number {
  const day = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(localDate: string, days: number): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/** Midnight at the start of a hall-local date, as an instant with offset. */
export function startOfDay(localDate: string): string {
  return `${localDate}T00:00:00+08:00`;
}

/** An instant `days` (may be fractional or negative) away from `now`, with offset. */
export function daysFrom(now: Date, days: number): string {
  return shanghaiIso(new Date(now.getTime() + Math.round(days * 86400_000)));
}

/** The first 1 January that is at least a week after `now`: the date new fee schedules take effect. */
export function nextNewYear(now: Date): string {
  const year = Number(shanghaiDate(new Date(now.getTime() + 7 * 86400_000)).slice(0, 4));
  return startOfDay(`${year + 1}-01-01`);
}

/** 1 January of the year of `now` (hall-local): when superseded schedules expired. */
export function lastNewYear(now: Date): string {
  const year = Number(shanghaiDate(now).slice(0, 4));
  return startOfDay(`${year}-01-01`);
}
