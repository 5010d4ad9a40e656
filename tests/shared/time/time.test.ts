import { describe, expect, it } from 'vitest';
import { createServerClock, formatUpdatedAt, isoInZone, JUMP_MS, zonedParts, zonedTimeToInstant } from '../../../src/shared/time';

describe('zoned time', () => {
  it('reads hall-local date, weekday and offset', () => {
    const p = zonedParts(Date.parse('2026-11-22T23:30:00Z'), 'Asia/Shanghai');
    expect(p).toMatchObject({ date: '2026-11-23', weekday: 1, hour: 7, minute: 30, offsetMinutes: 480 });
    expect(zonedParts(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin').offsetMinutes).toBe(120);
    expect(zonedParts(Date.parse('2026-01-01T12:00:00Z'), 'Europe/Berlin').offsetMinutes).toBe(60);
  });

  it('converts wall time to instants, including 24:00 and the autumn overlap', () => {
    expect(zonedTimeToInstant('2026-11-23', 24 * 60, 'Asia/Shanghai')).toBe(Date.parse('2026-11-24T00:00:00+08:00'));
    expect(zonedTimeToInstant('2026-10-25', 9 * 60, 'Europe/Berlin')).toBe(Date.parse('2026-10-25T09:00:00+01:00'));
    const overlap = zonedTimeToInstant('2026-10-25', 2 * 60 + 30, 'Europe/Berlin');
    expect([Date.parse('2026-10-25T02:30:00+02:00'), Date.parse('2026-10-25T02:30:00+01:00')]).toContain(overlap);
  });

  it('formats ISO with the zone offset', () => {
    expect(isoInZone(Date.parse('2026-11-23T10:44:12Z'), 'Asia/Shanghai')).toBe('2026-11-23T18:44:12+08:00');
    expect(isoInZone(Date.parse('2026-11-23T10:44:12Z'), 'America/Sao_Paulo')).toBe('2026-11-23T07:44:12-03:00');
  });

  it("formats 'updated at' in the hall timezone, relative to today when asked", () => {
    const t = Date.parse('2026-11-23T10:44:00Z');
    expect(formatUpdatedAt(t, 'Asia/Shanghai')).toBe('2026年11月23日 18:44');
    expect(formatUpdatedAt('2026-11-23T10:44:00Z', 'Asia/Shanghai', 'en')).toBe('23 Nov 2026, 18:44');
    expect(formatUpdatedAt(t, 'Asia/Shanghai', 'zh-Hans', Date.parse('2026-11-23T15:00:00Z'))).toBe('今天 18:44');
    // 16:30Z is already the next day in Shanghai.
    expect(formatUpdatedAt(t, 'Asia/Shanghai', 'zh-Hans', Date.parse('2026-11-23T16:30:00Z'))).toBe('昨天 18:44');
    expect(formatUpdatedAt('garbage', 'Asia/Shanghai')).toBe('未知');
  });
});

describe('server clock', () => {
  it('takes the first measurement, smooths later ones, and jumps on a large change', () => {
    let local = 1_000_000;
    const clock = createServerClock({ now: () => local });
    expect(clock.measured()).toBe(false);
    expect(clock.now()).toBe(local);
    // Server says 10:00:10 while the kiosk thinks it is 10:00:00 (request took 200 ms).
    const serverAt = (ms: number) => new Date(ms).toUTCString();
    const t0 = Date.parse('2026-11-23T10:00:00Z');
    local = t0;
    clock.observe(serverAt(t0 + 10_000), t0 - 100, t0 + 100);
    expect(clock.offsetMs()).toBe(10_500);
    clock.observe(serverAt(t0 + 12_000), t0 - 100, t0 + 100);
    expect(clock.offsetMs()).toBe(11_000);
    clock.observe(serverAt(t0 + JUMP_MS * 2), t0, t0);
    expect(clock.offsetMs()).toBe(JUMP_MS * 2 + 500);
    clock.observe(null, 0, 0);
    clock.observe('not a date', 0, 0);
    expect(clock.offsetMs()).toBe(JUMP_MS * 2 + 500);
    expect(clock.now()).toBe(t0 + JUMP_MS * 2 + 500);
  });

  it('starts from a persisted offset', () => {
    const clock = createServerClock({ now: () => 0, initialOffsetMs: -7_000 });
    expect(clock.measured()).toBe(true);
    expect(clock.now()).toBe(-7_000);
  });
});
