import { describe, expect, it } from 'vitest';
import { openStatus, type WeeklyHours } from '../../../src/shared/time/opening-hours';

const TZ = 'Asia/Shanghai';
const periods = [
  { open: '08:30', close: '12:00' },
  { open: '14:00', close: '17:30' },
];
// Monday to Friday two periods, Saturday morning, Sunday closed.
const HOURS: WeeklyHours[] = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, periods })),
  { weekday: 6, periods: [{ open: '09:00', close: '12:00' }] },
  { weekday: 7, periods: [] },
];
/** An instant given as Shanghai wall-clock time. */
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('openStatus', () => {
  it('is open inside a period (hall time, not UTC: 10:00 in Shanghai is 02:00 UTC)', () => {
    expect(openStatus(HOURS, at('2026-11-23T10:00:00'), TZ)).toEqual({ kind: 'open', closesAt: '12:00' });
    expect(openStatus(HOURS, at('2026-11-23T17:29:00'), TZ)).toEqual({ kind: 'open', closesAt: '17:30' });
  });

  it('before opening and over lunch: opens later today', () => {
    expect(openStatus(HOURS, at('2026-11-23T07:00:00'), TZ)).toEqual({ kind: 'opens-today', opensAt: '08:30' });
    expect(openStatus(HOURS, at('2026-11-23T12:00:00'), TZ)).toEqual({ kind: 'opens-today', opensAt: '14:00' });
  });

  it('after closing: the next opening, tomorrow or after the weekend', () => {
    expect(openStatus(HOURS, at('2026-11-23T17:30:00'), TZ)).toEqual({
      kind: 'closed',
      openedToday: true,
      next: { date: '2026-11-24', weekday: 2, inDays: 1, opensAt: '08:30' },
    });
    // Saturday afternoon: Sunday is closed, Monday 08:30.
    expect(openStatus(HOURS, at('2026-11-28T13:00:00'), TZ)).toMatchObject({ kind: 'closed', next: { date: '2026-11-30', inDays: 2 } });
    // Sunday: closed all day.
    expect(openStatus(HOURS, at('2026-11-29T10:00:00'), TZ)).toMatchObject({ kind: 'closed', openedToday: false, next: { inDays: 1 } });
  });

  it('a holiday from the calendar hook closes a working day', () => {
    const holiday = (date: string) => date === '2026-11-24';
    expect(openStatus(HOURS, at('2026-11-23T18:00:00'), TZ, holiday)).toMatchObject({ next: { date: '2026-11-25', inDays: 2 } });
    expect(openStatus(HOURS, at('2026-11-24T10:00:00'), TZ, holiday)).toMatchObject({ kind: 'closed', openedToday: false });
  });

  it('with no hours at all says closed with no next opening', () => {
    expect(openStatus([], at('2026-11-23T10:00:00'), TZ)).toEqual({ kind: 'closed', next: null, openedToday: false });
  });
});
