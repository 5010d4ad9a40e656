/** Dates and times for people, always in the hall's own timezone (never the kiosk's). */
import type { Language } from '../../shared/kiosk-config';
import { intlLocale } from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(language), { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "2026年11月23日 星期一" */
export function formatLongDate(ms: number, timeZone: string, language: Language): string {
  return formatter(language, timeZone, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(ms);
}

/** "14:05" */
export function formatClock(ms: number, timeZone: string, language: Language): string {
  return formatter(language, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** "2026-11-23" in the hall's calendar. */
export function formatDate(ms: number, timeZone: string): string {
  const parts = formatter('en', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "11-23 14:05" for freshness lines; the date is left out when it is today. */
export function formatUpdatedAt(iso: string | null, nowMs: number, timeZone: string, language: Language): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const clock = formatClock(ms, timeZone, language);
  const day = formatDate(ms, timeZone);
  return day === formatDate(nowMs, timeZone) ? clock : `${day.slice(5)} ${clock}`;
}

/** ISO weekday (1 = Monday) of an instant in the hall's calendar. */
export function isoWeekday(ms: number, timeZone: string): number {
  const name = formatter('en', timeZone, { weekday: 'short' }).format(ms);
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}
