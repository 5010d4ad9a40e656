/**
 * The follow-up workflow of bad ratings and messages:
 *   待处理 (pending) → 整改中 (rectifying) → 已回访 (called-back) → 办结 (closed).
 * Moving to 已回访 needs the rectification and the reply, and, when the
 * resident left a phone, the callback record. Only the case's handlers (users
 * whose departments cover the case) may move it or see the phone; every move
 * and every phone shown is in the audit log.
 */
import * as v from 'valibot';
import { maskPhone } from '../../shared/feedback';
import type { ConsoleStore } from '../console/console-store';
import type { AuditInput, User } from '../console/types';
import { WorkflowError } from '../console/workflow/errors';
import type { FeedbackStore } from './feedback-store';
import { CASE_STATE_LABELS, type CaseEvent, type CaseState, type FeedbackCase } from './types';

const NEXT: Record<CaseState, CaseState | null> = {
  pending: 'rectifying',
  rectifying: 'called-back',
  'called-back': 'closed',
  closed: null,
};

const Text = (max: number) => v.optional(v.pipe(v.string('必须是文本'), v.trim(), v.maxLength(max, `不能超过 ${max} 个字符`)));

export const TransitionInput = v.object({
  to: v.picklist(['rectifying', 'called-back', 'closed'], '只能是 rectifying、called-back 或 closed'),
  rectification: Text(2000),
  reply: Text(2000),
  callback: v.optional(
    v.object({
      reached: v.boolean('必须是 true 或 false'),
      note: v.pipe(v.string('必须是文本'), v.trim(), v.maxLength(1000, '不能超过 1000 个字符')),
    }),
  ),
});

/**
 * Handlers: users whose department scope covers the case (cases with no department, a whole visit, belong
 * to all-department users) and whose hall scope, if they have one, includes the case's hall. A user of the
 * same department in another hall may read the case but not handle it, and sees phones masked.
 */
export function canHandle(user: User, c: Pick<FeedbackCase, 'departmentId' | 'hallId'>): boolean {
  if (user.disabled) return false;
  if (user.halls !== null && !user.halls.includes(c.hallId)) return false;
  if (user.departments === null) return true;
  return c.departmentId !== null && user.departments.includes(c.departmentId);
}

/** Mobile or landline numbers written into free text (a callback note, a reply): masked like the resident's phone. */
const PHONE_IN_TEXT = /(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)/g;
export const maskPhonesIn = (text: string): string => text.replace(PHONE_IN_TEXT, (m) => maskPhone(m) ?? '');

/** One line of a case's history: its opening (from the kiosk) and every change after it, oldest first. */
export interface CaseHistoryEntry {
  at: string;
  actorName: string;
  action: string;
  fromState: CaseState | null;
  toState: CaseState;
  detail: string;
}

export type CaseView = Omit<FeedbackCase, 'phone'> & {
  phone: string | null;
  phoneMasked: boolean;
  overdue: boolean;
  canHandle: boolean;
};

