/**
 * Who is on duty: pure functions over weekly shifts and dated exceptions,
 * computed in the hall's own timezone (never the device's).
 *
 * A shift belongs to the hall-local date it starts on. An end at or before the
 * start runs into the next day (Monday 20:00-08:00 covers Tuesday 03:00), and
 * its instants are computed per date, so a night shift across a DST change is
 * one hour shorter or longer, as the wall clock says. Exceptions are keyed by
 * that start date: leave removes a shift, substitution replaces its official,
 * extra adds a one-off shift.
 */
import type { DutyException, DutyShift } from '../content';
import { addDays, isoWeekday, mondayOf, parseTimeOfDay, zonedParts, zonedTimeToInstant } from '../time/zoned';

export interface DutyInput {
  shifts: readonly DutyShift[];
  exceptions: readonly DutyException[];
  /** IANA timezone of the hall. */
  timezone: string;
}

export interface DutyAssignment {
  windowId: string;
  officialId: string;
  /** Hall-local date the shift starts on (YYYY-MM-DD). */
  date: string;
  /** Wall-clock start and end, HH:MM in the hall's timezone. */
  start: string;
  end: string;
  /** The shift ends on the following day. */
  overnight: boolean;
  startsAtMs: number;
  endsAtMs: number;
  source: 'shift' | 'substitution' | 'extra';
  /** The weekly shift this comes from (absent for an extra shift). */
  shiftId?: string;
  /** The exception that changed or added it. */
  exceptionId?: string;
  /** For a substitution: whom the official stands in for. */
  replacesOfficialId?: string;
}

export interface WindowOnDuty {
  windowId: string;
  assignments: DutyAssignment[];
}

export interface DaySchedule {
  date: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  assignments: DutyAssignment[];
}

function inValidity(shift: DutyShift, date: string): boolean {
  return (shift.validFrom == null || shift.validFrom <= date) && (shift.validTo == null || date <= shift.validTo);
}

/** Does an exception (with optional start/end) target this shift? Without times it targets all of the official's shifts that day at the window. */
function targets(e: DutyException, s: DutyShift): boolean {
  return e.windowId === s.windowId && e.officialId === s.officialId && (e.start == null || (e.start === s.start && e.end === s.end));
}

function assignment(
  date: string,
  start: string,
  end: string,
  timezone: string,
  base: Pick<DutyAssignment, 'windowId' | 'officialId' | 'source' | 'shiftId' | 'exceptionId' | 'replacesOfficialId'>,
): DutyAssignment {
  const startMin = parseTimeOfDay(start);
  let endMin = parseTimeOfDay(end);
  const overnight = endMin <= startMin;
  if (overnight) endMin += 24 * 60;
  const out: DutyAssignment = {
    windowId: base.windowId,
    officialId: base.officialId,
    date,
    start,
    end,
    overnight,
    startsAtMs: zonedTimeToInstant(date, startMin, timezone),
    // Computed from the end's own calendar day, so DST between start and end is honoured.
    endsAtMs: overnight ? zonedTimeToInstant(addDays(date, 1), endMin - 24 * 60, timezone) : zonedTimeToInstant(date, endMin, timezone),
    source: base.source,
  };
  if (base.shiftId) out.shiftId = base.shiftId;
  if (base.exceptionId) out.exceptionId = base.exceptionId;
  if (base.replacesOfficialId) out.replacesOfficialId = base.replacesOfficialId;
  return out;
}

const byWindowThenStart = (a: DutyAssignment, b: DutyAssignment) =>
  a.windowId.localeCompare(b.windowId, 'en', { numeric: true }) || a.startsAtMs - b.startsAtMs || a.officialId.localeCompare(b.officialId);

