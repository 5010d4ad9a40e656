/**
 * A content reader that shows one console draft in place of the published
 * record: every read of that record (by id, in lists, in counts, for the
 * search index) answers with the draft's version, or without the record when
 * the draft withdraws it. Everything else is the wrapped reader's answer, so
 * the kiosk's own screens draw the draft among the published content.
 */
import type { ContentRecord, RecordOfType, RecordType } from '../../shared/content';
import { guideSummary } from '../store/block-writer';
import type { ContentReader, GuideFilter } from '../store/content-reader';
import { departmentOrder, feeOrder, guideSummaryOrder, hallOrder, noticeOrder, officialOrder } from '../store/record-order';
import { matchesGuideFilter } from './memory-reader';

export interface DraftChange {
  type: RecordType;
  id: string;
  /** The record as the draft would publish it; null when the draft withdraws it. */
  record: ContentRecord | null;
}

export function withDraftRecord(base: ContentReader, draft: DraftChange): ContentReader {
  const is = (type: RecordType, id: string) => type === draft.type && id === draft.id;
  const draftOf = <T extends RecordType>(type: T) => (draft.type === type ? (draft.record as RecordOfType[T] | null) : null);

  /** The draft's record in place of the published one (kept in its place, or added and sorted in). */
  function swapIn<T extends RecordType>(type: T, list: RecordOfType[T][], order?: (a: RecordOfType[T], b: RecordOfType[T]) => number) {
    if (draft.type !== type) return list;
    const record = draftOf(type);
    const at = list.findIndex((r) => r.id === draft.id);
    const out = list.filter((r) => r.id !== draft.id);
    if (!record) return out;
    if (at >= 0 && !order) out.splice(at, 0, record);
    else out.push(record);
    return order ? out.sort(order) : out;
  }

  async function one<T extends RecordType>(type: T, id: string, read: () => Promise<RecordOfType[T] | undefined>) {
    return is(type, id) ? (draftOf(type) ?? undefined) : read();
  }

  return {
    getHall: (id) => one('hall', id, () => base.getHall(id)),
    getDepartment: (id) => one('department', id, () => base.getDepartment(id)),
    getGuide: (id) => one('guide', id, () => base.getGuide(id)),
    getOfficial: (id) => one('official', id, () => base.getOfficial(id)),
    listHalls: async () => swapIn('hall', await base.listHalls(), hallOrder),
    listDepartments: async () => swapIn('department', await base.listDepartments(), departmentOrder),
    listOfficials: async () => swapIn('official', await base.listOfficials(), officialOrder),
    listNotices: async () => swapIn('notice', await base.listNotices(), noticeOrder),
    async listFees(departmentId) {
      const fees = swapIn('fee', await base.listFees(departmentId), feeOrder);
      return fees.filter((f) => !departmentId || f.departmentId === departmentId);
    },
    async getFees(ids) {
      if (draft.type !== 'fee' || !ids.includes(draft.id)) return base.getFees(ids);
      const published = await base.getFees(ids.filter((id) => id !== draft.id));
      const fee = draftOf('fee');
      // In the order asked for, like the store answers.
      return ids.flatMap((id) => (id === draft.id ? (fee ? [fee] : []) : published.filter((f) => f.id === id)));
    },
    async listDutyShifts(hallId) {
      return swapIn('dutyShift', await base.listDutyShifts(hallId)).filter((s) => s.hallId === hallId);
    },
    async listDutyExceptions(hallId) {
      return swapIn('dutyException', await base.listDutyExceptions(hallId)).filter((e) => e.hallId === hallId);
    },
    async listGuideSummaries(filter: GuideFilter = {}) {
      const summaries = await base.listGuideSummaries(filter);
      if (draft.type !== 'guide') return summaries;
      const out = summaries.filter((g) => g.id !== draft.id);
      const guide = draftOf('guide');
      if (guide) {
        const summary = guideSummary(guide);
        if (matchesGuideFilter(summary, filter)) out.push(summary);
      }
      return out.sort(guideSummaryOrder);
    },
    async allRecords<T extends RecordType>(type: T) {
      return swapIn(type, await base.allRecords(type));
    },
    async count(type) {
      const n = await base.count(type);
      if (type !== draft.type) return n;
      const published = (await base.allRecords(type)).some((r) => r.id === draft.id);
      return n - (published ? 1 : 0) + (draft.record ? 1 : 0);
    },
    mediaUrl: (sha256) => base.mediaUrl(sha256),
    mediaFile: (sha256) => base.mediaFile(sha256),
  };
}
