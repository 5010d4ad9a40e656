/**
 * The report figures the console charts and exports: satisfaction by
 * department, service, window and month; rectification, on-time and reply
 * rates; visits by kiosk and day; top guides; searches and the content gap;
 * and the yearly summary an annual 政务公开 report asks for.
 */
import type { User } from '../console/types';
import type { FeedbackStore } from './feedback-store';

export interface ReportQuery {
  from: string;
  to: string;
}

export function createReports(deps: { store: FeedbackStore; now: () => Date }) {
  const scope = (user: User, q: ReportQuery) => ({ from: q.from, to: q.to, departments: user.departments });
  return {
    async all(user: User, q: ReportQuery) {
      const range = scope(user, q);
      const now = deps.now().toISOString();
      const [byDepartment, byService, byWindow, byMonth, cases, visits, topGuides, searches, zeroSearches] = await Promise.all([
        deps.store.satisfaction('department', range),
        deps.store.satisfaction('service', range),
        deps.store.satisfaction('window', range),
        deps.store.satisfaction('month', range),
        deps.store.caseRates({ ...range, now }),
        deps.store.usageByDay({ ...range, event: 'visit' }),
        deps.store.topTargets({ ...range, event: 'guide', limit: 20 }),
        deps.store.usageByDay({ ...range, event: 'search' }),
        deps.store.topTargets({ ...range, event: 'search-zero', limit: 100 }),
      ]);
      return { range: q, byDepartment, byService, byWindow, byMonth, cases, visits, topGuides, searches, zeroSearches };
    },

    /** The figures of one calendar year, as the annual disclosure report counts them. */
    async yearly(user: User, year: number) {
      const q = { from: `${year}-01-01`, to: `${year}-12-31` };
      const r = await this.all(user, q);
      const sum = (rows: { count: number }[]) => rows.reduce((n, x) => n + x.count, 0);
      const ratings = r.byMonth.reduce((n, m) => n + m.total, 0);
      const satisfied = r.byMonth.reduce((n, m) => n + m.levels[5] + m.levels[4] + m.levels[3], 0);
      const bad = r.byMonth.reduce((n, m) => n + m.levels[2] + m.levels[1], 0);
      const ratingCases = r.cases.find((c) => c.kind === 'rating')!;
      const messageCases = r.cases.find((c) => c.kind === 'message')!;
      return {
        year,
        visits: sum(r.visits),
        searches: sum(r.searches),
        zeroResultSearches: r.zeroSearches.reduce((n, z) => n + z.count, 0),
        ratings,
        satisfiedRate: ratings ? satisfied / ratings : null,
        badRatings: bad,
        rectified: ratingCases.closed,
        rectifiedRate: ratingCases.total ? ratingCases.closed / ratingCases.total : null,
        onTimeRate: ratingCases.closed ? ratingCases.closedOnTime / ratingCases.closed : null,
        messages: messageCases.total,
        messagesReplied: messageCases.replied,
        replyRate: messageCases.total ? messageCases.replied / messageCases.total : null,
      };
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