/** Every shift that starts on the hall-local `date`, exceptions applied, ordered by window then start. */
export function scheduleForDay(input: DutyInput & { date: string }): DutyAssignment[] {
  const { date, timezone } = input;
  const weekday = isoWeekday(date);
  const exceptions = input.exceptions.filter((e) => e.date === date);
  const out: DutyAssignment[] = [];
  for (const shift of input.shifts) {
    if (shift.weekday !== weekday || !inValidity(shift, date)) continue;
    const hit = exceptions.filter((e) => e.kind !== 'extra' && targets(e, shift));
    if (hit.some((e) => e.kind === 'leave')) continue;
    const sub = hit.find((e) => e.kind === 'substitution');
    if (sub?.substituteOfficialId) {
      out.push(
        assignment(date, shift.start, shift.end, timezone, {
          windowId: shift.windowId,
          officialId: sub.substituteOfficialId,
          source: 'substitution',
          shiftId: shift.id,
          exceptionId: sub.id,
          replacesOfficialId: shift.officialId,
        }),
      );
      continue;
    }
    out.push(
      assignment(date, shift.start, shift.end, timezone, {
        windowId: shift.windowId,
        officialId: shift.officialId,
        source: 'shift',
        shiftId: shift.id,
      }),
    );
  }
  for (const extra of exceptions) {
    if (extra.kind !== 'extra' || extra.start == null || extra.end == null) continue;
    out.push(
      assignment(date, extra.start, extra.end, timezone, {
        windowId: extra.windowId,
        officialId: extra.officialId,
        source: 'extra',
        exceptionId: extra.id,
      }),
    );
  }
  return out.sort(byWindowThenStart);
}

/**
 * Per window, the officials on duty at `nowMs` (pass the server-corrected
 * clock). Shifts from the previous hall-local day are included because an
 * overnight shift started yesterday may still be running.
 */
export function onDutyNow(input: DutyInput & { nowMs: number }): WindowOnDuty[] {
  const today = zonedParts(input.nowMs, input.timezone).date;
  const running = [...scheduleForDay({ ...input, date: addDays(today, -1) }), ...scheduleForDay({ ...input, date: today })].filter(
    (a) => a.startsAtMs <= input.nowMs && input.nowMs < a.endsAtMs,
  );
  const windows = new Map<string, DutyAssignment[]>();
  for (const a of running.sort(byWindowThenStart)) {
    const list = windows.get(a.windowId) ?? [];
    list.push(a);
    windows.set(a.windowId, list);
  }
  return [...windows].map(([windowId, assignments]) => ({ windowId, assignments }));
}

/**
 * 今日排班: the shifts starting on today's hall-local date, preceded by any
 * overnight shift that began yesterday and is still running at `nowMs` (the
 * person at the window at 02:00 is part of today's rota).
 */
export function rotaForToday(input: DutyInput & { nowMs: number }): DutyAssignment[] {
  const today = zonedParts(input.nowMs, input.timezone).date;
  const stillRunning = scheduleForDay({ ...input, date: addDays(today, -1) }).filter((a) => a.overnight && input.nowMs < a.endsAtMs);
  return [...stillRunning, ...scheduleForDay({ ...input, date: today })];
}

/**
 * Who comes on duty next after `nowMs` (for when nobody is on duty now): every
 * assignment starting at the earliest upcoming start within `horizonDays`
 * (several windows may open at once). Empty when none is scheduled.
 */
export function nextOnDuty(input: DutyInput & { nowMs: number; horizonDays?: number }): DutyAssignment[] {
  const today = zonedParts(input.nowMs, input.timezone).date;
  for (let i = 0; i <= (input.horizonDays ?? 14); i++) {
    const upcoming = scheduleForDay({ ...input, date: addDays(today, i) }).filter((a) => a.startsAtMs > input.nowMs);
    if (upcoming.length === 0) continue;
    const first = Math.min(...upcoming.map((a) => a.startsAtMs));
    return upcoming.filter((a) => a.startsAtMs === first);
  }
  return [];
}

/** Today's hall-local date for an instant (what scheduleForDay wants for "today"). */
export function hallDate(nowMs: number, timezone: string): string {
  return zonedParts(nowMs, timezone).date;
}

/** The ISO week (Monday to Sunday, hall-local) containing `date`, or the hall-local date of `nowMs`. */
export function weekSchedule(input: DutyInput & ({ date: string } | { nowMs: number })): DaySchedule[] {
  const anchor = 'date' in input ? input.date : hallDate(input.nowMs, input.timezone);
  const monday = mondayOf(anchor);
  return Array.from({ length: 7 }, (_, i) => {
    const date = addDays(monday, i);
    return { date, weekday: i + 1, assignments: scheduleForDay({ ...input, date }) };
  });
}
