/** The console's feedback API: cases, the holiday calendar, reports and exports (session-authenticated). */
import { Hono } from 'hono';
import * as v from 'valibot';
import { LocalDate } from '../../shared/content';
import type { ConsoleEnv } from '../console/http/env';
import { parseInput, readJson } from '../console/http/helpers';
import { WorkflowError } from '../console/workflow/errors';
import { TransitionInput, type Cases } from './cases';
import { encodeTable, caseRows, reportRows } from './export';
import { CalendarDayInput, type HolidayCalendarService } from './holiday-calendar';
import type { FeedbackStore } from './feedback-store';
import type { Reports } from './reports';
import { CASE_STATES, type CaseState } from './types';

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

export function feedbackConsoleRoutes(deps: {
  store: FeedbackStore;
  cases: Cases;
  calendar: HolidayCalendarService;
  reports: Reports;
  now: () => Date;
}) {
  const app = new Hono<ConsoleEnv>();

  const range = (q: (k: string) => string | undefined) => {
    const now = deps.now();
    const from = q('from') ?? `${now.getUTCFullYear()}-01-01`;
    const to = q('to') ?? now.toISOString().slice(0, 10);
    const problems = [
      ...(v.is(LocalDate, from) ? [] : [{ field: 'from', message: '必须是 YYYY-MM-DD 格式的日期' }]),
      ...(v.is(LocalDate, to) ? [] : [{ field: 'to', message: '必须是 YYYY-MM-DD 格式的日期' }]),
    ];
    if (problems.length) throw new WorkflowError('invalid', '日期范围有误', { problems });
    return { from, to };
  };
  const format = (f: string | undefined) => {
    if (f !== 'csv' && f !== 'xlsx') throw new WorkflowError('bad-request', "format: 必须是 'csv' 或 'xlsx'");
    return f;
  };

  app.get('/feedback/cases', async (c) => {
    const state = c.req.query('state');
    const kind = c.req.query('kind');
    const cases = await deps.cases.list(c.get('user'), {
      state: CASE_STATES.includes(state as CaseState) ? (state as CaseState) : undefined,
      kind: kind === 'rating' || kind === 'message' ? kind : undefined,
      overdue: c.req.query('overdue') === '1',
    });
    return c.json({ cases });
  });

  app.get('/feedback/cases/export', async (c) => {
    const f = format(c.req.query('format') ?? 'csv');
    const user = c.get('user');
    const cases = await deps.store.listCases({ departments: user.departments, limit: 5000 });
    const { bytes, contentType } = await encodeTable(caseRows(cases, deps.now().toISOString()), f, '好差评案件');
    c.header('Content-Type', contentType);
    c.header('Content-Disposition', `attachment; filename="feedback-cases-${deps.now().toISOString().slice(0, 10)}.${f}"`);
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  app.get('/feedback/cases/:id', async (c) => c.json(await deps.cases.get(c.get('user'), c.req.param('id'))));

  app.post('/feedback/cases/:id/transition', async (c) => {
    const input = parseInput(TransitionInput, await readJson(c));
    return c.json(await deps.cases.transition(c.get('user'), c.req.param('id'), input));
  });

  app.get('/feedback/calendar', async (c) => c.json({ days: await deps.calendar.list() }));
  app.put('/feedback/calendar/:date', async (c) => {
    const input = parseInput(CalendarDayInput, await readJson(c));
    const { moved } = await deps.calendar.put(c.get('user'), c.req.param('date'), input);
    return c.json({ ok: true, moved });
  });
  app.delete('/feedback/calendar/:date', async (c) => {
    const { moved } = await deps.calendar.remove(c.get('user'), c.req.param('date'));
    return c.json({ ok: true, moved });
  });

  app.get('/feedback/reports', async (c) =>
    c.json(
      await deps.reports.all(
        c.get('user'),
        range((k) => c.req.query(k)),
      ),
    ),
  );
  app.get('/feedback/reports/yearly/:year', async (c) => {
    const year = Number(c.req.param('year'));
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new WorkflowError('invalid', '年份有误', { problems: [{ field: 'year', message: '必须是 2000–2100 之间的年份' }] });
    return c.json(await deps.reports.yearly(c.get('user'), year));
  });
  app.get('/feedback/reports/:report/export', async (c) => {
    const report = c.req.param('report');
    if (!REPORTS.includes(report as (typeof REPORTS)[number])) throw new WorkflowError('not-found', '没有这个报表');
    const f = format(c.req.query('format') ?? 'csv');
    const q = range((k) => c.req.query(k));
    const rows = await reportRows(deps.reports, c.get('user'), report, q);
    const { bytes, contentType } = await encodeTable(rows, f, report);
    c.header('Content-Type', contentType);
    c.header('Content-Disposition', `attachment; filename="feedback-${report}-${q.from}-${q.to}.${f}"`);
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  return app;
}
