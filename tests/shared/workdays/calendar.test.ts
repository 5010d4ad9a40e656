import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarFrom,
  isWorkingDay,
  NATIONAL_CALENDAR_SEED,
  workingDayDeadline,
  workingDaysBetween,
} from '../../../src/shared/workdays';

const national = calendarFrom(NATIONAL_CALENDAR_SEED);
const plain = calendarFrom([]);

describe('working days', () => {
  it('counts Monday to Friday when there are no holidays', () => {
    // Monday 2026-11-23 + 5 working days = Monday 2026-11-30.
    expect(addWorkingDays('2026-11-23', 5, plain)).toBe('2026-11-30');
    // A Friday + 1 skips the weekend.
    expect(addWorkingDays('2026-11-27', 1, plain)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-23', 0, plain)).toBe('2026-11-23');
  });

  it('skips the national-day holiday and counts its make-up Saturday', () => {
    expect(isWorkingDay('2026-10-01', national)).toBe(false);
    expect(isWorkingDay('2026-10-10', national)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-09-20', national)).toBe(true); // Sunday, 调休上班
    // Wednesday 2026-09-30: the next working day is Thursday 10-08, then Friday 10-09, Saturday 10-10.
    expect(addWorkingDays('2026-09-30', 1, national)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, national)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 4, national)).toBe('2026-10-12');
  });

  it('gives a bad rating on the eve of the Spring Festival its 15 working days after the holiday', () => {
    // Friday 2026-02-13; Sat 02-14 is a make-up workday (1); holiday 02-15…02-23;
    // then from Tue 02-24, with Sat 02-28 a make-up workday.
    const due = addWorkingDays('2026-02-13', 15, national);
    expect(workingDaysBetween('2026-02-13', due, national)).toBe(15);
    expect(due).toBe('2026-03-12'); // 02-14(1), 02-24…02-27(5), 02-28(6), 03-02…03-06(11), 03-09…03-12(15)
  });

  it('computes the deadline as the end of the local day in Asia/Shanghai', () => {
    // 2026-04-30 23:30 in Shanghai is still the 30th; 1 working day later skips 05-01…05-05.
    const at = new Date('2026-04-30T15:30:00Z');
    expect(workingDayDeadline(at, 1, national)).toEqual({ date: '2026-05-06', at: '2026-05-06T23:59:59.999+08:00' });
  });

  it('crosses from 2026 into the 2027 New Year', () => {
    // Thursday 2026-12-31 + 1: 2027-01-01 is a holiday (Friday), weekend, so Monday 01-04.
    expect(addWorkingDays('2026-12-31', 1, national)).toBe('2027-01-04');
  });

  it('agrees with itself: n working days later there are exactly n working days between', () => {
    for (let day = 0; day < 730; day += 7) {
      const start = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      for (const n of [1, 5, 15]) {
        const due = addWorkingDays(start, n, national);
        expect(workingDaysBetween(start, due, national)).toBe(n);
        expect(isWorkingDay(due, national)).toBe(true);
      }
    }
  });
});