export function createCases(deps: {
  store: FeedbackStore;
  consoleStore: ConsoleStore;
  now: () => Date;
  /** A drain that failed (the case change stands; its audit entry waits for the next drain). */
  onAuditError?: (err: unknown) => void;
}) {
  const audit = (user: User, action: string, c: FeedbackCase, detail: string, changes: AuditInput['changes'] = []): AuditInput => ({
    actorId: user.id,
    actorName: user.username,
    action,
    targetType: 'feedback-case',
    targetId: c.id,
    changes,
    detail,
  });

  /**
   * Copies the audit entries owed by case changes (stored with each change, in feedback.db) into the
   * console's audit log (console.db), exactly once: two database files cannot share a transaction, so
   * the change is the source of truth and its entry follows. An entry is marked as copied after it is
   * written; if that mark was lost, the next drain finds the entry (by its case event number) and only
   * marks it. One drain at a time in this process.
   */
  let draining: Promise<void> = Promise.resolve();
  const drainOnce = async () => {
    for (;;) {
      const pending = await deps.store.pendingCaseAudits(100);
      if (pending.length === 0) return;
      for (const { seq, audit: entry } of pending) {
        const marker = { field: 'caseEvent', before: null, after: seq };
        const existing = await deps.consoleStore.listAudit({
          targetType: entry.targetType,
          targetId: entry.targetId,
          action: entry.action,
        });
        const written = existing.some((e) => e.changes.some((ch) => ch.field === marker.field && ch.after === seq));
        if (!written) await deps.consoleStore.appendAudit([{ ...entry, changes: [...(entry.changes ?? []), marker] }]);
        await deps.store.markCaseAudited([seq], deps.now().toISOString());
      }
    }
  };
  const drainAudits = () => (draining = draining.catch(() => undefined).then(drainOnce));
  // Entries a crash left behind are copied at start.
  void drainAudits().catch((err: unknown) => deps.onAuditError?.(err));

  const view = (user: User, c: FeedbackCase, revealPhone: boolean): CaseView => {
    const handler = canHandle(user, c);
    const reveal = revealPhone && handler;
    return {
      ...c,
      phone: reveal ? c.phone : maskPhone(c.phone),
      // A resident may write their number into the comment instead of the phone field.
      text: reveal ? c.text : maskPhonesIn(c.text),
      // Numbers a handler wrote into the callback note are the resident's too.
      callback: c.callback && !reveal ? { ...c.callback, note: maskPhonesIn(c.callback.note) } : c.callback,
      phoneMasked: !reveal && c.phone !== null,
      overdue: c.state !== 'closed' && c.dueAt < deps.now().toISOString(),
      canHandle: handler,
    };
  };

  /** The case's history (feedback.db's case_events, written with each change), masked for non-handlers. */
  const history = async (user: User, c: FeedbackCase): Promise<CaseHistoryEntry[]> => {
    const reveal = canHandle(user, c);
    const opened: CaseHistoryEntry = {
      at: c.openedAt,
      actorName: `群众（自助终端 ${c.kioskId}）`,
      action: 'feedback-case.opened',
      fromState: null,
      toState: 'pending',
      detail: c.sourceKind === 'rating' ? '差评自动立案' : '留言自动立案',
    };
    const events = await deps.store.listCaseEvents(c.id);
    return [
      opened,
      ...events.map((e: CaseEvent) => ({
        at: e.at,
        actorName: e.actorName,
        action: e.action,
        fromState: e.fromState,
        toState: e.toState,
        detail: reveal ? e.detail : maskPhonesIn(e.detail),
      })),
    ];
  };

  return {
    drainAudits,
    /** Lists show phones masked, even to handlers. */
    async list(user: User, filter: { state?: CaseState; kind?: 'rating' | 'message'; overdue?: boolean }) {
      const rows = await deps.store.listCases({
        departments: user.departments,
        state: filter.state,
        sourceKind: filter.kind,
        overdueAt: filter.overdue ? deps.now().toISOString() : undefined,
      });
      return rows.map((c) => view(user, c, false));
    },

    async get(user: User, id: string) {
      const c = await deps.store.getCase(id);
      if (!c || !(user.departments === null || (c.departmentId !== null && user.departments.includes(c.departmentId))))
        throw new WorkflowError('not-found', '没有这个案件');
      if (c.phone && canHandle(user, c)) await deps.consoleStore.appendAudit([audit(user, 'feedback-case.view-phone', c, '查看回访电话')]);
      return { case: view(user, c, true), history: await history(user, c) };
    },

    async transition(user: User, id: string, input: v.InferOutput<typeof TransitionInput>) {
      const c = await deps.store.getCase(id);
      if (!c) throw new WorkflowError('not-found', '没有这个案件');
      if (!canHandle(user, c)) throw new WorkflowError('forbidden', '只有本部门的经办人可以处理这个案件');
      if (NEXT[c.state] !== input.to)
        throw new WorkflowError(
          'wrong-state',
          `案件当前为「${CASE_STATE_LABELS[c.state]}」，不能直接转为「${CASE_STATE_LABELS[input.to]}」`,
        );
      const problems: { field: string; message: string }[] = [];
      const rectification = input.rectification ?? c.rectification;
      const reply = input.reply ?? c.reply;
      if (input.to === 'called-back') {
        if (!rectification) problems.push({ field: 'rectification', message: '请填写整改情况' });
        if (!reply) problems.push({ field: 'reply', message: '请填写答复内容' });
        if (c.phone && !input.callback) problems.push({ field: 'callback', message: '群众留了电话：请记录回访情况' });
      }
      if (problems.length) throw new WorkflowError('invalid', '还缺少必填内容', { problems });
      const now = deps.now().toISOString();
      const callback = input.callback ? { ...input.callback, at: now, by: user.username } : undefined;
      // The history line says what was recorded at this step: the rectification, the reply, the callback.
      const detail = [
        `${CASE_STATE_LABELS[c.state]} → ${CASE_STATE_LABELS[input.to]}`,
        ...(rectification !== c.rectification ? [`整改情况：${rectification}`] : []),
        ...(reply !== c.reply ? [`答复：${reply}`] : []),
        ...(callback ? [`回访${callback.reached ? '已接通' : '未接通'}${callback.note ? `：${callback.note}` : ''}`] : []),
      ].join('；');
      // The case's own history and the audit entry it owes are written with the change, in one
      // transaction; the console's audit log (another database file) gets the entry right after.
      const changes: { field: string; before: unknown; after: unknown }[] = [{ field: 'state', before: c.state, after: input.to }];
      if (rectification !== c.rectification) changes.push({ field: 'rectification', before: c.rectification, after: rectification });
      if (reply !== c.reply) changes.push({ field: 'reply', before: c.reply, after: reply });
      const ok = await deps.store.updateCase(
        id,
        c.state,
        {
          state: input.to,
          rectification,
          reply,
          ...(callback ? { callback } : {}),
          ...(input.to === 'closed' ? { closedAt: now } : {}),
          updatedAt: now,
        },
        {
          at: now,
          actorId: user.id,
          actorName: user.username,
          action: `feedback-case.${input.to}`,
          fromState: c.state,
          toState: input.to,
          detail,
          // The audit log is read by admins of every department: numbers in the note stay masked there.
          audit: audit(user, `feedback-case.${input.to}`, c, maskPhonesIn(detail), changes),
        },
      );
      if (!ok) throw new WorkflowError('draft-conflict', '案件刚被其他人处理过，请刷新后再试');
      // The audit entry was stored with the change; copy it into the audit log now (or on a later drain).
      await drainAudits().catch((err: unknown) => deps.onAuditError?.(err));
      const after = (await deps.store.getCase(id))!;
      return { case: view(user, after, true), history: await history(user, after) };
    },
  };
}

export type Cases = ReturnType<typeof createCases>;
