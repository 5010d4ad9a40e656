import { describe, expect, it } from 'vitest';
import { nextOnDuty, onDutyNow, rotaForToday, scheduleForDay, weekSchedule } from '../../../src/shared/duty';
import type { DutyException, DutyShift } from '../../../src/shared/content';
import { validateRecord } from '../../../src/shared/content';

const env = (id: string) => ({ id, version: 1, updatedAt: '2026-11-01T00:00:00+08:00', scope: 'hall:hall-county' });
function shift(id: string, over: Partial<DutyShift>): DutyShift {
  return {
    ...env(id),
    type: 'dutyShift',
    hallId: 'hall-county',
    windowId: 'A01',
    officialId: 'off-wang',
    weekday: 1,
    start: '09:00',
    end: '17:00',
    validFrom: null,
    validTo: null,
    ...over,
  };
}
function exception(id: string, over: Partial<DutyException>): DutyException {
  return {
    ...env(id),
    type: 'dutyException',
    hallId: 'hall-county',
    windowId: 'A01',
    date: '2026-11-23',
    kind: 'leave',
    officialId: 'off-wang',
    substituteOfficialId: null,
    start: null,
    end: null,
    reason: '',
    ...over,
  };
}
const at = (iso: string) => Date.parse(iso);
const SH = 'Asia/Shanghai';
const who = (r: ReturnType<typeof onDutyNow>) => r.flatMap((w) => w.assignments.map((a) => `${w.windowId}:${a.officialId}`));

