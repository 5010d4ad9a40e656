/**
 * Everything the console keeps besides the content itself: accounts,
 * sessions, drafts, the audit log, the kiosk fleet and scheduled expiries.
 * SQLite implements it today (store/sqlite-console-store.ts); every method is
 * async so that a PostgreSQL implementation can follow without touching handlers.
 * Mutations accept audit entries that are appended in the same transaction.
 * A publish and its console records go through PublishStore (one transaction).
 */
import type {
  AuditEntry,
  AuditFilter,
  AuditInput,
  Draft,
  DraftFilter,
  Heartbeat,
  Kiosk,
  AlertChanges,
  KioskAction,
  KioskScreenshot,
  ScreenshotRetention,
  StoredAlert,
  KioskActionState,
  KioskReport,
  Publication,
  ScheduledExpiry,
  Session,
  StoredKioskSettings,
  StoredUser,
  User,
  UserSecurity,
} from './types';
import type { DraftUpdate } from './publish-store';
import type { ShortLivedStore } from './short-lived-store';

/** Login failures, pairing codes and the setup token are in ShortLivedStore (shared by server processes). */
export interface ConsoleStore extends ShortLivedStore {
  // Accounts
  createUser(user: StoredUser, audit?: AuditInput[]): Promise<void>;
  getUser(id: string): Promise<StoredUser | null>;
  getUserByUsername(username: string): Promise<StoredUser | null>;
  listUsers(): Promise<User[]>;
  updateUser(id: string, patch: Partial<Omit<StoredUser, 'id' | 'createdAt'>>, audit?: AuditInput[]): Promise<void>;
  countAdmins(): Promise<number>;
  /** Defaults (no two-factor, no forced change) for an account with no row yet. */
  getUserSecurity(userId: string): Promise<UserSecurity>;
  setUserSecurity(userId: string, patch: Partial<UserSecurity>, audit?: AuditInput[]): Promise<void>;

  // Sessions (ids are stored hashed)
  createSession(session: Session): Promise<void>;
  getSession(idHash: string): Promise<Session | null>;
  touchSession(idHash: string, lastSeenAt: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessionsOfUser(userId: string): Promise<void>;
  /** Ends every session of the user but one (a password change keeps the session that made it). */
  deleteOtherSessionsOfUser(userId: string, keepIdHash: string): Promise<void>;

  // Drafts
  insertDrafts(drafts: Draft[], audit?: AuditInput[]): Promise<void>;
  getDraft(id: string): Promise<Draft | null>;
  listDrafts(filter?: DraftFilter): Promise<Draft[]>;
  /** Applies the patch only if the stored revision equals expectedRevision; returns false otherwise. */
  updateDraft(
    id: string,
    expectedRevision: number,
    patch: Partial<Omit<Draft, 'id' | 'createdAt'>>,
    audit?: AuditInput[],
  ): Promise<boolean>;
  /** Several drafts in one transaction: all applied, or none (false) when any revision differs. */
  updateDrafts(updates: DraftUpdate[], audit?: AuditInput[]): Promise<boolean>;
  /** Open (not published, rejected or discarded) drafts of one record. */
  openDraftsOf(recordType: string, recordId: string): Promise<Draft[]>;

  // Audit (append-only)
  appendAudit(entries: AuditInput[]): Promise<void>;
  listAudit(filter: AuditFilter): Promise<AuditEntry[]>;
  /** How many entries match the filter (limit and paging ignored). */
  countAudit(filter: AuditFilter): Promise<number>;

  // Publications and scheduled expiries
  recordPublication(p: Omit<Publication, 'id'>): Promise<Publication>;
  listPublications(limit: number): Promise<Publication[]>;
  scheduleExpiry(e: ScheduledExpiry): Promise<void>;
  cancelExpiry(recordType: string, recordId: string): Promise<void>;
  dueExpiries(now: string): Promise<ScheduledExpiry[]>;

  // Fleet
  createKiosk(kiosk: Kiosk, tokenHash: string, audit?: AuditInput[]): Promise<void>;
  setKioskToken(id: string, tokenHash: string, audit?: AuditInput[]): Promise<void>;
  deleteKiosk(id: string, audit?: AuditInput[]): Promise<void>;
  getKiosk(id: string): Promise<Kiosk | null>;
  kioskByTokenHash(tokenHash: string): Promise<Kiosk | null>;
  listKiosks(): Promise<Kiosk[]>;
  recordHeartbeat(id: string, at: string, beat: Heartbeat): Promise<void>;
  getKioskSettings(id: string): Promise<StoredKioskSettings | null>;
  /** Saves a kiosk's hall, name and settings with the next version number (returned), in one transaction with the audit. */
  saveKioskSettings(
    id: string,
    kiosk: { hallId: string; name: string },
    settings: Record<string, unknown>,
    at: string,
    audit?: AuditInput[],
  ): Promise<number>;
  recordKioskReport(id: string, report: KioskReport): Promise<void>;
  listKioskReports(): Promise<Map<string, KioskReport>>;
  queueKioskAction(
    action: Omit<KioskAction, 'id' | 'state' | 'deliveredAt' | 'doneAt' | 'detail'>,
    audit?: AuditInput[],
  ): Promise<KioskAction>;
  /** Newest first; of one kiosk or of all. */
  listKioskActions(filter: { kioskId?: string; states?: KioskActionState[]; limit: number }): Promise<KioskAction[]>;
  setKioskActionState(id: number, state: KioskActionState, at: string, detail?: string | null): Promise<void>;
  /** Stores a screenshot and deletes those beyond the retention, in one transaction. */
  saveKioskScreenshot(
    shot: Omit<KioskScreenshot, 'id' | 'size'>,
    bytes: Uint8Array,
    retention: ScreenshotRetention,
  ): Promise<KioskScreenshot>;
  /** Newest first, without the bytes. */
  listKioskScreenshots(kioskId: string, limit: number): Promise<KioskScreenshot[]>;
  getKioskScreenshot(id: number): Promise<{ shot: KioskScreenshot; bytes: Uint8Array } | null>;
  /** Alerts still active (resolvedAt null), oldest first. */
  listActiveAlerts(): Promise<StoredAlert[]>;
  /** Resolved alerts, newest resolved first. */
  listAlertHistory(limit: number): Promise<StoredAlert[]>;
  /**
   * Raises, updates and resolves in one transaction. Returns only what this call changed: an alert
   * already active for that kiosk and kind (another server got there first) is not raised again, an
   * alert already resolved is not resolved again, so each is posted to the webhook once.
   */
  recordAlertChanges(changes: AlertChanges): Promise<{ raised: StoredAlert[]; resolved: StoredAlert[] }>;

  close(): Promise<void>;
}
