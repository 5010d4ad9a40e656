/**
 * The demo dataset loaded on first start: a fictional county (青岚县) with its
 * service hall, three village query points, eleven departments, service
 * guides, fee schedule, officials with generated portraits, a week of duty
 * shifts with exceptions, and notices. Deterministic for a given `now`.
 */
import type { ContentRecord } from '../../shared/content';
import { createDemoContext, type DemoContext } from './context';
import { buildDepartments, DEPARTMENTS } from './departments';
import { buildDutyExceptions, buildHotlineShifts, buildWindowShifts } from './duty';
import { buildFees } from './fees';
import { buildGuides } from './guides';
import { buildHalls } from './halls';
import { buildLexicon } from './lexicon';
import type { DemoMedia } from './media';
import { buildNotices } from './notices';
import { buildDemoOfficials } from './officials';
import { COUNTY_HALL_ID } from './places';

export type { DemoMedia } from './media';

export interface DemoDataset {
  records: ContentRecord[];
  /** Every media file the records refer to; publish these (putMedia) before the records. */
  media: DemoMedia[];
}

export const DEPARTMENT_IDS = DEPARTMENTS.map((d) => d.id);

/** The demo records grouped by type, for builders (such as the scaled dataset) that reuse parts of it. */
export function buildDemoParts(ctx: DemoContext) {
  const halls = buildHalls(ctx);
  const departments = buildDepartments(ctx);
  const fees = buildFees(ctx, DEPARTMENT_IDS);
  const { guides, specs } = buildGuides(ctx, DEPARTMENT_IDS);
  const staffed = halls.map((h) => ({ hallId: h.id, windows: h.windows }));
  const { officials, rosters, hotlineIds } = buildDemoOfficials(ctx, staffed);
  const shifts = [...buildWindowShifts(ctx, halls, rosters), ...buildHotlineShifts(ctx, COUNTY_HALL_ID, hotlineIds)];
  const exceptions = buildDutyExceptions(ctx, rosters, hotlineIds);
  const notices = buildNotices(ctx);
  const lexicon = buildLexicon(ctx);
  return { halls, departments, fees, guides, specs, officials, rosters, hotlineIds, shifts, exceptions, notices, lexicon };
}

export function buildDemoDataset(now: Date): DemoDataset {
  const ctx = createDemoContext(now);
  const p = buildDemoParts(ctx);
  const records: ContentRecord[] = [
    ...p.halls,
    ...p.departments,
    ...p.fees,
    ...p.guides,
    ...p.officials,
    ...p.shifts,
    ...p.exceptions,
    ...p.notices,
    ...p.lexicon,
  ];
  return { records, media: ctx.media.list() };
}