describe('duty in Asia/Shanghai', () => {
  const day = shift('s-day', {}); // Monday 09:00-17:00, window A01
  const night = shift('s-night', { windowId: 'B02', officialId: 'off-li', start: '20:00', end: '08:00' }); // Monday night
  const sundayNight = shift('s-sun', { windowId: 'B02', officialId: 'off-zhao', weekday: 7, start: '22:00', end: '06:00' });
  const base = { shifts: [day, night, sundayNight], exceptions: [], timezone: SH };

  it('fixtures are valid records', () => {
    for (const r of [day, night, sundayNight, exception('e', {})]) expect(validateRecord(r).ok).toBe(true);
  });

  it('a day shift covers [start, end) in hall time', () => {
    expect(who(onDutyNow({ ...base, nowMs: at('2026-11-23T10:00:00+08:00') }))).toEqual(['A01:off-wang']);
    expect(who(onDutyNow({ ...base, nowMs: at('2026-11-23T08:59:59+08:00') }))).toEqual([]);
    expect(who(onDutyNow({ ...base, nowMs: at('2026-11-23T17:00:00+08:00') }))).toEqual([]);
    // Monday 07:30 in Shanghai is still Sunday in UTC: the weekday must come from the hall's zone.
    const early = shift('s-early', { start: '07:00', end: '09:00' });
    expect(who(onDutyNow({ ...base, shifts: [early], nowMs: at('2026-11-22T23:30:00Z') }))).toEqual(['A01:off-wang']);
  });

  it('an overnight Monday 20:00-08:00 shift covers Tuesday 03:00 and belongs to Monday', () => {
    const r = onDutyNow({ ...base, nowMs: at('2026-11-24T03:00:00+08:00') });
    expect(who(r)).toEqual(['B02:off-li']);
    expect(r[0]!.assignments[0]).toMatchObject({
      date: '2026-11-23',
      start: '20:00',
      end: '08:00',
      overnight: true,
      source: 'shift',
      shiftId: 's-night',
    });
    expect(r[0]!.assignments[0]!.endsAtMs).toBe(at('2026-11-24T08:00:00+08:00'));
    expect(who(onDutyNow({ ...base, nowMs: at('2026-11-24T08:00:00+08:00') }))).toEqual([]);
    expect(who(onDutyNow({ ...base, nowMs: at('2026-11-23T19:59:00+08:00') }))).toEqual([]);
  });

  it('a Sunday night shift runs across the week boundary into Monday', () => {
    expect(who(onDutyNow({ ...base, nowMs: at('2026-11-23T02:00:00+08:00') }))).toEqual(['B02:off-zhao']);
    const week = weekSchedule({ ...base, date: '2026-11-23' });
    expect(week.map((d) => d.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(week[0]!.assignments.map((a) => a.shiftId)).toEqual(['s-day', 's-night']);
    expect(week[6]!.assignments.map((a) => a.shiftId)).toEqual(['s-sun']);
    expect(week[6]!.assignments[0]!.endsAtMs).toBe(at('2026-11-30T06:00:00+08:00'));
    // A Sunday asks for the week that started on the previous Monday.
    expect(weekSchedule({ ...base, nowMs: at('2026-11-29T12:00:00+08:00') })[0]!.date).toBe('2026-11-23');
  });

  it('leave removes, substitution replaces and extra adds, keyed by the date the shift starts', () => {
    const exceptions = [
      exception('e-leave', { kind: 'leave', windowId: 'B02', officialId: 'off-li', date: '2026-11-23' }),
      exception('e-sub', { kind: 'substitution', officialId: 'off-wang', substituteOfficialId: 'off-chen', date: '2026-11-23' }),
      exception('e-extra', { kind: 'extra', windowId: 'C03', officialId: 'off-sun', date: '2026-11-24', start: '12:00', end: '14:00' }),
    ];
    const input = { ...base, exceptions };
    const monday = scheduleForDay({ ...input, date: '2026-11-23' });
    expect(monday.map((a) => `${a.windowId}:${a.officialId}:${a.source}`)).toEqual(['A01:off-chen:substitution']);
    expect(monday[0]).toMatchObject({ replacesOfficialId: 'off-wang', exceptionId: 'e-sub' });
    // The Monday-night leave also empties Tuesday 03:00.
    expect(who(onDutyNow({ ...input, nowMs: at('2026-11-24T03:00:00+08:00') }))).toEqual([]);
    expect(who(onDutyNow({ ...input, nowMs: at('2026-11-24T13:00:00+08:00') }))).toEqual(['C03:off-sun']);
    // A week later nothing is excepted.
    expect(scheduleForDay({ ...input, date: '2026-11-30' }).map((a) => a.officialId)).toEqual(['off-wang', 'off-li']);
  });

  it('a leave dated the day after an overnight shift does not cancel it', () => {
    const exceptions = [exception('e', { windowId: 'B02', officialId: 'off-li', date: '2026-11-24' })];
    expect(who(onDutyNow({ ...base, exceptions, nowMs: at('2026-11-24T03:00:00+08:00') }))).toEqual(['B02:off-li']);
  });

  it('an exception with times targets only the shift starting then', () => {
    const morning = shift('s-am', { start: '08:00', end: '12:00' });
    const afternoon = shift('s-pm', { start: '13:00', end: '17:00' });
    const exceptions = [exception('e-pm', { kind: 'leave', start: '13:00', end: '17:00' })];
    expect(scheduleForDay({ shifts: [morning, afternoon], exceptions, timezone: SH, date: '2026-11-23' }).map((a) => a.shiftId)).toEqual([
      's-am',
    ]);
  });

  it('respects validFrom and validTo (hall-local dates of the shift start)', () => {
    const bounded = shift('s-b', { validFrom: '2026-11-30', validTo: '2026-12-07' });
    const s = (date: string) => scheduleForDay({ shifts: [bounded], exceptions: [], timezone: SH, date }).length;
    expect([s('2026-11-23'), s('2026-11-30'), s('2026-12-07'), s('2026-12-14')]).toEqual([0, 1, 1, 0]);
  });

  it('several officials at one window are listed together, windows in natural order', () => {
    const shifts = [
      shift('a', { windowId: 'A10' }),
      shift('b', { windowId: 'A2', officialId: 'x' }),
      shift('c', { windowId: 'A2', officialId: 'y' }),
    ];
    const r = onDutyNow({ shifts, exceptions: [], timezone: SH, nowMs: at('2026-11-23T10:00:00+08:00') });
    expect(r.map((w) => [w.windowId, w.assignments.map((a) => a.officialId)])).toEqual([
      ['A2', ['x', 'y']],
      ['A10', ['off-wang']],
    ]);
  });
});

describe("today's rota and who is next", () => {
  const night = shift('s-night', { weekday: 1, start: '20:00', end: '08:00', officialId: 'off-night', windowId: 'Z99' });
  const tuesdayDay = shift('s-tue', { weekday: 2, start: '09:00', end: '17:00', officialId: 'off-day' });
  const input = { shifts: [night, tuesdayDay], exceptions: [], timezone: SH };

  it("今日排班 on Tuesday 03:00 includes Monday's night shift, still running", () => {
    const rota = rotaForToday({ ...input, nowMs: at('2026-11-24T03:00:00+08:00') });
    expect(rota.map((a) => `${a.date} ${a.officialId}`)).toEqual(['2026-11-23 off-night', '2026-11-24 off-day']);
  });

  it('once the night shift has ended it is no longer in the rota', () => {
    const rota = rotaForToday({ ...input, nowMs: at('2026-11-24T08:00:00+08:00') });
    expect(rota.map((a) => a.officialId)).toEqual(['off-day']);
  });

  it('with nobody on duty, names who comes next and when', () => {
    const nowMs = at('2026-11-24T08:30:00+08:00');
    expect(onDutyNow({ ...input, nowMs })).toEqual([]);
    const next = nextOnDuty({ ...input, nowMs });
    expect(next.map((a) => `${a.officialId} ${a.date} ${a.start}`)).toEqual(['off-day 2026-11-24 09:00']);
    // After Tuesday's shift the next one is the Monday night shift, six days later.
    expect(nextOnDuty({ ...input, nowMs: at('2026-11-24T18:00:00+08:00') }).map((a) => `${a.officialId} ${a.date}`)).toEqual([
      'off-night 2026-11-30',
    ]);
    expect(nextOnDuty({ shifts: [], exceptions: [], timezone: SH, nowMs })).toEqual([]);
  });
});

describe('duty across daylight saving (Europe/Berlin)', () => {
  const BER = 'Europe/Berlin';

  it('a Saturday night shift across the autumn change lasts 13 hours, by the wall clock', () => {
    const night = shift('n', { weekday: 6, start: '20:00', end: '08:00' });
    const [a] = scheduleForDay({ shifts: [night], exceptions: [], timezone: BER, date: '2026-10-24' });
    expect(a!.startsAtMs).toBe(at('2026-10-24T20:00:00+02:00'));
    expect(a!.endsAtMs).toBe(at('2026-10-25T08:00:00+01:00'));
    expect((a!.endsAtMs - a!.startsAtMs) / 3600_000).toBe(13);
    const input = { shifts: [night], exceptions: [], timezone: BER };
    expect(who(onDutyNow({ ...input, nowMs: at('2026-10-25T07:30:00+01:00') }))).toEqual(['A01:off-wang']);
    expect(who(onDutyNow({ ...input, nowMs: at('2026-10-25T08:00:00+01:00') }))).toEqual([]);
  });

  it('a Saturday night shift across the spring change lasts 11 hours', () => {
    const night = shift('n', { weekday: 6, start: '20:00', end: '08:00' });
    const [a] = scheduleForDay({ shifts: [night], exceptions: [], timezone: BER, date: '2026-03-28' });
    expect((a!.endsAtMs - a!.startsAtMs) / 3600_000).toBe(11);
    expect(a!.endsAtMs).toBe(at('2026-03-29T08:00:00+02:00'));
  });

  it('a day shift on the change day uses the new offset', () => {
    const sunday = shift('d', { weekday: 7, start: '09:00', end: '17:00' });
    const [a] = scheduleForDay({ shifts: [sunday], exceptions: [], timezone: BER, date: '2026-03-29' });
    expect(a!.startsAtMs).toBe(at('2026-03-29T09:00:00+02:00'));
    expect(who(onDutyNow({ shifts: [sunday], exceptions: [], timezone: BER, nowMs: at('2026-03-29T06:59:00Z') }))).toEqual([]);
    expect(who(onDutyNow({ shifts: [sunday], exceptions: [], timezone: BER, nowMs: at('2026-03-29T07:00:00Z') }))).toEqual([
      'A01:off-wang',
    ]);
  });

  it('a shift starting inside the spring gap starts when the clock jumps', () => {
    const gap = shift('g', { weekday: 7, start: '02:30', end: '05:00' });
    const [a] = scheduleForDay({ shifts: [gap], exceptions: [], timezone: BER, date: '2026-03-29' });
    expect(a!.startsAtMs).toBe(at('2026-03-29T03:30:00+02:00'));
    expect(a!.endsAtMs).toBe(at('2026-03-29T05:00:00+02:00'));
  });
});

describe('duty in a zone without daylight saving (America/Sao_Paulo)', () => {
  it('keeps UTC-3 all year, including the southern summer', () => {
    const monday = shift('m', { start: '09:00', end: '17:00' });
    for (const date of ['2026-01-05', '2026-07-06', '2026-12-07']) {
      const [a] = scheduleForDay({ shifts: [monday], exceptions: [], timezone: 'America/Sao_Paulo', date });
      expect(new Date(a!.startsAtMs).toISOString()).toBe(`${date}T12:00:00.000Z`);
      expect((a!.endsAtMs - a!.startsAtMs) / 3600_000).toBe(8);
    }
    const night = shift('n', { weekday: 5, start: '22:00', end: '06:00' });
    const r = onDutyNow({ shifts: [night], exceptions: [], timezone: 'America/Sao_Paulo', nowMs: at('2026-12-05T04:00:00-03:00') });
    expect(r[0]!.assignments[0]!.date).toBe('2026-12-04');
  });
});
