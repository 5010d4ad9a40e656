/**
 * The IndexedDB layout of the kiosk's content.
 *
 * One put per record costs ~110 µs in Chromium (structured clone + store
 * overhead), which caps a snapshot at ~9,000 records/s. So records are kept in
 * blocks: a block is one IndexedDB value holding the JSON text of up to N
 * records of one type (a string clones with a memcpy). A small per-type index
 * maps id -> block and carries guide summaries, so list screens never parse
 * whole guides.
 *
 * Every block and index belongs to a generation. A snapshot writes a new
 * generation beside the old one and switches `state.generation` in its final
 * transaction, so a kiosk killed mid-snapshot restarts on the old state or the
 * new one, never in between.
 */
import type { DBSchema } from 'idb';
import type { RecordType } from '../../shared/content';
import type { GuideSummary } from './content-reader';

export const DB_VERSION = 1;
export const DEFAULT_DB_NAME = 'shk-kiosk';

/** Records per block: guides are ~2 KB each, fees ~300 B; ~200-300 KB per block keeps a guide open fast. */
export const BLOCK_RECORDS: Record<RecordType, number> = {
  hall: 100,
  department: 200,
  guide: 100,
  fee: 800,
  official: 200,
  dutyShift: 500,
  dutyException: 500,
  notice: 100,
  lexicon: 1000,
};

export type BlockKey = [generation: number, type: RecordType, block: number];
export type IndexKey = [generation: number, type: RecordType];

export interface Block {
  /** Ids in the same order as the records in `json`. */
  ids: string[];
  /** JSON array of the records. */
  json: string;
}

export interface TypeIndex {
  /** id -> block number */
  blockOf: Record<string, number>;
  /** Record count of each block (by block number); new records go to the last block with room. */
  blockSizes: number[];
  /** Guides only: what a list row needs. */
  summaries?: Record<string, GuideSummary>;
  /** Media hashes referenced by each record that references any. */
  media?: Record<string, string[]>;
}

export interface ContentState {
  generation: number;
  /** Last applied feed seq; null before the first snapshot. */
  cursor: number | null;
  /** Seq of the snapshot this generation started from. */
  snapshotSeq: number | null;
  hall: string | null;
  /** The feed log's epoch the cursor belongs to (format 2); absent for data stored by a format 1 kiosk. */
  epoch?: string | null;
}

export interface SyncMeta {
  lastSyncAt: string | null;
  lastError: string | null;
  headSeen: number | null;
  /** Last measured server clock minus kiosk clock, kept for offline restarts. */
  clockOffsetMs: number | null;
  /** navigator.storage.persist() was asked once. */
  persistRequested: boolean;
  /** Signing keys learned from a rotation announced in a verified head (besides the configured key). */
  trustedKeys?: { keyId: string; publicKey: string; activeFrom: string }[];
  /**
   * After the server's log went back (restored from a backup, same epoch), pages with since at or below
   * this seq may sit in the HTTP cache from the abandoned timeline: they are fetched past the cache.
   */
  reloadPagesUpTo?: number | null;
}

export const EMPTY_SYNC_META: SyncMeta = {
  lastSyncAt: null,
  lastError: null,
  headSeen: null,
  clockOffsetMs: null,
  persistRequested: false,
};

export interface StoredMedia {
  type: string;
  bytes: ArrayBuffer;
}

export interface KioskDB extends DBSchema {
  blocks: { key: BlockKey; value: Block };
  indexes: { key: IndexKey; value: TypeIndex };
  meta: { key: string; value: ContentState | SyncMeta };
  media: { key: string; value: StoredMedia };
}

export function emptyIndex(type: RecordType): TypeIndex {
  return type === 'guide' ? { blockOf: {}, blockSizes: [], summaries: {} } : { blockOf: {}, blockSizes: [] };
}

/** Keys of every generation other than `keep`, for clearing staged or superseded data. */
export function otherGenerationRanges(keep: number): IDBKeyRange[] {
  return [IDBKeyRange.upperBound([keep], true), IDBKeyRange.lowerBound([keep + 1])];
}
