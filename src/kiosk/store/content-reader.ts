/**
 * What the kiosk's screens read. The IndexedDB store implements it; screens
 * never touch IndexedDB directly, so the storage layout can change freely.
 */
import type {
  Department,
  DutyException,
  DutyShift,
  FeeItem,
  Hall,
  Notice,
  Official,
  RecordOfType,
  RecordType,
  ServiceGuide,
} from '../../shared/content';

export interface GuideFilter {
  departmentId?: string;
  audience?: 'person' | 'legal-entity';
  topic?: string;
  lifeEvent?: string;
}

/** Enough of a guide for a list row, without loading the whole record. */
export interface GuideSummary {
  id: string;
  name: string;
  plainName: string;
  departmentId: string;
  audience: ServiceGuide['audience'];
  topics: string[];
  lifeEvents: string[];
  popularity: number;
}

export interface ContentReader {
  getHall(id: string): Promise<Hall | undefined>;
  listHalls(): Promise<Hall[]>;
  listDepartments(): Promise<Department[]>;
  getDepartment(id: string): Promise<Department | undefined>;
  listGuideSummaries(filter?: GuideFilter): Promise<GuideSummary[]>;
  getGuide(id: string): Promise<ServiceGuide | undefined>;
  getFees(ids: string[]): Promise<FeeItem[]>;
  listFees(departmentId?: string): Promise<FeeItem[]>;
  listOfficials(): Promise<Official[]>;
  getOfficial(id: string): Promise<Official | undefined>;
  listDutyShifts(hallId: string): Promise<DutyShift[]>;
  listDutyExceptions(hallId: string): Promise<DutyException[]>;
  listNotices(): Promise<Notice[]>;
  /** An object URL (or undefined while not yet downloaded) for a media hash. */
  mediaUrl(sha256: string): Promise<string | undefined>;
  /** The stored bytes and type of a media file (undefined while not yet downloaded): for viewers that parse it, like PDF. */
  mediaFile(sha256: string): Promise<{ bytes: Uint8Array; type: string } | undefined>;
  count(type: RecordType): Promise<number>;
  /** Every stored record of a type (for building the search index; not for screens). */
  allRecords<T extends RecordType>(type: T): Promise<RecordOfType[T][]>;
}
