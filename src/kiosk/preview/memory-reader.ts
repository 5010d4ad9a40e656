/**
 * The published content a preview stands on, held in memory: the verified
 * snapshot's records, read like the kiosk's IndexedDB store reads them (same
 * filters, same order). A preview never opens or writes a kiosk's store.
 * Media come from the server's /media/<sha256>, which keeps every file a
 * draft refers to (uploads are stored before they are published).
 */
import type { ContentRecord, RecordOfType, RecordType } from '../../shared/content';
import { guideSummary } from '../store/block-writer';
import type { ContentReader, GuideFilter, GuideSummary } from '../store/content-reader';
import { departmentOrder, feeOrder, guideSummaryOrder, hallOrder, noticeOrder, officialOrder } from '../store/record-order';

/** Whether a guide summary passes a list filter (the IndexedDB store's rule). */
export function matchesGuideFilter(g: GuideSummary, filter: GuideFilter): boolean {
  return (
    (!filter.departmentId || g.departmentId === filter.departmentId) &&
    (!filter.audience || g.audience.includes(filter.audience)) &&
    (!filter.topic || g.topics.includes(filter.topic)) &&
    (!filter.lifeEvent || g.lifeEvents.includes(filter.lifeEvent))
  );
}

export class MemoryContentReader implements ContentReader {
  private readonly byType = new Map<RecordType, Map<string, ContentRecord>>();

  constructor(
    records: Iterable<ContentRecord>,
    private readonly fetchMedia: typeof fetch = (input, init) => fetch(input, init),
  ) {
    for (const record of records) {
      let of = this.byType.get(record.type);
      if (!of) this.byType.set(record.type, (of = new Map()));
      of.set(record.id, record);
    }
  }

  private one<T extends RecordType>(type: T, id: string): RecordOfType[T] | undefined {
    return this.byType.get(type)?.get(id) as RecordOfType[T] | undefined;
  }

  async allRecords<T extends RecordType>(type: T): Promise<RecordOfType[T][]> {
    return [...(this.byType.get(type)?.values() ?? [])] as RecordOfType[T][];
  }

  async count(type: RecordType): Promise<number> {
    return this.byType.get(type)?.size ?? 0;
  }

  async getHall(id: string) {
    return this.one('hall', id);
  }
  async listHalls() {
    return (await this.allRecords('hall')).sort(hallOrder);
  }
  async listDepartments() {
    return (await this.allRecords('department')).sort(departmentOrder);
  }
  async getDepartment(id: string) {
    return this.one('department', id);
  }
  async listGuideSummaries(filter: GuideFilter = {}) {
    return (await this.allRecords('guide'))
      .map(guideSummary)
      .filter((g) => matchesGuideFilter(g, filter))
      .sort(guideSummaryOrder);
  }
  async getGuide(id: string) {
    return this.one('guide', id);
  }
  async getFees(ids: string[]) {
    return ids.map((id) => this.one('fee', id)).filter((f) => f !== undefined);
  }
  async listFees(departmentId?: string) {
    return (await this.allRecords('fee')).filter((f) => !departmentId || f.departmentId === departmentId).sort(feeOrder);
  }
  async listOfficials() {
    return (await this.allRecords('official')).sort(officialOrder);
  }
  async getOfficial(id: string) {
    return this.one('official', id);
  }
  async listDutyShifts(hallId: string) {
    return (await this.allRecords('dutyShift')).filter((s) => s.hallId === hallId);
  }
  async listDutyExceptions(hallId: string) {
    return (await this.allRecords('dutyException')).filter((e) => e.hallId === hallId);
  }
  async listNotices() {
    return (await this.allRecords('notice')).sort(noticeOrder);
  }

  async mediaUrl(sha256: string): Promise<string | undefined> {
    return `/media/${sha256}`;
  }

  async mediaFile(sha256: string): Promise<{ bytes: Uint8Array; type: string } | undefined> {
    const res = await this.fetchMedia(`/media/${sha256}`);
    if (!res.ok) return undefined;
    return {
      bytes: new Uint8Array(await res.arrayBuffer()),
      type: res.headers.get('Content-Type')?.split(';')[0] ?? 'application/octet-stream',
    };
  }
}
