/**
 * 政务服务"好差评": the five national levels and the reasons a bad review may give.
 * Levels are numbers 5 (非常满意) … 1 (非常不满意); 2 and 1 are the bad reviews.
 * The Chinese labels are the national wording and are shown exactly so.
 */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const LEVEL_LABELS: Record<RatingLevel, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

export function isBadLevel(level: number): boolean {
  return level === 1 || level === 2;
}

export const BAD_REASONS = [
  'guide-inaccurate',
  'too-many-materials',
  'long-wait',
  'poor-attitude',
  'slow-handling',
  'repeat-visits',
  'other',
] as const;
export type BadReason = (typeof BAD_REASONS)[number];

export const REASON_LABELS: Record<BadReason, string> = {
  'guide-inaccurate': '指南不准确',
  'too-many-materials': '材料要求多',
  'long-wait': '等候时间长',
  'poor-attitude': '服务态度差',
  'slow-handling': '办理时间长',
  'repeat-visits': '多次跑腿',
  other: '其他',
};

export const MESSAGE_CATEGORIES = ['consult', 'suggest', 'complain'] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<MessageCategory, string> = { consult: '咨询', suggest: '建议', complain: '投诉' };

/** What a rating is about. 'visit' is the gentle question at the end of a visit. */
export const SUBJECT_TYPES = ['guide', 'fee', 'official', 'window', 'visit'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** Usage events carry no personal data: an event name, an optional content id or screen, numbers. */
export const USAGE_EVENTS = ['visit', 'screen', 'guide', 'fee', 'duty', 'search', 'language', 'elder', 'qr', 'print'] as const;
export type UsageEventName = (typeof USAGE_EVENTS)[number];

export const TEXT_LIMIT = 500;
export const QUERY_LIMIT = 60;
export const BATCH_MAX_ITEMS = 500;
