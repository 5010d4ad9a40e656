/**
 * A console draft shown by the kiosk's own screens (the console's 预览): what the
 * console API answers for one draft, and the query that starts a kiosk page in
 * preview mode. Shared by the server route, the kiosk's preview start and the
 * console page, so the three agree on one shape.
 */
import type { ContentRecord, RecordType } from './content';

/** `/?preview=<draftId>` (any kiosk path) starts the kiosk as a preview of that draft. */
export const PREVIEW_QUERY = 'preview';

/** Draft ids are short tokens; anything else in the query is not a preview request. */
export const PREVIEW_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export interface DraftPreview {
  draftId: string;
  recordType: RecordType;
  recordId: string;
  /** put: the record as the draft would publish it; delete: the record is withdrawn (null). */
  op: 'put' | 'delete';
  record: ContentRecord | null;
  /** The hall whose published content surrounds the draft (the record's own hall, else the first service hall). */
  hallId: string;
  /** The feed's public key, so the preview checks the published snapshot's signature like a kiosk does. */
  feedPublicKey: string;
  /** The server's public address (QR codes), as a kiosk gets it. */
  publicUrl?: string;
}

/** Messages between the console page and the framed kiosk (same origin only). */
export type PreviewMessage =
  | { kind: 'shk-preview-set'; elder?: boolean; language?: 'zh-Hans' | 'zh-Hant' | 'en' }
  | { kind: 'shk-preview-state'; elder: boolean; language: 'zh-Hans' | 'zh-Hant' | 'en'; path: string; ready: boolean; problem?: string };
