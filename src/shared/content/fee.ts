/** 收费标准: money is integer fen, never floating point. */
import * as v from 'valibot';
import { EnglishName, Fen, Id, Instant, NonEmptyText, OptionalText, RecordEnvelope } from './common';

export const FeeAmount = v.variant(
  'kind',
  [
    v.object({ kind: v.literal('fixed'), fen: Fen }),
    v.pipe(
      v.object({ kind: v.literal('range'), minFen: Fen, maxFen: Fen }),
      v.check((a) => a.minFen <= a.maxFen, '最低金额不能高于最高金额'),
    ),
    v.object({ kind: v.literal('per-unit'), fenPerUnit: Fen }),
  ],
  "金额类型必须是 'fixed'、'range' 或 'per-unit'",
);
export type FeeAmount = v.InferOutput<typeof FeeAmount>;

export const FeeBasis = v.object({
  title: NonEmptyText(200),
  /** Document number, e.g. 发改价格〔2019〕1931号. */
  number: NonEmptyText(80),
});

export const FeeItemSchema = v.pipe(
  v.object({
    ...RecordEnvelope,
    type: v.literal('fee'),
    name: NonEmptyText(120),
    nameEn: EnglishName(200),
    code: OptionalText(40),
    departmentId: Id,
    amount: FeeAmount,
    /** e.g. 元/件, 元/平方米, 元/次 */
    unit: NonEmptyText(30),
    basis: v.pipe(v.array(FeeBasis), v.minLength(1, '收费必须列出依据文件名称和文号')),
    effectiveFrom: Instant,
    effectiveTo: v.optional(v.nullable(Instant), null),
    reductions: v.array(v.object({ description: NonEmptyText(300), basis: OptionalText(200) })),
    notes: OptionalText(1000),
  }),
  v.check((f) => f.effectiveTo == null || Date.parse(f.effectiveTo) > Date.parse(f.effectiveFrom), '失效时间必须晚于生效时间'),
);
export type FeeItem = v.InferOutput<typeof FeeItemSchema>;

export function isFeeInForce(fee: Pick<FeeItem, 'effectiveFrom' | 'effectiveTo'>, nowMs: number): boolean {
  return Date.parse(fee.effectiveFrom) <= nowMs && (fee.effectiveTo == null || nowMs < Date.parse(fee.effectiveTo));
}
