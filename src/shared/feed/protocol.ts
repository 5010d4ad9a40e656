/**
 * Wire types of the delta feed (/feed/v1). docs/feed-protocol.md is the
 * normative description; this file is its TypeScript mirror.
 */
import type { ContentRecord, RecordType } from '../content';

export const FEED_FORMAT_VERSION = 1;

/** Response header carrying the Ed25519 signature of the exact (uncompressed) body bytes. */
export const SIGNATURE_HEADER = 'X-Feed-Signature';
/** Response header naming the key that signed the body (first 16 hex of SHA-256 of the raw public key). */
export const KEY_ID_HEADER = 'X-Feed-Key-Id';
/** Uncompressed byte length of a snapshot, so a client can draw a progress bar. */
export const UNCOMPRESSED_LENGTH_HEADER = 'X-Uncompressed-Length';

export const DEFAULT_PAGE_LIMIT = 500;
export const MAX_PAGE_LIMIT = 1000;

export interface FeedHead {
  formatVersion: number;
  hall: string | null;
  /** Highest seq in the log (0 when empty). */
  seq: number;
  /** Changes with seq <= minSeq may have been compacted away. A client at since < minSeq must reset from the snapshot. */
  minSeq: number;
  generatedAt: string;
}

export type FeedChange =
  | { seq: number; type: RecordType; id: string; op: 'put'; record: ContentRecord }
  | { seq: number; type: RecordType; id: string; op: 'delete' };

export interface ChangesPage {
  formatVersion: number;
  hall: string | null;
  /** The `since` the page was asked for (exclusive). */
  from: number;
  /** The cursor to store after applying this page: ask for since=to next. */
  to: number;
  hasMore: boolean;
  changes: FeedChange[];
}

export interface SnapshotEntry {
  type: RecordType;
  id: string;
  record: ContentRecord;
}

export interface Snapshot {
  formatVersion: number;
  hall: string | null;
  /** The state is exactly the log applied up to and including this seq. */
  seq: number;
  minSeq: number;
  generatedAt: string;
  count: number;
  records: SnapshotEntry[];
}

/**
 * Body of 410 Gone: since < minSeq ('cursor-compacted'), or since is ahead of
 * the log ('cursor-ahead': the server's data was restored from an older
 * backup). Either way the client resets from the snapshot.
 */
export interface GoneBody {
  error: 'cursor-compacted' | 'cursor-ahead';
  message: string;
  minSeq: number;
  snapshot: string;
}

/** Body of every 4xx/5xx answer other than 410: a machine code and a sentence naming the parameter and rule. */
export interface FeedErrorBody {
  error: string;
  message: string;
  /** The query or path parameter at fault, when there is one. */
  parameter?: string;
}

export interface FeedKey {
  algorithm: 'Ed25519';
  keyId: string;
  /** Raw 32-byte public key, base64. */
  publicKey: string;
}
