/** Stored feedback and the follow-up cases it opens (好差评 and messages). */
import type { BadReason, MessageCategory, RatingLevel, SubjectType } from '../../shared/feedback';
import type { AuditInput } from '../console/types';

export const CASE_STATES = ['pending', 'rectifying', 'called-back', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  pending: '待处理',
  rectifying: '整改中',
  'called-back': '已回访',
  closed: '办结',
};

export interface StoredRating {
  id: string;
  kioskId: string;
  hallId: string;
  at: string;
  day: string;
  level: RatingLevel;
  subjectType: SubjectType;
  subjectId: string;
  subjectTitle: string;
  departmentId: string | null;
  reasons: BadReason[];
  text: string;
  phone: string | null;
}

export interface StoredMessage {
  id: string;
  kioskId: string;
  hallId: string;
  at: string;
  day: string;
  category: MessageCategory;
  departmentId: string;
  text: string;
  phone: string | null;
}

export interface CallbackRecord {
  at: string;
  by: string;
  reached: boolean;
  note: string;
}

export interface FeedbackCase {
  id: string;
  sourceKind: 'rating' | 'message';
  sourceId: string;
  departmentId: string | null;
  hallId: string;
  kioskId: string;
  openedAt: string;
  dueDate: string;
  dueAt: string;
  state: CaseState;
  /** A one-line summary for lists: the level or category and what it is about. */
  summary: string;
  text: string;
  reasons: BadReason[];
  /** Full number: only handlers see it (the routes mask it for everyone else). */
  phone: string | null;
  rectification: string;
  reply: string;
  callback: CallbackRecord | null;
  closedAt: string | null;
  updatedAt: string;
}

export interface CaseFilter {
  /** null: every department; otherwise only these (a case with no department is the hall's, admins only). */
  departments: string[] | null;
  state?: CaseState;
  sourceKind?: 'rating' | 'message';
  overdueAt?: string;
  limit?: number;
}

/** One change of a case, kept in the feedback store in the same transaction as the change itself. */
export interface CaseEvent {
  caseId: string;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  fromState: CaseState;
  toState: CaseState;
  detail: string;
  /**
   * The console audit entry this change owes, kept with the change in the same transaction and
   * copied into the audit log (another database) afterwards, until it is there exactly once.
   */
  audit?: AuditInput;
}

/** A case change whose audit entry is not yet confirmed in the console's audit log. */
export interface PendingCaseAudit {
  seq: number;
  audit: AuditInput;
}

export interface CasePatch {
  state?: CaseState;
  rectification?: string;
  reply?: string;
  callback?: CallbackRecord | null;
  closedAt?: string | null;
  updatedAt: string;
}

export interface IngestResult {
  stored: string[];
  duplicates: string[];
}

/** What the store writes for one rating or message (validated and enriched by the ingest service). */
export type IngestRow =
  | { kind: 'rating'; rating: StoredRating; case: FeedbackCase | null }
  | { kind: 'message'; message: StoredMessage; case: FeedbackCase }
  | { kind: 'usage'; id: string; kioskId: string; hallId: string; at: string; day: string; counts: { key: UsageKey; n: number }[] };

export interface UsageKey {
  event: string;
  target: string;
}

export interface ReportRange {
  from: string;
  to: string;
  departments: string[] | null;
}
