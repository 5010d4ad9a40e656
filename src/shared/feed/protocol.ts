/**
 * Wire types of the delta feed. docs/feed-protocol.md is the normative
 * description; this file is its TypeScript mirror. /feed/v2 (format 2) binds
 * every signed body to its hall and the log's epoch and gives the head an
 * expiry; /feed/v1 (format 1) is still served for kiosks not yet updated.
 */
import type { ContentRecord, RecordType } from '../content';

/** The format this code writes at /feed/v2 and the kiosk understands. */
export const FEED_FORMAT_VERSION = 2;
/** The legacy format still served at /feed/v1 for one retention window. */
export const LEGACY_FEED_FORMAT_VERSION = 1;
/** Path of the current protocol, relative to the feed base URL. */
export const FEED_PATH = 'feed/v2';

/** Response header carrying the Ed25519 signature of the exact (uncompressed) body bytes. */
export const SIGNATURE_HEADER = 'X-Feed-Signature';
/** Response header naming the key that signed the body (first 16 hex of SHA-256 of the raw public key). */
export const KEY_ID_HEADER = 'X-Feed-Key-Id';
/** Uncompressed byte length of a snapshot, so a client can draw a progress bar. */
export const UNCOMPRESSED_LENGTH_HEADER = 'X-Uncompressed-Length';

export const DEFAULT_PAGE_LIMIT = 500;
export const MAX_PAGE_LIMIT = 1000;

/** A key the feed signs with now or will sign with after a rotation (announced in the head, signed by the current key). */
export interface AnnouncedKey {
  keyId: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  /** From this instant (ISO 8601 with offset) the server signs with this key instead. */
  activeFrom: string;
}

export interface FeedHead {
  formatVersion: number;
  hall: string | null;
  /** Format 2: the log's epoch, a random id made when the log was created (a restored or re-created log shows here). */
  epoch?: string;
  /** Highest seq visible to the hall (0 when empty); never below minSeq. */
  seq: number;
  /** Format 2: head of the whole log (a cursor above it means the server's log went back: ask, get 410 cursor-ahead). */
  logSeq?: number;
  /** Changes with seq <= minSeq may have been compacted away. A client at since < minSeq must reset from the snapshot. */
  minSeq: number;
  generatedAt: string;
  /** Format 2: after this instant the head is stale; a kiosk that sees only expired heads shows its data age. */
  expiresAt?: string;
  /** Format 2: the next signing key during a rotation's overlap window. */
  nextKey?: AnnouncedKey;
}

export type FeedChange =
  | { seq: number; type: RecordType; id: string; op: 'put'; record: ContentRecord }
  | { seq: number; type: RecordType; id: string; op: 'delete' };

export interface ChangesPage {
  formatVersion: number;
  hall: string | null;
  /** Format 2: the log's epoch. */
  epoch?: string;
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
  /** Format 2: the log's epoch. */
  epoch?: string;
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
 * backup). Either way the client resets from the snapshot. Signed like every
 * other body; format 2 adds what makes it unusable elsewhere: hall, epoch,
 * the since it answers, the head and an expiry.
 */
export interface GoneBody {
  formatVersion?: number;
  error: 'cursor-compacted' | 'cursor-ahead';
  message: string;
  hall?: string | null;
  epoch?: string;
  since?: number;
  /** Head of the hall's log at the time of the answer. */
  seq?: number;
  minSeq: number;
  snapshot: string;
  generatedAt?: string;
  expiresAt?: string;
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
