/** 办事指南: fields from the national basic catalogue and local guide standards (see DOMAIN.md). */
import * as v from 'valibot';
import { Count, EnglishName, Id, MediaRef, NonEmptyText, OptionalText, Phone, RecordEnvelope } from './common';

export const ITEM_TYPES = [
  '行政许可',
  '行政给付',
  '行政确认',
  '行政征收',
  '行政裁决',
  '行政奖励',
  '行政检查',
  '其他行政权力',
  '公共服务',
] as const;
export const AUDIENCES = ['person', 'legal-entity'] as const; // 个人 / 法人

export const LegalBasis = v.object({ title: NonEmptyText(200), article: OptionalText(200) });

export const Material = v.pipe(
  v.object({
    name: NonEmptyText(200),
    requirement: v.picklist(['required', 'conditional'], "必须是 'required' 或 'conditional'"),
    /** When requirement is 'conditional': in which case it is needed. */
    condition: OptionalText(500),
    form: v.picklist(['paper', 'electronic', 'paper-or-electronic'], '材料形式不正确'),
    originalOrCopy: v.picklist(['original', 'copy', 'original-and-copy'], '必须注明原件、复印件或原件和复印件'),
    originals: Count(),
    copies: Count(),
    source: v.picklist(['applicant', 'department'], "必须是 'applicant'（申请人自备）或 'department'（部门核发）"),
    sourceDetail: OptionalText(200),
    notes: OptionalText(500),
    blankForm: v.optional(MediaRef),
    sample: v.optional(MediaRef),
  }),
  v.check((m) => m.requirement !== 'conditional' || m.condition.length > 0, '条件性材料必须说明在什么情况下需要'),
  v.check(
    (m) => (m.originalOrCopy === 'copy' ? m.originals === 0 : m.originals >= 1),
    '需要原件时原件份数至少为 1；只要复印件时原件份数应为 0',
  ),
  v.check(
    (m) => (m.originalOrCopy === 'original' ? m.copies === 0 : m.copies >= 1),
    '需要复印件时复印件份数至少为 1；只要原件时复印件份数应为 0',
  ),
);
export type Material = v.InferOutput<typeof Material>;

export const Step = v.object({
  title: NonEmptyText(100),
  actor: NonEmptyText(100),
  result: NonEmptyText(200),
  standard: OptionalText(500),
  timeLimit: OptionalText(100),
});
export type Step = v.InferOutput<typeof Step>;

export const TimeLimit = v.variant(
  'kind',
  [
    v.object({ kind: v.literal('same-day') }),
    v.object({
      kind: v.literal('working-days'),
      days: v.pipe(v.number(), v.integer('必须是整数'), v.minValue(1, '工作日至少为 1'), v.maxValue(365, '不能超过 365 个工作日')),
    }),
  ],
  "时限必须是 'same-day' 或 'working-days'",
);
export type TimeLimit = v.InferOutput<typeof TimeLimit>;

/** Blank is not allowed: a guide states 'no fee' explicitly or lists its fee items. */
export const GuideFees = v.variant(
  'kind',
  [
    v.object({ kind: v.literal('none') }),
    v.object({
      kind: v.literal('items'),
      feeItemIds: v.pipe(v.array(Id), v.minLength(1, '收费事项至少列出一项收费标准，否则应标明不收费')),
    }),
  ],
  "收费必须明确：'none'（不收费）或 'items'（列出收费标准）",
);
export type GuideFees = v.InferOutput<typeof GuideFees>;

export const Faq = v.object({ question: NonEmptyText(300), answer: NonEmptyText(2000) });

export const ServiceGuideSchema = v.pipe(
  v.object({
    ...RecordEnvelope,
    type: v.literal('guide'),
    name: NonEmptyText(120),
    plainName: NonEmptyText(120),
    nameEn: EnglishName(200),
    /** 事项俗称 / 关键词: what residents call the service; searched with high weight. */
    aliases: v.optional(v.pipe(v.array(NonEmptyText(30), '俗称必须是文本列表'), v.maxLength(30, '俗称最多 30 个'))),
    itemCode: v.pipe(v.string(), v.regex(/^[0-9A-Z-]{4,40}$/, '事项编码只能包含数字、大写字母和 -')),
    itemType: v.picklist(ITEM_TYPES, '事项类型不在国家基本目录的类型之中'),
    departmentId: Id,
    audience: v.pipe(v.array(v.picklist(AUDIENCES, "服务对象必须是 'person' 或 'legal-entity'")), v.minLength(1, '至少选择一个服务对象')),
    caseType: v.picklist(['immediate', 'promised'], "办件类型必须是 'immediate'（即办件）或 'promised'（承诺件）"),
    summary: OptionalText(1000),
    legalBasis: v.pipe(v.array(LegalBasis), v.minLength(1, '至少列出一项设定依据')),
    conditions: v.pipe(v.array(NonEmptyText(500)), v.minLength(1, '至少列出一项受理条件')),
    materials: v.array(Material),
    steps: v.pipe(v.array(Step), v.minLength(1, '至少列出一个办理步骤')),
    legalTimeLimit: TimeLimit,
    promisedTimeLimit: TimeLimit,
    fees: GuideFees,
    place: v.object({
      hallId: v.optional(Id),
      floor: OptionalText(20),
      windows: v.array(NonEmptyText(20)),
      address: OptionalText(200),
    }),
    hours: NonEmptyText(300),
    consultPhone: Phone,
    complaintPhone: Phone,
    visitsNeeded: v.pipe(
      v.number(),
      v.integer(),
      v.minValue(0, '到现场次数不能为负'),
      v.maxValue(3, '到现场次数为 0、1、2 或 3（3 表示 3 次及以上）'),
    ),
    online: v.object({ available: v.boolean(), url: OptionalText(300), note: OptionalText(300) }),
    result: OptionalText(200),
    faq: v.array(Faq),
    topics: v.array(NonEmptyText(30)),
    lifeEvents: v.array(NonEmptyText(30)),
    /** Used as the tie-breaker in search ranking and for "popular" lists. */
    popularity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  }),
  v.check((g) => timeLimitDays(g.promisedTimeLimit) <= timeLimitDays(g.legalTimeLimit), '承诺办结时限不能长于法定办结时限'),
);
export type ServiceGuide = v.InferOutput<typeof ServiceGuideSchema>;

function timeLimitDays(t: TimeLimit): number {
  return t.kind === 'same-day' ? 0 : t.days;
}
