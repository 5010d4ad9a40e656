/** 'Updated at' times for residents and staff, always in the hall's timezone (never the device's). */
import { zonedParts } from './zoned';

export type UiLanguage = 'zh-Hans' | 'zh-Hant' | 'en';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "2026年11月23日 18:44" (zh), "23 Nov 2026, 18:44" (en). With nowMs, same-day
 * times read "今天 18:44" / "Today 18:44" and the previous day "昨天" / "Yesterday".
 */
export function formatUpdatedAt(at: string | number, timeZone: string, language: UiLanguage = 'zh-Hans', nowMs?: number): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) return language === 'en' ? 'unknown' : '未知';
  const p = zonedParts(ms, timeZone);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  if (nowMs !== undefined) {
    const today = zonedParts(nowMs, timeZone).date;
    const yesterday = zonedParts(nowMs - 86_400_000, timeZone).date;
    if (p.date === today) return language === 'en' ? `Today ${time}` : `今天 ${time}`;
    if (p.date === yesterday) return language === 'en' ? `Yesterday ${time}` : language === 'zh-Hant' ? `昨天 ${time}` : `昨天 ${time}`;
  }
  if (language === 'en') {
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][p.month - 1];
    return `${p.day} ${month} ${p.year}, ${time}`;
  }
  return `${p.year}年${p.month}月${p.day}日 ${time}`;
}
