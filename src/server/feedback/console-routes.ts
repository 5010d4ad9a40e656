/**
 * The console's feedback API: cases, the holiday calendar, reports and exports (session-authenticated).
 * One chained expression, so the typed client (src/console/client.ts) sees every route's input and answer;
 * queries and bodies are checked at the route (a 422 naming each bad parameter or field).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { LocalDate } from '../../shared/content';
import { localDateOf } from '../../shared/workdays/local-date';
import type { ConsoleEnv } from '../console/http/env';
import { jsonInput, queryInput } from '../console/http/helpers';
import { WorkflowError } from '../console/workflow/errors';
import { TransitionInput, type Cases } from './cases';
import { encodeTable, caseRows, reportRows } from './export';
import { CalendarDayInput, type HolidayCalendarService } from './holiday-calendar';
import type { FeedbackStore } from './feedback-store';
import type { Reports } from './reports';
import { CASE_STATE_LABELS, CASE_STATES } from './types';

const REPORTS = [
  'department',
  'service',
  'window',
  'month',
  'visits',
  'guides',
  'qr-prints',
  'qr-prints-targets',
  'content-gap',
  'cases',
] as const;

/** The cases list's filters; an unknown value is refused rather than quietly showing every case. */
const CaseListQuery = v.object({
  state: v.optional(v.picklist(CASE_STATES, `只能是 ${CASE_STATES.map((s) => `${s}（${CASE_STATE_LABELS[s]}）`).join('、')}`)),
  kind: v.optional(v.picklist(['rating', 'message'], '只能是 rating（好差评）或 message（留言）')),
  overdue: v.optional(v.picklist(['0', '1'], '只能是 1（只看逾期）或 0')),
});

const Format = v.optional(v.picklist(['csv', 'xlsx'], "必须是 'csv' 或 'xlsx'"), 'csv');
/** A report's dates (the hall's local days); left out, the year so far. */
const QueryDate = v.pipe(
  v.string(),
  v.check((s) => v.is(LocalDate, s), '必须是 YYYY-MM-DD 格式的日期'),
);
const RangeQuery = v.object({ from: v.optional(QueryDate), to: v.optional(QueryDate) });
const ReportExportQuery = v.object({ ...RangeQuery.entries, format: Format });

export function feedbackConsoleRoutes(deps: {
  store: FeedbackStore;
  cases: Cases;
  calendar: HolidayCalendarService;
  reports: Reports;
  now: () => Date;
}) {
  const range = (q: v.InferOutput<typeof RangeQuery>) => {
    // This year up to today, in the halls' own calendar (at 07:00 Beijing time UTC is still on yesterday).
    const today = localDateOf(deps.now());
    return { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
  };

  return new Hono<ConsoleEnv>()
    .get('/feedback/cases', queryInput(CaseListQuery), async (c) => {
      const { state, kind, overdue } = c.req.valid('query');
      const cases = await deps.cases.list(c.get('user'), { state, kind, overdue: overdue === '1' });
      return c.json({ cases });
    })
    .get('/feedback/cases/export', queryInput(v.object({ format: Format })), async (c) => {
      const { format } = c.req.valid('query');
      const user = c.get('user');
      const cases = await deps.store.listCases({ departments: user.departments, limit: 5000 });
      const { bytes, contentType } = await encodeTable(caseRows(cases, deps.now().toISOString()), format, '好差评案件');
      c.header('Content-Type', contentType);
      c.header('Content-Disposition', `attachment; filename="feedback-cases-${localDateOf(deps.now())}.${format}"`);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    })
    .get('/feedback/cases/:id', async (c) => c.json(await deps.cases.get(c.get('user'), c.req.param('id'))))
    .post('/feedback/cases/:id/transition', jsonInput(TransitionInput), async (c) =>
      c.json(await deps.cases.transition(c.get('user'), c.req.param('id'), c.req.valid('json'))),
    )
    .get('/feedback/calendar', async (c) => c.json({ days: await deps.calendar.list() }))
    .put('/feedback/calendar/:date', jsonInput(CalendarDayInput), async (c) => {
      const { moved } = await deps.calendar.put(c.get('user'), c.req.param('date'), c.req.valid('json'));
      return c.json({ ok: true as const, moved });
    })
    .delete('/feedback/calendar/:date', async (c) => {
      const { moved } = await deps.calendar.remove(c.get('user'), c.req.param('date'));
      return c.json({ ok: true as const, moved });
    })
    .get('/feedback/reports', queryInput(RangeQuery), async (c) =>
      c.json(await deps.reports.all(c.get('user'), range(c.req.valid('query')))),
    )
    .get('/feedback/reports/yearly/:year', async (c) => {
      const year = Number(c.req.param('year'));
      if (!Number.isInteger(year) || year < 2000 || year > 2100)
        throw new WorkflowError('invalid', '年份有误', { problems: [{ field: 'year', message: '必须是 2000–2100 之间的年份' }] });
      return c.json(await deps.reports.yearly(c.get('user'), year));
    })
    .get('/feedback/reports/:report/export', queryInput(ReportExportQuery), async (c) => {
      const report = c.req.param('report');
      if (!REPORTS.includes(report as (typeof REPORTS)[number])) throw new WorkflowError('not-found', '没有这个报表');
      const { format, ...dates } = c.req.valid('query');
      const q = range(dates);
      const rows = await reportRows(deps.reports, c.get('user'), report, q);
      const { bytes, contentType } = await encodeTable(rows, format, report);
      c.header('Content-Type', contentType);
      c.header('Content-Disposition', `attachment; filename="feedback-${report}-${q.from}-${q.to}.${format}"`);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    });
}
