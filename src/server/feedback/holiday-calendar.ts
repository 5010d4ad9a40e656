/**
 * The holiday calendar an admin keeps (national holidays and 调休 make-up
 * workdays), seeded with 2026 and 2027 on first start. Cached in memory and
 * reloaded after every edit; every case not yet closed then gets the deadline
 * the new calendar gives it (a make-up workday entered late moves them back).
 */
import * as v from 'valibot';
import { LocalDate } from '../../shared/content';
import { calendarFrom, NATIONAL_CALENDAR_SEED, workingDayDeadline, type HolidayCalendar } from '../../shared/workdays';
import type { ConsoleStore } from '../console/console-store';
import type { User } from '../console/types';
import { WorkflowError } from '../console/workflow/errors';
import type { FeedbackStore } from './feedback-store';
import { CASE_WORKING_DAYS } from './ingest';

export const CalendarDayInput = v.object({
  kind: v.picklist(['holiday', 'workday'], '只能是 holiday（放假）或 workday（调休上班）'),
  name: v.pipe(v.string('必须是文本'), v.trim(), v.minLength(1, '请写明节日名称'), v.maxLength(40, '不能超过 40 个字符')),
});

export function createHolidayCalendar(deps: { store: FeedbackStore; consoleStore: ConsoleStore; now: () => Date }) {
  let cached: Promise<HolidayCalendar> | null = null;
  const load = async () => {
    let days = await deps.store.listCalendar();
    if (days.length === 0) {
      for (const day of NATIONAL_CALENDAR_SEED) await deps.store.putCalendarDay(day);
      days = await deps.store.listCalendar();
    }
    return calendarFrom(days);
  };
  const requireAdmin = (user: User) => {
    if (user.role !== 'admin') throw new WorkflowError('forbidden', '只有管理员可以维护节假日安排');
  };
  const current = () => (cached ??= load().catch((err) => ((cached = null), Promise.reject(err))));
  /** Open cases follow the calendar as it now stands; closed ones keep the deadline they were judged by. */
  const recompute = async () => {
    cached = null;
    const calendar = await current();
    return deps.store.recomputeOpenDeadlines(
      (openedAt) => workingDayDeadline(new Date(openedAt), CASE_WORKING_DAYS, calendar, 'Asia/Shanghai'),
      deps.now().toISOString(),
    );
  };
  return {
    current,
    async list() {
      await this.current();
      return deps.store.listCalendar();
    },
    async put(user: User, date: string, input: v.InferOutput<typeof CalendarDayInput>) {
      requireAdmin(user);
      if (!v.is(LocalDate, date))
        throw new WorkflowError('invalid', '日期有误', { problems: [{ field: 'date', message: '必须是 YYYY-MM-DD 格式的日期' }] });
      await deps.store.putCalendarDay({ date, ...input });
      const moved = await recompute();
      await deps.consoleStore.appendAudit([
        {
          actorId: user.id,
          actorName: user.username,
          action: 'holiday-calendar.put',
          targetType: 'holiday-calendar',
          targetId: date,
          changes: [],
          detail: `${input.kind === 'holiday' ? '放假' : '调休上班'}：${input.name}；${moved} 件未办结案件的期限已重算`,
        },
      ]);
      return { moved };
    },
    async remove(user: User, date: string) {
      requireAdmin(user);
      if (!(await deps.store.deleteCalendarDay(date))) throw new WorkflowError('not-found', '这一天不在节假日安排里');
      const moved = await recompute();
      await deps.consoleStore.appendAudit([
        {
          actorId: user.id,
          actorName: user.username,
          action: 'holiday-calendar.delete',
          targetType: 'holiday-calendar',
          targetId: date,
          changes: [],
          detail: `${moved} 件未办结案件的期限已重算`,
        },
      ]);
      return { moved };
    },
  };
}

export type HolidayCalendarService = ReturnType<typeof createHolidayCalendar>;
