/**
 * Weekly duty shifts derived from each hall's opening hours and window
 * roster, the overnight 24-hour duty line, and dated exceptions placed in
 * the week around `now` (hall-local dates).
 */
import type { DutyException, DutyShift, Hall } from '../../shared/content';
import { addDays, shanghaiDate, weekdayOf } from './clock';
import { envelope, hallScope, type DemoContext } from './context';
import { HOTLINE_WINDOW_ID } from './halls';
import type { WindowRoster } from './officials';
import { COUNTY_HALL_ID } from './places';

/** County windows that also open on Saturday morning (see the hall's holiday note). */
export const SATURDAY_WINDOWS = new Set(['A04', 'A05', 'A06', 'A08', 'C01']);

const shiftId = (hallId: string, windowId: string, weekday: number, part: string) =>
  `shift-${hallId}-${windowId.toLowerCase()}-${weekday}-${part}`;

function shift(
  ctx: DemoContext,
  hallId: string,
  windowId: string,
  officialId: string,
  weekday: number,
  start: string,
  end: string,
  part: string,
): DutyShift {
  return {
    ...envelope(ctx, shiftId(hallId, windowId, weekday, part), hallScope(hallId)),
    type: 'dutyShift',
    hallId,
    windowId,
    officialId,
    weekday,
    start,
    end,
    validFrom: null,
    validTo: null,
  };
}

/** Morning and afternoon shifts for every window on every day its hall opens. */
export function buildWindowShifts(ctx: DemoContext, halls: readonly Hall[], rosters: readonly WindowRoster[]): DutyShift[] {
  const hallById = new Map(halls.map((h) => [h.id, h]));
  const out: DutyShift[] = [];
  for (const r of rosters) {
    const hall = hallById.get(r.hallId);
    if (!hall) throw new Error(`roster names unknown hall ${r.hallId}`);
    for (const day of hall.openingHours) {
      if (day.weekday === 6 && hall.id === COUNTY_HALL_ID && !SATURDAY_WINDOWS.has(r.windowId)) continue;
      const [morning, afternoon] = day.periods;
      if (morning) out.push(shift(ctx, r.hallId, r.windowId, r.morning, day.weekday, morning.open, morning.close, 'am'));
      if (afternoon) out.push(shift(ctx, r.hallId, r.windowId, r.afternoon, day.weekday, afternoon.open, afternoon.close, 'pm'));
    }
  }
  return out;
}

/**
 * The duty line is staffed around the clock, every day: a day shift and a
 * night shift that runs past midnight (17:30 to 08:30 the next morning).
 * Rotation keeps whoever works a night off the next day's day shift.
 */
export function buildHotlineShifts(ctx: DemoContext, hallId: string, officialIds: readonly string[]): DutyShift[] {
  if (officialIds.length < 3) throw new Error('the duty line needs at least three officials to rotate');
  const out: DutyShift[] = [];
  const k = officialIds.length;
  for (let weekday = 1; weekday <= 7; weekday++) {
    out.push(shift(ctx, hallId, HOTLINE_WINDOW_ID, officialIds[weekday % k]!, weekday, '08:30', '17:30', 'day'));
    out.push(shift(ctx, hallId, HOTLINE_WINDOW_ID, officialIds[(weekday + 2) % k]!, weekday, '17:30', '08:30', 'night'));
  }
  return out;
}

/** Exceptions mostly concern a day the windows open: a weekend date moves to the next Monday. */
function onWorkingDay(date: string): string {
  const weekday = weekdayOf(date);
  return weekday >= 6 ? addDays(date, 8 - weekday) : date;
}

interface ExceptionPlan {
  hallId: string;
  windowId: string;
  /** Days from today (hall-local). */
  offset: number;
  kind: DutyException['kind'];
  reason: string;
  /** Meant for the weekend (Saturday overtime): keep the date as is. */
  weekend?: boolean;
  start?: string;
  end?: string;
  /** Which roster official is affected, and who substitutes. */
  who: (r: WindowRoster) => { officialId: string; substituteOfficialId?: string };
}

