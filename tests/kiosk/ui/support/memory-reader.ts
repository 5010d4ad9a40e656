/** An in-memory ContentReader over validated records, for render tests. */
import { validateRecord, formatProblems, type ContentRecord, type RecordOfType, type RecordType } from '../../../../src/shared/content';
import type { ContentReader, GuideFilter, GuideSummary } from '../../../../src/kiosk/store/content-reader';

export class MemoryReader implements ContentReader {
  private records = new Map<string, ContentRecord>();

  constructor(records: unknown[]) {
    for (const r of records) this.put(r);
  }

  /** Validates like the sync engine does: a test record that would be refused fails loudly. */
  put(input: unknown) {
    const result = validateRecord(input);
    if (!result.ok) throw new Error(`invalid fixture ${(input as { id?: string }).id}: ${formatProblems(result.problems)}`);
    this.records.set(`${result.value.type}:${result.value.id}`, result.value);
  }

  delete(type: RecordType, id: string) {
    this.records.delete(`${type}:${id}`);
  }

  private all<T extends RecordType>(type: T): RecordOfType[T][] {
    return [...this.records.values()].filter((r) => r.type === type) as RecordOfType[T][];
  }

  private one<T extends RecordType>(type: T, id: string): RecordOfType[T] | undefined {
    return this.records.get(`${type}:${id}`) as RecordOfType[T] | undefined;
  }

  async getHall(id: string) {
    return this.one('hall', id);
  }
  async listHalls() {
    return this.all('hall');
  }
  async listDepartments() {
    return this.all('department').sort((a, b) => a.sortOrder - b.sortOrder);
  }
  async getDepartment(id: string) {
    return this.one('department', id);
  }
  async listGuideSummaries(filter: GuideFilter = {}): Promise<GuideSummary[]> {
    return this.all('guide')
      .filter((g) => !filter.departmentId || g.departmentId === filter.departmentId)
      .filter((g) => !filter.audience || g.audience.includes(filter.audience))
      .filter((g) => !filter.topic || g.topics.includes(filter.topic))
      .filter((g) => !filter.lifeEvent || g.lifeEvents.includes(filter.lifeEvent))
      .map((g) => ({
        id: g.id,
        name: g.name,
        plainName: g.plainName,
        departmentId: g.departmentId,
        audience: g.audience,
        topics: g.topics,
        lifeEvents: g.lifeEvents,
        popularity: g.popularity,
      }));
  }
  async getGuide(id: string) {
    return this.one('guide', id);
  }
  async getFees(ids: string[]) {
    return ids.map((id) => this.one('fee', id)).filter((f) => f !== undefined);
  }
  async listFees(departmentId?: string) {
    return this.all('fee').filter((f) => !departmentId || f.departmentId === departmentId);
  }
  async listOfficials() {
    return this.all('official');
  }
  async getOfficial(id: string) {
    return this.one('official', id);
  }
  async listDutyShifts(hallId: string) {
    return this.all('dutyShift').filter((s) => s.hallId === hallId);
  }
  async listDutyExceptions(hallId: string) {
    return this.all('dutyException').filter((s) => s.hallId === hallId);
  }
  async listNotices() {
    return this.all('notice');
  }
  async mediaUrl() {
    return undefined;
  }
  async mediaFile() {
    return undefined;
  }
  async count(type: RecordType) {
    return this.all(type).length;
  }
  async allRecords<T extends RecordType>(type: T) {
    return this.all(type);
  }
}
