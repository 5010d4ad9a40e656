/**
 * The one narrow interface every handler uses to reach stored content and the
 * change log. SQLite implements it today; a PostgreSQL implementation can
 * follow without touching handlers.
 */
import type { ContentRecord, FieldProblem, MediaRef, RecordType } from '../../shared/content';
import type { FeedChange, SnapshotEntry } from '../../shared/feed/protocol';

export type ChangeInput =
  | { op: 'put'; record: ContentRecord; /** Optimistic concurrency: refuse if the stored version differs. */ expectedVersion?: number }
  | { op: 'delete'; type: RecordType; id: string; expectedVersion?: number };

export interface PublishResult {
  /** First and last seq written (a publish of n changes takes n consecutive seqs). */
  fromSeq: number;
  toSeq: number;
  /** The records as stored: version incremented and updatedAt stamped by the store. */
  records: ContentRecord[];
}

export interface LogPosition {
  seq: number;
  minSeq: number;
  /** The log's epoch: a random id made when the log was created and kept with it (a backup restores it too). */
  epoch: string;
}

export interface ChangesResult {
  changes: FeedChange[];
  /** Cursor after these changes. */
  to: number;
  hasMore: boolean;
}

export interface StoredMedia {
  ref: MediaRef;
  bytes: Uint8Array;
}

export interface CompactionResult {
  removedChanges: number;
  minSeq: number;
}

/** A publish refused because records failed validation: nothing was written. */
export class RecordValidationError extends Error {
  constructor(readonly problems: { index: number; type: string; id: string; problems: FieldProblem[] }[]) {
    super(
      problems
        .map((p) => `${p.type}/${p.id}: ${p.problems.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ')}`)
        .join('\n'),
    );
    this.name = 'RecordValidationError';
  }
}

/** A publish refused because a record changed since the caller read it: nothing was written. */
export class VersionConflictError extends Error {
  constructor(
    readonly type: RecordType,
    readonly id: string,
    readonly expectedVersion: number,
    readonly current: ContentRecord | null,
  ) {
    super(`${type}/${id}: expected version ${expectedVersion}, stored version is ${current?.version ?? 'none (deleted)'}`);
    this.name = 'VersionConflictError';
  }
}

export interface ContentStore {
  /** Validates every change, then writes them all with consecutive seqs in one transaction, or nothing. */
  publish(changes: ChangeInput[], meta?: { actor?: string; now?: Date }): Promise<PublishResult>;
  /**
   * Head of the log and minSeq. With a hallId, seq is the newest change that
   * hall can see (a kiosk whose cursor is at or past it is up to date).
   */
  position(hallId?: string | null): Promise<LogPosition>;
  /** Changes after `since` visible to the hall (global + that hall's scope; all when hallId is null). */
  changesSince(since: number, limit: number, hallId: string | null): Promise<ChangesResult>;
  /** The current state visible to the hall, as of the returned seq. */
  snapshot(hallId: string | null): Promise<{ seq: number; minSeq: number; epoch: string; records: SnapshotEntry[] }>;
  /**
   * Optional fast paths for the feed: the same data as changesSince/snapshot, but
   * the changes or entries already serialised as a UTF-8 JSON array, exactly as
   * JSON.stringify would write them, so large pages and snapshots are not parsed
   * and re-serialised. Handlers fall back to the object methods when absent.
   */
  changesSinceJson?(
    since: number,
    limit: number,
    hallId: string | null,
  ): Promise<{ changesJson: Uint8Array; count: number; to: number; hasMore: boolean }>;
  snapshotJson?(hallId: string | null): Promise<{ seq: number; minSeq: number; epoch: string; count: number; recordsJson: Uint8Array }>;
  getRecord<T extends ContentRecord = ContentRecord>(type: RecordType, id: string): Promise<T | null>;
  listRecords<T extends ContentRecord = ContentRecord>(type: RecordType): Promise<T[]>;
  /** Drops superseded versions and tombstones older than the retention window and raises minSeq. */
  compact(options: { now: Date; retentionDays: number }): Promise<CompactionResult>;
  putMedia(bytes: Uint8Array, type: MediaRef['type']): Promise<MediaRef>;
  getMedia(sha256: string): Promise<StoredMedia | null>;
  close(): Promise<void>;
}
