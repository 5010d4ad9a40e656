/**
 * The order in which the kiosk lists each kind of record. One place, so every
 * reader (the IndexedDB store, the console's draft preview) lists alike.
 */
import type { Department, FeeItem, Hall, Notice, Official } from '../../shared/content';
import type { GuideSummary } from './content-reader';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-Hans-CN');

export const hallOrder = (a: Hall, b: Hall): number => byName(a, b);

export const departmentOrder = (a: Department, b: Department): number => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || byName(a, b);

/** Most asked-for first. */
export const guideSummaryOrder = (a: GuideSummary, b: GuideSummary): number => b.popularity - a.popularity || byName(a, b);

export const feeOrder = (a: FeeItem, b: FeeItem): number => a.departmentId.localeCompare(b.departmentId) || byName(a, b);

export const officialOrder = (a: Official, b: Official): number => a.departmentId.localeCompare(b.departmentId) || byName(a, b);

const NOTICE_RANK = { urgent: 0, important: 1, normal: 2 } as const;

/** Urgent first, then the newest. */
export const noticeOrder = (a: Notice, b: Notice): number =>
  NOTICE_RANK[a.priority] - NOTICE_RANK[b.priority] || Date.parse(b.publishAt) - Date.parse(a.publishAt);
