/**
 * Ingest of kiosk batches: the envelope must belong to the kiosk that
 * authenticated; each item is then checked on its own, so good items are
 * stored (in one transaction) and bad ones come back with the field and the
 * reason. A bad rating or any message opens a follow-up case, due in 15
 * working days by the hall's holiday calendar, in that same transaction.
 */
import * as v from 'valibot';
import { toProblems } from '../../shared/content';
import {
  CATEGORY_LABELS,
  FeedbackBatch,
  FeedbackItem,
  isBadLevel,
  LEVEL_LABELS,
  type BatchReceipt,
  type ItemRejection,
} from '../../shared/feedback';
import { localDateOf, workingDayDeadline, type HolidayCalendar } from '../../shared/workdays';
import type { Kiosk } from '../console/types';
import { WorkflowError } from '../console/workflow/errors';
import type { FeedbackStore } from './feedback-store';
import type { FeedbackCase, IngestRow } from './types';

export const CASE_WORKING_DAYS = 15;
/** Kiosk clocks drift; anything later than this ahead of the server's clock is refused. */
export const MAX_FUTURE_MS = 10 * 60_000;
const HALL_TIME_ZONE = 'Asia/Shanghai';

export interface IngestDeps {
  store: FeedbackStore;
  now: () => Date;
  calendar: () => Promise<HolidayCalendar>;
}

export function createIngest(deps: IngestDeps) {
  return async function ingestBatch(kiosk: Kiosk, body: unknown): Promise<BatchReceipt> {
    const envelope = v.safeParse(FeedbackBatch, body, { abortPipeEarly: false });
    if (!envelope.success) throw new WorkflowError('invalid', '批次格式有误', { problems: toProblems(envelope.issues) });
    if (envelope.output.kioskId !== kiosk.id)
      throw new WorkflowError('forbidden', '批次的终端编号与令牌不符', {
        problems: [{ field: 'kioskId', message: `令牌属于 ${kiosk.id}，不能代表 ${envelope.output.kioskId} 提交` }],
      });

    const now = deps.now();
    const calendar = await deps.calendar();
    // A batch's items fall in a few minutes of a few days: local days and deadlines are worked out once each.
    const dayOfMinute = new Map<number, string>();
    const localDay = (at: Date) => {
      const minute = Math.floor(at.getTime() / 60_000);
      let day = dayOfMinute.get(minute);
      if (day === undefined) dayOfMinute.set(minute, (day = localDateOf(at, HALL_TIME_ZONE)));
      return day;
    };
    const deadlines = new Map<string, { date: string; at: string }>();
    const deadlineFor = (at: Date) => {
      const day = localDay(at);
      let due = deadlines.get(day);
      if (!due) deadlines.set(day, (due = workingDayDeadline(at, CASE_WORKING_DAYS, calendar, HALL_TIME_ZONE)));
      return due;
    };
    const rejected: ItemRejection[] = [];
    const rows: IngestRow[] = [];
    envelope.output.items.forEach((raw, index) => {
      const rawId = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
      const refuse = (problems: ItemRejection['problems']) =>
        rejected.push({
          index,
          id: rawId,
          problems: problems.map((p) => ({ ...p, field: `items[${index}]${p.field ? `.${p.field}` : ''}` })),
        });
      const parsed = v.safeParse(FeedbackItem, raw, { abortPipeEarly: false });
      if (!parsed.success) return refuse(toProblems(parsed.issues));
      const item = parsed.output;
      if (item.kioskId !== kiosk.id) return refuse([{ field: 'kioskId', message: `令牌属于 ${kiosk.id}，不能代表 ${item.kioskId} 提交` }]);
      const at = new Date(item.at);
      if (at.getTime() - now.getTime() > MAX_FUTURE_MS)
        return refuse([{ field: 'at', message: `时间在服务器时间之后超过 ${MAX_FUTURE_MS / 60_000} 分钟，终端时钟可能不准` }]);
      const day = localDay(at);
      const base = { id: item.id, kioskId: kiosk.id, hallId: kiosk.hallId, at: at.toISOString(), day };

      if (item.kind === 'rating') {
        const rating = {
          ...base,
          level: item.level,
          subjectType: item.subject.type,
          subjectId: item.subject.id,
          subjectTitle: item.subject.title,
          departmentId: item.subject.departmentId,
          reasons: item.reasons,
          text: item.text,
          phone: item.phone,
        };
        const summary = `${LEVEL_LABELS[item.level]} · ${item.subject.title || item.subject.type}`;
        rows.push({
          kind: 'rating',
          rating,
          case: isBadLevel(item.level) ? openCase('rating', rating, summary, deadlineFor(at), now) : null,
        });
      } else if (item.kind === 'message') {
        const message = { ...base, category: item.category, departmentId: item.departmentId, text: item.text, phone: item.phone };
        const summary = `${CATEGORY_LABELS[item.category]} · ${item.text.slice(0, 30)}`;
        rows.push({ kind: 'message', message, case: openCase('message', { ...message, reasons: [] }, summary, deadlineFor(at), now) });
      } else if (item.kind === 'usage') {
        const counts: { key: { event: string; target: string }; n: number }[] = [
          { key: { event: item.event, target: item.event === 'search' ? '' : item.target }, n: 1 },
        ];
        if (item.event === 'search' && item.results === 0) counts.push({ key: { event: 'search-zero', target: item.query }, n: 1 });
        rows.push({ kind: 'usage', ...base, counts });
      } else {
        const counts = Object.entries(item.counts).map(([key, n]) => {
          const cut = key.indexOf('|');
          return { key: cut < 0 ? { event: key, target: '' } : { event: key.slice(0, cut), target: key.slice(cut + 1) }, n };
        });
        rows.push({ kind: 'usage', ...base, day: item.day, counts });
      }
    });

    const result = await deps.store.ingest(rows, now.toISOString());
    return { ...result, rejected };
  };
}

function openCase(
  sourceKind: FeedbackCase['sourceKind'],
  source: {
    id: string;
    kioskId: string;
    hallId: string;
    at: string;
    departmentId: string | null;
    text: string;
    reasons: FeedbackCase['reasons'];
    phone: string | null;
  },
  summary: string,
  /** 15 working days from the day the resident spoke: a kiosk that was offline for days buys the department no time. */
  due: { date: string; at: string },
  now: Date,
): FeedbackCase {
  return {
    id: `case-${source.id}`,
    sourceKind,
    sourceId: source.id,
    departmentId: source.departmentId,
    hallId: source.hallId,
    kioskId: source.kioskId,
    openedAt: source.at,
    dueDate: due.date,
    dueAt: new Date(due.at).toISOString(),
    state: 'pending',
    summary,
    text: source.text,
    reasons: source.reasons,
    phone: source.phone,
    rectification: '',
    reply: '',
    callback: null,
    closedAt: null,
    updatedAt: now.toISOString(),
  };
}
