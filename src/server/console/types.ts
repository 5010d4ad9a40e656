/** Domain types of the staff console: accounts, drafts, audit, fleet. */
import type { RecordType } from '../../shared/content';

export const ROLES = ['editor', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** null: every department. */
  departments: string[] | null;
  /** null: every hall. Limits duty rosters and hall-scoped records. */
  halls: string[] | null;
  disabled: boolean;
  createdAt: string;
}

export interface StoredUser extends User {
  passwordHash: string;
}

/** Per-account sign-in state kept beside the user (its own table, so the users table stays as it was). */
export interface UserSecurity {
  /** Set when an admin chose the password (a new account, a reset): the user must pick their own first. */
  mustChangePassword: boolean;
  /** Base32 TOTP secret once enrolment is confirmed; null: no two-factor. */
  totpSecret: string | null;
  /** Offered at enrolment, kept until the first code confirms the authenticator has it. */
  totpPendingSecret: string | null;
  /** Time step of the last accepted code: a code is never accepted twice. */
  totpLastCounter: number | null;
}

export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute expiry; the idle expiry is lastSeenAt + idle timeout. */
  expiresAt: string;
}

/**
 * draft: being edited; submitted: waiting for review; approved: waiting for its
 * publishAt; published: in the feed; rejected: sent back with a reason;
 * discarded: abandoned by its author.
 */
export const DRAFT_STATES = ['draft', 'submitted', 'approved', 'published', 'rejected', 'discarded'] as const;
export type DraftState = (typeof DRAFT_STATES)[number];

export interface Draft {
  id: string;
  recordType: RecordType;
  recordId: string;
  /** put: create or change the record; delete: withdraw it (a tombstone). */
  op: 'put' | 'delete';
  /** The record as edited (may be invalid while a draft: nothing typed is lost). */
  data: Record<string, unknown>;
  /** Published version the edit started from; null for a new record. */
  baseVersion: number | null;
  state: DraftState;
  /** Bumped by every save: optimistic concurrency between two editors. */
  revision: number;
  authorId: string;
  reviewerId: string | null;
  rejectReason: string | null;
  /** When approved: publish at this instant (null = at once). */
  publishAt: string | null;
  batchId: string | null;
  /** Row number in the import file that made the batch (as the spreadsheet shows it); null when not from an import. */
  batchRow: number | null;
  departmentId: string | null;
  hallId: string | null;
  createdAt: string;
  updatedAt: string;
  publishedSeq: number | null;
}

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface AuditInput {
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  draftId?: string | null;
  changes?: AuditChange[];
  detail?: string | null;
}

export interface AuditEntry extends Required<AuditInput> {
  id: number;
  at: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  /** Part of a person's display name or username (case-insensitive). */
  person?: string;
  limit?: number;
  beforeId?: number;
  /** Rows after this id, oldest first (paging back towards newer rows). */
  afterId?: number;
}

export interface Kiosk {
  id: string;
  hallId: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  appVersion: string | null;
  cursor: number | null;
  storageUsed: number | null;
  storageQuota: number | null;
  lastError: string | null;
  onlineSince: string | null;
}

export interface Heartbeat {
  appVersion: string;
  cursor: number;
  storageUsed: number | null;
  storageQuota: number | null;
  lastError: string | null;
  onlineSince: string | null;
}

/** A kiosk's settings as kept in the console (see fleet/kiosk-settings.ts), versioned so a kiosk knows when it is behind. */
export interface StoredKioskSettings {
  settings: Record<string, unknown>;
  version: number;
  updatedAt: string;
}

/** What a heartbeat reports beyond the kiosks table's columns. */
export interface KioskReport {
  dataAgeSeconds: number | null;
  storagePersisted: boolean | null;
  /** Errors the kiosk logged since it started (repeated errors raise an alert). */
  errorCount: number | null;
  settingsVersion: number | null;
  /** When the kiosk's page started (its uptime is counted from it). Absent in reports from older kiosks. */
  pageStartedAt?: string | null;
  at: string;
}

export type KioskActionKind = 'reload' | 'resync' | 'clear-cache' | 'rebuild-index' | 'screenshot';
export type KioskActionState = 'queued' | 'delivered' | 'done' | 'failed';

/** A remote action queued for one kiosk, delivered in a heartbeat reply and acknowledged in a later heartbeat. */
export interface KioskAction {
  id: number;
  kioskId: string;
  action: KioskActionKind;
  state: KioskActionState;
  createdAt: string;
  createdBy: string;
  deliveredAt: string | null;
  doneAt: string | null;
  detail: string | null;
}

/** One write to the feed made from the console, to report how far it reached. */
export interface Publication {
  id: number;
  at: string;
  actorId: string | null;
  fromSeq: number;
  toSeq: number;
  /** 'global' or 'hall:<id>' per change; the kiosks that can see any of them count. */
  scopes: string[];
  summary: string;
}

export interface ScheduledExpiry {
  recordType: RecordType;
  recordId: string;
  at: string;
}

export interface DraftFilter {
  state?: DraftState | DraftState[];
  recordType?: RecordType;
  recordId?: string;
  authorId?: string;
  batchId?: string;
  dueBefore?: string;
  /** At most this many, newest first; no limit when absent. */
  limit?: number;
}

/** A picture of a kiosk's screen, rendered by the kiosk from its page and uploaded with its token (a screenshot action). */
export interface KioskScreenshot {
  id: number;
  kioskId: string;
  actionId: number;
  takenAt: string;
  /** image/jpeg, image/png or image/webp. */
  type: string;
  size: number;
  width: number | null;
  height: number | null;
}

/** How many screenshots are kept per kiosk, and for how long (older or surplus ones are deleted at each upload). */
export interface ScreenshotRetention {
  perKiosk: number;
  /** Screenshots taken before this instant are deleted. */
  olderThan: string;
}

/** A fleet alert as stored: active while resolvedAt is null, history afterwards. */
export interface StoredAlert {
  id: number;
  kioskId: string;
  kioskName: string;
  hallId: string;
  kind: string;
  message: string;
  raisedAt: string;
  resolvedAt: string | null;
}

/** One check's outcome, written in one transaction. */
export interface AlertChanges {
  raised: Omit<StoredAlert, 'id' | 'resolvedAt'>[];
  /** Still active, message updated (e.g. "silent for 20 minutes" → 25). */
  updated: { id: number; message: string }[];
  resolved: { id: number; at: string }[];
}
