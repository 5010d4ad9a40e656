/**
 * Seed of the holiday calendar an admin keeps in the console.
 * 2026: the State Council's notice (国办发明电〔2025〕7号), holidays and make-up workdays.
 * 2027: the statutory holiday days only (元旦, 春节 除夕–初三, 清明, 劳动节 ×2, 端午, 中秋,
 * 国庆 ×3) from the lunar calendar. The 2027 make-up arrangement must be copied from
 * the State Council's notice by an admin; these days are marked 待核对 until then.
 */
import type { CalendarDay } from './calendar';

const range = (from: string, to: string, name: string, kind: CalendarDay['kind'] = 'holiday'): CalendarDay[] => {
  const out: CalendarDay[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000)
    out.push({ date: new Date(ms).toISOString().slice(0, 10), kind, name });
  return out;
};
const workday = (date: string, name: string): CalendarDay => ({ date, kind: 'workday', name: `${name}调休上班` });

export const NATIONAL_CALENDAR_2026: CalendarDay[] = [
  ...range('2026-01-01', '2026-01-03', '元旦'),
  workday('2026-01-04', '元旦'),
  ...range('2026-02-15', '2026-02-23', '春节'),
  workday('2026-02-14', '春节'),
  workday('2026-02-28', '春节'),
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  workday('2026-05-09', '劳动节'),
  ...range('2026-06-19', '2026-06-21', '端午节'),
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  workday('2026-09-20', '国庆节'),
  workday('2026-10-10', '国庆节'),
];

const provisional = (days: CalendarDay[]) => days.map((d) => ({ ...d, name: `${d.name}（待核对）` }));

export const NATIONAL_CALENDAR_2027: CalendarDay[] = provisional([
  ...range('2027-01-01', '2027-01-01', '元旦'),
  ...range('2027-02-05', '2027-02-08', '春节'),
  ...range('2027-04-05', '2027-04-05', '清明节'),
  ...range('2027-05-01', '2027-05-02', '劳动节'),
  ...range('2027-06-09', '2027-06-09', '端午节'),
  ...range('2027-09-15', '2027-09-15', '中秋节'),
  ...range('2027-10-01', '2027-10-03', '国庆节'),
]);

export const NATIONAL_CALENDAR_SEED: CalendarDay[] = [...NATIONAL_CALENDAR_2026, ...NATIONAL_CALENDAR_2027];
