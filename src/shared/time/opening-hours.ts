/**
 * Is the hall open now, and if not, when does it open? Computed from the
 * hall's weekly hours in the hall's own timezone (never the device's).
 * `isClosedOn` is the hook for the holiday calendar (a date on which the hall
 * is closed whatever its weekday says); until that calendar exists it is absent.
 */
import { addDays, isoWeekday, parseTimeOfDay, zonedParts } from './zoned';

export interface WeeklyHours {
  /** ISO weekday (1 = Monday); periods in hall-local HH:MM, empty when closed that day. */
  weekday: number;
  periods: readonly { open: string; close: string }[];
}

export type OpenStatus =
  | { kind: 'open'; closesAt: string }
  /** Closed now, opens again later today (before the first period, or over lunch). */
  | { kind: 'opens-today'; opensAt: string }
  /** Done for today (or closed all day); `inDays` 1 is tomorrow. Null when no opening is found in the next two weeks. */
  | { kind: 'closed'; next: { date: string; weekday: number; inDays: number; opensAt: string } | null; openedToday: boolean };

export function openStatus(
  hours: readonly WeeklyHours[],
  nowMs: number,
  timeZone: string,
  isClosedOn: (date: string) => boolean = () => false,
): OpenStatus {
  const now = zonedParts(nowMs, timeZone);
  const periodsOn = (date: string) => (isClosedOn(date) ? [] : (hours.find((d) => d.weekday === isoWeekday(date))?.periods ?? []));
  const today = [...periodsOn(now.date)].sort((a, b) => a.open.localeCompare(b.open));
  for (const p of today) {
    const open = parseTimeOfDay(p.open);
    const close = parseTimeOfDay(p.close);
    if (now.minutes >= open && now.minutes < close) return { kind: 'open', closesAt: p.close };
    if (now.minutes < open) return { kind: 'opens-today', opensAt: p.open };
  }
  for (let inDays = 1; inDays <= 14; inDays++) {
    const date = addDays(now.date, inDays);
    const first = [...periodsOn(date)].sort((a, b) => a.open.localeCompare(b.open))[0];
    if (first)
      return { kind: 'closed', next: { date, weekday: isoWeekday(date), inDays, opensAt: first.open }, openedToday: today.length > 0 };
  }
  return { kind: 'closed', next: null, openedToday: today.length > 0 };
}
