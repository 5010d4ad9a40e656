/**
 * The one transaction of a publish: the feed changes and everything the
 * console records about them (draft states, audit, the publication, notice
 * expiries) commit together or not at all. A kill -9 or a full disk can then
 * never leave a draft "approved" but unpublished, or content published with
 * its draft still open.
 *
 * The console's writes are computed from the publish result (the seqs) by a
 * pure function, so an implementation runs it between its publish and its
 * COMMIT: SQLite (store/sqlite-publish-store.ts) in one IMMEDIATE transaction
 * on the database that holds both the feed and the console tables; PostgreSQL
 * between BEGIN and COMMIT on one connection.
 */
import type { ChangeInput, PublishResult } from '../store/content-store';
import type { AuditInput, Draft, Publication, ScheduledExpiry } from './types';

export interface DraftUpdate {
  id: string;
  /** The update applies only if the stored revision equals this; otherwise the whole transaction is refused. */
  expectedRevision: number;
  patch: Partial<Omit<Draft, 'id' | 'createdAt'>>;
}

export interface ConsoleWrites {
  newDrafts?: Draft[];
  drafts?: DraftUpdate[];
  audit?: AuditInput[];
  publication?: Omit<Publication, 'id'>;
  scheduleExpiries?: ScheduledExpiry[];
  cancelExpiries?: { recordType: string; recordId: string }[];
}

export interface PublishStore {
  /**
   * In one transaction: publish the changes to the feed, then apply the console
   * writes derived from the result. Throws (and writes nothing) on a version
   * conflict, a validation problem, a draft whose revision moved
   * (DraftRevisionConflictError), or a database error.
   */
  publishWithConsole(
    changes: ChangeInput[],
    meta: { actor: string; now: Date },
    writes: (result: PublishResult) => ConsoleWrites,
  ): Promise<{ result: PublishResult; publication: Publication | null }>;
}

/** A draft changed between reading it and committing: the transaction was rolled back. */
export class DraftRevisionConflictError extends Error {
  constructor(readonly draftId: string) {
    super(`draft ${draftId} changed since it was read`);
    this.name = 'DraftRevisionConflictError';
  }
}
