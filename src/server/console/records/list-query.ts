/**
 * The query of a console record list, validated at the route: paging,
 * sorting, filters and search. Dates are the hall's calendar days (YYYY-MM-DD).
 */
import * as v from 'valibot';
import { LocalDate } from '../../../shared/content';

export const LIST_SORTS = ['name', 'code', 'department', 'updatedAt', 'effectiveFrom', 'amount', 'state'] as const;

/** published: nothing open; draft: being edited or sent back; review: waiting for review or for its publish time. */
export const LIST_STATES = ['published', 'draft', 'review'] as const;
export type ListState = (typeof LIST_STATES)[number];

export const MAX_PAGE_SIZE = 500;

const intText = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `${name} 必须是整数`),
    v.transform(Number),
    v.minValue(min, `${name} 不能小于 ${min}`),
    v.maxValue(max, `${name} 不能大于 ${max}`),
  );
const flag = v.optional(v.picklist(['0', '1'], "必须是 '0' 或 '1'"));
const id = v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, '不是有效的编号')));

export const ListQuerySchema = v.pipe(
  v.object({
    page: v.optional(intText('page', 1, 1_000_000), '1'),
    pageSize: v.optional(intText('pageSize', 1, MAX_PAGE_SIZE), '50'),
    sort: v.optional(v.picklist(LIST_SORTS, `sort 必须是 ${LIST_SORTS.join('、')} 之一`), 'name'),
    dir: v.optional(v.picklist(['asc', 'desc'], "dir 必须是 'asc' 或 'desc'"), 'asc'),
    q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, '搜索词不能超过 100 个字符'))),
    departmentId: id,
    hallId: id,
    state: v.optional(v.picklist(LIST_STATES, `state 必须是 ${LIST_STATES.join('、')} 之一`)),
    scope: v.optional(v.picklist(['global', 'hall'], "scope 必须是 'global' 或 'hall'")),
    effectiveFrom: v.optional(LocalDate),
    effectiveTo: v.optional(LocalDate),
    expired: flag,
    upcoming: flag,
  }),
  v.forward(
    v.check((q) => !q.effectiveFrom || !q.effectiveTo || q.effectiveFrom <= q.effectiveTo, '开始日期不能晚于结束日期'),
    ['effectiveTo'],
  ),
);
export type ListQuery = v.InferOutput<typeof ListQuerySchema>;
