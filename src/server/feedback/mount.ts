/**
 * Residents' feedback, wired up once: the store, the ingest service, the
 * cases workflow, the holiday calendar and the reports, with the two routers
 * the console mount adds (kiosk ingest and the console API).
 */
import type { ConsoleStore } from '../console/console-store';
import type { Kiosk } from '../console/types';
import { feedbackConsoleRoutes } from './console-routes';
import { createCases } from './cases';
import type { FeedbackStore } from './feedback-store';
import { createHolidayCalendar } from './holiday-calendar';
import { createIngest } from './ingest';
import { feedbackIngestRoutes } from './ingest-routes';
import { KioskRateLimit } from './kiosk-rate-limit';
import { createReports } from './reports';
import { openSqliteFeedbackStore } from './store/sqlite-feedback-store';

export interface FeedbackOptions {
  dataDir?: string;
  store?: FeedbackStore;
  consoleStore: ConsoleStore;
  authenticate: (token: string) => Promise<Kiosk | null>;
  now: () => Date;
  rateLimit?: { burst: number; perMinute: number };
  /** A case audit entry that could not be copied into the audit log yet (it is kept and copied later). */
  onAuditError?: (err: unknown) => void;
}

export function createFeedback(options: FeedbackOptions) {
  if (!options.store && !options.dataDir) throw new Error('createFeedback needs dataDir or store');
  const store = options.store ?? openSqliteFeedbackStore({ dataDir: options.dataDir! });
  const { consoleStore, now } = options;
  const calendar = createHolidayCalendar({ store, consoleStore, now });
  const ingest = createIngest({ store, now, calendar: calendar.current });
  const cases = createCases({ store, consoleStore, now, onAuditError: options.onAuditError });
  const reports = createReports({ store, now });
  const limit = new KioskRateLimit({ ...(options.rateLimit ?? { burst: 60, perMinute: 120 }), now: () => now().getTime() });
  return {
    store,
    ingest,
    cases,
    calendar,
    reports,
    ingestRoutes: () => feedbackIngestRoutes({ authenticate: options.authenticate, ingest, limit }),
    consoleRoutes: () => feedbackConsoleRoutes({ store, cases, calendar, reports, now }),
    async close() {
      if (!options.store) await store.close();
    },
  };
}

export type Feedback = ReturnType<typeof createFeedback>;
