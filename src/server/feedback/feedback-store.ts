/**
 * The narrow store behind residents' feedback: exactly-once ingest of kiosk
 * items, follow-up cases, the holiday calendar and report queries. SQLite
 * implements it now (store/sqlite-feedback-store.ts); every method is async
 * so a PostgreSQL implementation can follow without touching the routes.
 */
import type { CalendarDay } from '../../shared/workdays';
import type {
  CaseEvent,
  CaseFilter,
  CasePatch,
  FeedbackCase,
  IngestResult,
  IngestRow,
  PendingCaseAudit,
  ReportRange,
  StoredMessage,
  StoredRating,
} from './types';

export interface SatisfactionRow {
  key: string;
  label: string;
  total: number;
  levels: Record<1 | 2 | 3 | 4 | 5, number>;
  /** Share of 满意 or better … counted as the national 满意率: (5+4+3)/total. */
  satisfiedRate: number;
}

export interface UsageTotals {
  byDay: { day: string; count: number }[];
  byKiosk: { kioskId: string; count: number }[];
}

export interface FeedbackStore {
  /** Stores every row whose id is new, all in one transaction; ids seen before come back as duplicates. */
  ingest(rows: IngestRow[], receivedAt: string): Promise<IngestResult>;

  getRating(id: string): Promise<StoredRating | null>;
  getMessage(id: string): Promise<StoredMessage | null>;
  countRatings(): Promise<number>;

  listCases(filter: CaseFilter): Promise<FeedbackCase[]>;
  getCase(id: string): Promise<FeedbackCase | null>;
  /**
   * Applies the patch only when the stored state is expectedState; false otherwise. The event, when
   * given, is written in the same transaction (the case's own history; never without the change).
   */
  updateCase(id: string, expectedState: FeedbackCase['state'], patch: CasePatch, event?: Omit<CaseEvent, 'caseId'>): Promise<boolean>;
  /** A case's history, oldest first. */
  listCaseEvents(caseId: string): Promise<CaseEvent[]>;
  /** Case changes whose audit entry is not yet confirmed in the console's audit log, oldest first. */
  pendingCaseAudits(limit: number): Promise<PendingCaseAudit[]>;
  /** Confirms those audit entries as written. */
  markCaseAudited(seqs: number[], at: string): Promise<void>;

  /**
   * After a calendar edit: gives every case not yet closed the deadline `deadlineOf` works out from
   * its opening, in one transaction; returns how many moved. Closed cases keep theirs.
   */
  recomputeOpenDeadlines(deadlineOf: (openedAt: string) => { date: string; at: string }, updatedAt: string): Promise<number>;

  listCalendar(): Promise<CalendarDay[]>;
  putCalendarDay(day: CalendarDay): Promise<void>;
  deleteCalendarDay(date: string): Promise<boolean>;

  // Reports (days are local YYYY-MM-DD, inclusive; satisfaction and top lists count whole months)
  satisfaction(by: 'department' | 'service' | 'window' | 'month', range: ReportRange): Promise<SatisfactionRow[]>;
  caseRates(range: ReportRange & { now: string }): Promise<
    {
      kind: 'rating' | 'message';
      total: number;
      closed: number;
      closedOnTime: number;
      replied: number;
      overdueOpen: number;
    }[]
  >;
  /** One row per kiosk and day (exports; a year of 100 kiosks is 36,500 rows). */
  usageByDay(range: ReportRange & { event: string }): Promise<{ kioskId: string; day: string; count: number }[]>;
  /** The same counts added up per day (all kiosks) and per kiosk (the whole range): what the report page shows. */
  usageTotals(range: ReportRange & { event: string }): Promise<UsageTotals>;
  topTargets(range: ReportRange & { event: string; limit: number }): Promise<{ target: string; count: number }[]>;

  close(): Promise<void>;
}
