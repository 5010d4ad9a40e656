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
      const [byDepartment, byService, byWindow, byMonth, cases, visits, topGuides, searches, zeroSearches, qr, prints, topQr, topPrints] =
        await Promise.all([
          deps.store.satisfaction('department', range),
          deps.store.satisfaction('service', range),
          deps.store.satisfaction('window', range),
          deps.store.satisfaction('month', range),
          deps.store.caseRates({ ...range, now }),
          deps.store.usageTotals({ ...range, event: 'visit' }),
          deps.store.topTargets({ ...range, event: 'guide', limit: 20 }),
          deps.store.usageTotals({ ...range, event: 'search' }),
          deps.store.topTargets({ ...range, event: 'search-zero', limit: 100 }),
          // QR codes shown (a guide's phone link) and prints (a guide's checklist, a blank form), as visits and guides are counted.
          deps.store.usageTotals({ ...range, event: 'qr' }),
          deps.store.usageTotals({ ...range, event: 'print' }),
          deps.store.topTargets({ ...range, event: 'qr', limit: 20 }),
          deps.store.topTargets({ ...range, event: 'print', limit: 20 }),
        ]);
      return {
        range: q,
        byDepartment,
        byService,
        byWindow,
        byMonth,
        cases,
        visits,
        topGuides,
        searches,
        zeroSearches,
        qr,
        prints,
        topQr,
        topPrints,
      };
    },

    /** Counts of one usage event per kiosk and day (the exports; the page shows usageTotals' sums). */
    async byKioskAndDay(user: User, q: ReportQuery, event: string) {
      return deps.store.usageByDay({ ...scope(user, q), event });
    },

    /** The figures of one calendar year, as the annual disclosure report counts them. */
    async yearly(user: User, year: number) {
      const q = { from: `${year}-01-01`, to: `${year}-12-31` };
      const r = await this.all(user, q);
      const sum = (totals: { byDay: { count: number }[] }) => totals.byDay.reduce((n, x) => n + x.count, 0);
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
        qrShown: sum(r.qr),
        prints: sum(r.prints),
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

/** QR codes shown and prints side by side, one row per kiosk and day (days without either are left out). */
export function qrAndPrintsByKioskDay(
  qr: { kioskId: string; day: string; count: number }[],
  prints: { kioskId: string; day: string; count: number }[],
): { kioskId: string; day: string; qr: number; prints: number }[] {
  const rows = new Map<string, { kioskId: string; day: string; qr: number; prints: number }>();
  const at = (kioskId: string, day: string) => {
    const key = `${day}\u0000${kioskId}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { kioskId, day, qr: 0, prints: 0 }));
    return row;
  };
  for (const x of qr) at(x.kioskId, x.day).qr += x.count;
  for (const x of prints) at(x.kioskId, x.day).prints += x.count;
  return [...rows.values()].sort((a, b) => (a.day === b.day ? (a.kioskId < b.kioskId ? -1 : 1) : a.day < b.day ? -1 : 1));
}

/** The same per guide (or printed form): what people took away most. */
export function qrAndPrintsByTarget(
  qr: { target: string; count: number }[],
  prints: { target: string; count: number }[],
): { target: string; qr: number; prints: number }[] {
  const rows = new Map<string, { target: string; qr: number; prints: number }>();
  for (const x of qr) rows.set(x.target, { target: x.target, qr: x.count, prints: 0 });
  for (const x of prints) {
    const row = rows.get(x.target);
    if (row) row.prints = x.count;
    else rows.set(x.target, { target: x.target, qr: 0, prints: x.count });
  }
  return [...rows.values()].sort((a, b) => b.qr + b.prints - (a.qr + a.prints) || (a.target < b.target ? -1 : 1));
}

export type Reports = ReturnType<typeof createReports>;
