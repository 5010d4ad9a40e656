/**
 * What a kiosk sends back: ratings, messages and usage events, each an outbox
 * item with an id made when it was created (the idempotency key). Validated
 * one by one on the server, so a batch with a bad item still stores the rest.
 */
import * as v from 'valibot';
import { Id, Instant, LocalDate } from '../content/common';
import { isPhoneNumber, normalisePhone } from './phone';
import {
  BAD_REASONS,
  BATCH_MAX_ITEMS,
  isBadLevel,
  MESSAGE_CATEGORIES,
  QUERY_LIMIT,
  RATING_LEVELS,
  SUBJECT_TYPES,
  TEXT_LIMIT,
  USAGE_EVENTS,
} from './levels';

/** A random UUID (crypto.randomUUID on the kiosk): ids are globally unique without coordination. */
export const ItemId = v.pipe(
  v.string('必须是文本'),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '必须是 UUID（小写）'),
);

const FreeText = v.optional(v.pipe(v.string('必须是文本'), v.trim(), v.maxLength(TEXT_LIMIT, `不能超过 ${TEXT_LIMIT} 个字符`)), '');

const CallbackPhone = v.optional(
  v.nullable(
    v.pipe(
      v.string('必须是文本'),
      v.check(isPhoneNumber, '不是电话号码：手机号 11 位（1 开头），座机需带区号'),
      v.transform(normalisePhone),
    ),
  ),
  null,
);

const Common = {
  id: ItemId,
  kioskId: Id,
  at: Instant,
};

export const Subject = v.object({
  type: v.picklist(SUBJECT_TYPES, `只能是 ${SUBJECT_TYPES.join('、')}`),
  /** The guide, fee, official or window id; empty for a visit. */
  id: v.optional(v.pipe(v.string('必须是文本'), v.maxLength(80, '不能超过 80 个字符')), ''),
  departmentId: v.optional(v.nullable(Id), null),
  /** A readable name kept with the rating, so a report still reads after the content changes. */
  title: v.optional(v.pipe(v.string('必须是文本'), v.maxLength(120, '不能超过 120 个字符')), ''),
});
export type Subject = v.InferOutput<typeof Subject>;

export const RatingItem = v.pipe(
  v.object({
    ...Common,
    kind: v.literal('rating'),
    level: v.picklist(RATING_LEVELS, '评价等级只能是 5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意'),
    subject: Subject,
    reasons: v.optional(v.pipe(v.array(v.picklist(BAD_REASONS, '不是可选的原因')), v.maxLength(BAD_REASONS.length, '原因过多')), []),
    text: FreeText,
    phone: CallbackPhone,
  }),
  v.forward(
    v.check(
      (r) => isBadLevel(r.level) || (r.reasons.length === 0 && r.text === '' && r.phone === null),
      '只有不满意和非常不满意可以填写原因、意见和电话',
    ),
    ['reasons'],
  ),
);
export type RatingItem = v.InferOutput<typeof RatingItem>;

export const MessageItem = v.object({
  ...Common,
  kind: v.literal('message'),
  category: v.picklist(MESSAGE_CATEGORIES, '类别只能是 consult（咨询）、suggest（建议）或 complain（投诉）'),
  departmentId: Id,
  text: v.pipe(v.string('必须是文本'), v.trim(), v.minLength(1, '不能为空'), v.maxLength(TEXT_LIMIT, `不能超过 ${TEXT_LIMIT} 个字符`)),
  phone: CallbackPhone,
});
export type MessageItem = v.InferOutput<typeof MessageItem>;

export const UsageItem = v.pipe(
  v.object({
    ...Common,
    kind: v.literal('usage'),
    event: v.picklist(USAGE_EVENTS, `只能是 ${USAGE_EVENTS.join('、')}`),
    /** A screen name, a content id, a language code, 'on' — never anything a person typed. */
    target: v.optional(v.pipe(v.string('必须是文本'), v.maxLength(80, '不能超过 80 个字符')), ''),
    /** For searches: how many results. */
    results: v.optional(v.nullable(v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(0, '不能为负数'))), null),
    /** For searches that found nothing only: the words (to show the content gap). */
    query: v.optional(v.pipe(v.string('必须是文本'), v.trim(), v.maxLength(QUERY_LIMIT, `不能超过 ${QUERY_LIMIT} 个字符`)), ''),
  }),
  v.forward(
    v.check((u) => u.query === '' || (u.event === 'search' && u.results === 0), '只保留没有结果的搜索词'),
    ['query'],
  ),
);
export type UsageItem = v.InferOutput<typeof UsageItem>;

/** Usage folded into daily counts when the outbox is full: key "event|target" → count. */
export const UsageDailyItem = v.object({
  ...Common,
  kind: v.literal('usage-daily'),
  /** The hall's calendar day the counts belong to. */
  day: LocalDate,
  counts: v.pipe(
    v.record(
      v.pipe(v.string(), v.maxLength(120, '键过长')),
      v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(1, '至少为 1')),
    ),
    v.check((c) => Object.keys(c).length <= 2000, '计数项过多'),
  ),
});
export type UsageDailyItem = v.InferOutput<typeof UsageDailyItem>;

export const FeedbackItem = v.variant('kind', [RatingItem, MessageItem, UsageItem, UsageDailyItem], '未知的条目类型（kind）');
export type FeedbackItem = v.InferOutput<typeof FeedbackItem>;
export type FeedbackItemInput = v.InferInput<typeof FeedbackItem>;

/** The envelope only: items are checked one by one so good ones are stored. */
export const FeedbackBatch = v.object({
  kioskId: Id,
  sentAt: Instant,
  items: v.pipe(
    v.array(v.unknown(), '必须是数组'),
    v.minLength(1, '不能为空'),
    v.maxLength(BATCH_MAX_ITEMS, `一批最多 ${BATCH_MAX_ITEMS} 条`),
  ),
});

export interface ItemRejection {
  index: number;
  /** The item's id when it had a readable one. */
  id: string | null;
  problems: { field: string; message: string }[];
}

export interface BatchReceipt {
  /** Ids stored by this batch. */
  stored: string[];
  /** Ids already stored earlier (a retry): the kiosk may forget them too. */
  duplicates: string[];
  /** Items refused, with the field and the reason; the kiosk keeps them aside, never retries them blindly. */
  rejected: ItemRejection[];
}
