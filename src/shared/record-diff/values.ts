/**
 * Field values as a reviewer reads them: enum values in Chinese, money in
 * yuan, instants in the hall's time zone with the zone named, time limits
 * and fee choices in words, and media as something to draw as a thumbnail.
 */
import { formatFen } from '../money';
import { zonedParts } from '../time/zoned';
import { schemaPath, VALUE_LABELS } from './labels';

/** Halls are in Asia/Shanghai (see DOMAIN.md); shown as 北京时间 so nobody guesses. */
export const HALL_TIME_ZONE = 'Asia/Shanghai';

export interface MediaValue {
  sha256: string;
  type: string;
  alt: string;
}

/** Text to print, or a media file to show as a thumbnail (old | new side by side). */
export type DisplayValue = { text: string } | { media: MediaValue };

const EMPTY = '（空）';
const MONEY_KEYS = new Set(['fen', 'minFen', 'maxFen', 'fenPerUnit']);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const WEEKDAY_KEYS = new Set(['weekday']);

const pad = (n: number) => String(n).padStart(2, '0');

/** "2027-01-01T00:00:00+08:00" → "2027-01-01 00:00（北京时间）". */
export function formatInstant(iso: string, timeZone = HALL_TIME_ZONE): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const p = zonedParts(ms, timeZone);
  const zone = timeZone === HALL_TIME_ZONE ? '北京时间' : timeZone;
  return `${p.date} ${pad(p.hour)}:${pad(p.minute)}（${zone}）`;
}

function isMedia(v: unknown): v is { sha256: string; type: string; alt?: string } {
  return !!v && typeof v === 'object' && typeof (v as { sha256?: unknown }).sha256 === 'string';
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** One value in words; objects are summarised field by field so nothing shows as JSON when avoidable. */
export function valueText(path: string, value: unknown): string {
  if (isEmpty(value)) return EMPTY;
  const key = schemaPath(path);
  const last = key.split('.').pop() ?? key;
  if (typeof value === 'string') {
    const enumLabel = VALUE_LABELS[key]?.[value] ?? VALUE_LABELS[last]?.[value];
    if (enumLabel) return enumLabel;
    if (INSTANT.test(value)) return formatInstant(value);
    return value;
  }
  if (typeof value === 'number') {
    if (MONEY_KEYS.has(last) && Number.isSafeInteger(value)) return formatFen(value);
    if (WEEKDAY_KEYS.has(last) && value >= 1 && value <= 7) return `周${'一二三四五六日'[value - 1]}`;
    if (last === 'visitsNeeded') return value >= 3 ? '3 次及以上' : `${value} 次`;
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map((v, i) => valueText(`${path}[${i}]`, v)).join('、');
  if (isMedia(value)) return value.alt ? `文件「${value.alt}」` : `文件 ${value.sha256.slice(0, 8)}…`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.kind === 'same-day') return '当场办结';
    if (o.kind === 'working-days') return `${String(o.days)} 个工作日`;
    if (o.kind === 'none' && last === 'fees') return '不收费';
    if (o.kind === 'items' && Array.isArray(o.feeItemIds)) return `收费标准：${o.feeItemIds.join('、')}`;
    if (o.kind === 'fixed') return `固定金额 ${valueText('fen', o.fen)}`;
    if (o.kind === 'range') return `${valueText('minFen', o.minFen)}–${valueText('maxFen', o.maxFen)}`;
    if (o.kind === 'per-unit') return `每单位 ${valueText('fenPerUnit', o.fenPerUnit)}`;
    return Object.entries(o)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => valueText(`${key}.${k}`, v))
      .join('；');
  }
  return String(value);
}

/** Two spellings of the same instant (…Z and …+08:00) are the same time, not a change. */
export function sameInstant(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && INSTANT.test(a) && INSTANT.test(b) && Date.parse(a) === Date.parse(b);
}

export function displayValue(path: string, value: unknown): DisplayValue {
  if (isMedia(value)) return { media: { sha256: value.sha256, type: value.type, alt: value.alt ?? '' } };
  return { text: valueText(path, value) };
}