/**
 * At least five exceptions in the week around `now`: leave, substitutions
 * (one on the overnight line) and extra shifts, so the duty board has
 * something to show on any day the demo is run.
 */
export function buildDutyExceptions(ctx: DemoContext, rosters: readonly WindowRoster[], hotlineIds: readonly string[]): DutyException[] {
  const today = shanghaiDate(ctx.now);
  const find = (hallId: string, windowId: string) => rosters.find((r) => r.hallId === hallId && r.windowId === windowId);
  const a04 = find(COUNTY_HALL_ID, 'A04');
  // The coming Saturday (or today when it is Saturday): the county hall's half day.
  const toSaturday = (6 - weekdayOf(today) + 7) % 7;
  const plans: ExceptionPlan[] = [
    { hallId: COUNTY_HALL_ID, windowId: 'A01', offset: 0, kind: 'leave', reason: '年休假', who: (r) => ({ officialId: r.morning }) },
    {
      hallId: COUNTY_HALL_ID,
      windowId: 'A05',
      offset: 1,
      kind: 'substitution',
      reason: '参加全市户政业务培训',
      who: (r) => ({ officialId: r.morning, substituteOfficialId: a04?.afternoon ?? r.afternoon }),
    },
    {
      hallId: COUNTY_HALL_ID,
      windowId: 'C01',
      offset: toSaturday,
      kind: 'extra',
      weekend: true,
      start: '14:00',
      end: '17:00',
      reason: '不动产登记集中办证，周六下午加班',
      who: (r) => ({ officialId: r.afternoon }),
    },
    {
      hallId: COUNTY_HALL_ID,
      windowId: 'B01',
      offset: 2,
      kind: 'extra',
      start: '12:00',
      end: '14:00',
      reason: '“午间不打烊”延时服务',
      who: (r) => ({ officialId: r.morning }),
    },
    { hallId: 'point-dongshan', windowId: 'D01', offset: -1, kind: 'leave', reason: '病假', who: (r) => ({ officialId: r.morning }) },
    {
      hallId: 'point-nanping',
      windowId: 'N02',
      offset: 3,
      kind: 'leave',
      reason: '下村开展农机购置补贴实地核查',
      who: (r) => ({ officialId: r.morning }),
    },
  ];
  const out: DutyException[] = [];
  plans.forEach((p, i) => {
    const roster = find(p.hallId, p.windowId);
    if (!roster) return; // A scaled dataset may leave a window unstaffed.
    const { officialId, substituteOfficialId } = p.who(roster);
    out.push({
      ...envelope(ctx, `duty-exception-${String(i + 1).padStart(2, '0')}`, hallScope(p.hallId)),
      type: 'dutyException',
      hallId: p.hallId,
      windowId: p.windowId,
      date: p.weekend ? addDays(today, p.offset) : onWorkingDay(addDays(today, p.offset)),
      kind: p.kind,
      officialId,
      substituteOfficialId: substituteOfficialId ?? null,
      start: p.start ?? null,
      end: p.end ?? null,
      reason: p.reason,
    });
  });
  // Tonight's overnight duty-line shift is covered by a colleague: exercises exceptions on shifts that cross midnight.
  if (hotlineIds.length >= 3) {
    const weekday = weekdayOf(today);
    const k = hotlineIds.length;
    const onNight = hotlineIds[(weekday + 2) % k]!;
    const substitute = hotlineIds[(weekday + 3) % k]!;
    out.push({
      ...envelope(ctx, `duty-exception-${String(out.length + 1).padStart(2, '0')}`, hallScope(COUNTY_HALL_ID)),
      type: 'dutyException',
      hallId: COUNTY_HALL_ID,
      windowId: HOTLINE_WINDOW_ID,
      date: today,
      kind: 'substitution',
      officialId: onNight,
      substituteOfficialId: substitute,
      start: '17:30',
      end: '08:30',
      reason: '家中有事调班',
    });
  }
  return out;
}
