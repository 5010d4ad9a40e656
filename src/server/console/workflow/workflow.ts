/**
 * The editorial workflow: draft → submitted → approved (and published, now
 * or at publishAt) or rejected with a reason. Every step is authorised by
 * role and department, audited with the before and after of each changed
 * field, and guarded by optimistic concurrency: a draft by its revision, a
 * publish by the record version the edit started from. The states are the
 * table in transitions.ts; publishing is publish-service.ts (one transaction
 * with its console records); the timer's work is scheduler.ts.
 */
import { danglingReferences, referencesOf, type RecordType } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import { newId } from '../accounts/tokens';
import type { ConsoleStore } from '../console-store';
import type { PublishStore } from '../publish-store';
import type { AuditChange, AuditInput, Draft, User } from '../types';
import { canEdit, canReview, reachOf, type RecordReach } from './authorize';
import { diffRecords } from './diff';
import { resolveReach } from './reach';
import { lexiconLoopProblemsOf } from './lexicon-loops';
import { knownRecordsOf, namedReferrers, referenceProblemsOf, referrersOf, withdrawalProblemsOf } from './references';
import { actorOf, draftAudit, newDraft, problemsOf, stripEnvelope } from './drafts';
import { WorkflowError } from './errors';
import { createPublishService } from './publish-service';
import { createScheduler } from './scheduler';
import { transition, type DraftAction } from './transitions';

export interface WorkflowDeps {
  content: ContentStore;
  consoleStore: ConsoleStore;
  publishStore: PublishStore;
  now: () => Date;
}

/**
 * The most drafts one batch may hold: submit, approve and publish each take a
 * batch whole, in one transaction. Imports stop at MAX_IMPORT_ROWS (20,000)
 * rows, well below.
 */
export const MAX_BATCH_DRAFTS = 50_000;

function parsePublishAt(input: string | null | undefined, now: Date): string | null {
  if (!input) return null;
  const ms = Date.parse(input);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(input) || Number.isNaN(ms)) {
    throw new WorkflowError('bad-request', 'publishAt: 必须是带时区的 ISO 8601 时间，例如 2027-01-01T00:00:00+08:00');
  }
  return ms > now.getTime() ? new Date(ms).toISOString() : null;
}

/** The audit field that keeps a rejected draft's content, so a resubmission can be compared with it. */
const REJECTED_CONTENT = 'rejectedContent';
const rejectedContent = (draft: Draft): AuditChange => ({ field: REJECTED_CONTENT, before: draft.data, after: null });

export interface LastRejection {
  at: string;
  by: string;
  reason: string | null;
  /** The content as it was sent back; null for rejections made before it was kept. */
  data: Record<string, unknown> | null;
}

export function createWorkflow(deps: WorkflowDeps) {
  const { content, consoleStore } = deps;
  const publisher = createPublishService(deps);
  const scheduler = createScheduler({ ...deps, publisher });

  async function loadDraft(id: string): Promise<Draft> {
    const draft = await consoleStore.getDraft(id);
    if (!draft) throw new WorkflowError('not-found', '草稿不存在');
    return draft;
  }

  /** Reaches before (the published record) and after (the draft) must both be allowed. */
  async function reachesOf(type: RecordType, id: string, data: Record<string, unknown>): Promise<RecordReach[]> {
    const current = await content.getRecord(type, id);
    const reaches = [await resolveReach(content, type, data)];
    if (current) reaches.push(await resolveReach(content, type, current as unknown as Record<string, unknown>));
    return reaches;
  }

  async function requireEdit(user: User, type: RecordType, id: string, data: Record<string, unknown>) {
    const reaches = await reachesOf(type, id, data);
    if (!reaches.every((r) => canEdit(user, type, r)))
      throw new WorkflowError('forbidden', '您没有编辑此记录的权限（部门或大厅不在您的授权范围内）');
  }

  async function requireReview(user: User, draft: Draft) {
    const reaches = await reachesOf(draft.recordType, draft.recordId, draft.data);
    if (!reaches.every((r) => canReview(user, draft.recordType, r))) throw new WorkflowError('forbidden', '您没有审核此记录的权限');
    if (draft.authorId === user.id) throw new WorkflowError('same-person', '审核人不能是草稿的作者（谁生成、谁负责：须由另一人审核）');
  }

  function requireRevision(draft: Draft, revision: unknown, yours?: unknown) {
    if (typeof revision !== 'number') throw new WorkflowError('bad-request', 'revision: 必须提供草稿的修订号');
    if (draft.revision !== revision) {
      throw new WorkflowError('draft-conflict', '此草稿已被他人修改：请比较两个版本后再保存', { yours, theirs: draft });
    }
  }

  /** Loads a draft and checks the action is allowed from its state, for this user, at this revision. */
  async function begin(user: User, id: string, action: DraftAction, revision: unknown, yours?: unknown) {
    const draft = await loadDraft(id);
    if (action === 'approve' || action === 'reject') await requireReview(user, draft);
    else await requireEdit(user, draft.recordType, draft.recordId, draft.data);
    const to = transition(draft, action);
    requireRevision(draft, revision, yours);
    return { draft, to };
  }

  async function update(draft: Draft, patch: Partial<Draft>, audit: AuditInput[]): Promise<Draft> {
    const next = { ...draft, ...patch, revision: draft.revision + 1, updatedAt: deps.now().toISOString() };
    const ok = await consoleStore.updateDraft(
      draft.id,
      draft.revision,
      { ...patch, revision: next.revision, updatedAt: next.updatedAt },
      audit,
    );
    if (!ok) throw new WorkflowError('draft-conflict', '此草稿刚被他人修改：请重新载入', { theirs: await consoleStore.getDraft(draft.id) });
    return next;
  }

  /** Each draft of a batch with its problems: its own, references it makes, and, for a withdrawal, who still names the record. */
  async function batchProblems(drafts: Draft[]) {
    const known = await knownRecordsOf(content);
    const leaving = new Set(drafts.filter((d) => d.op === 'delete').map((d) => `${d.recordType}/${d.recordId}`));
    const loops = await lexiconLoopProblemsOf(content, drafts);
    const rows = [];
    for (const d of drafts) {
      const problems = [
        ...problemsOf(d, deps.now()),
        ...(d.op === 'delete'
          ? await withdrawalProblemsOf(content, consoleStore, d, leaving)
          : [...danglingReferences(referencesOf(d.recordType, d.data), known), ...(loops.get(d.recordId) ?? [])]),
      ];
      if (problems.length) rows.push({ draftId: d.id, recordId: d.recordId, problems });
    }
    return rows;
  }

  /** A whole batch, refused with a clear message when it is larger than one transaction may take. */
  async function loadBatch(batchId: string, states: Draft['state'][]): Promise<Draft[]> {
    const drafts = await consoleStore.listDrafts({ batchId, state: states, limit: MAX_BATCH_DRAFTS + 1 });
    if (drafts.length > MAX_BATCH_DRAFTS)
      throw new WorkflowError('invalid', `此批次超过 ${MAX_BATCH_DRAFTS} 条草稿，不能一次处理：请拆成较小的文件分批导入`);
    return drafts;
  }

  return {
    problemsOf: (draft: Draft) => problemsOf(draft, deps.now()),
    loadDraft,
    runDue: scheduler.runDue,

    async visibleTo(user: User, draft: Draft): Promise<boolean> {
      return reachesOf(draft.recordType, draft.recordId, draft.data).then((rs) => rs.every((r) => canEdit(user, draft.recordType, r)));
    },

    /** A new record, or an edit (op put) or withdrawal request (op delete) of a published one. */
    async createDraft(
      user: User,
      input: { type: RecordType; id?: string; op?: 'put' | 'delete'; data?: Record<string, unknown> },
      batchId: string | null = null,
    ) {
      const op = input.op ?? 'put';
      const current = input.id ? await content.getRecord(input.type, input.id) : null;
      let data: Record<string, unknown>;
      let id: string;
      if (current) {
        id = current.id;
        data = input.data ? { ...input.data } : stripEnvelope(current as unknown as Record<string, unknown>);
      } else {
        if (op === 'delete') throw new WorkflowError('not-found', '要撤下的记录不存在');
        data = { ...(input.data ?? {}) };
        id = input.id ?? (typeof data.id === 'string' && data.id ? data.id : newId(input.type).slice(0, 40).toLowerCase());
      }
      data.id = id;
      data.type = input.type;
      if (typeof data.scope !== 'string') data.scope = 'global';
      await requireEdit(user, input.type, id, data);
      const open = await consoleStore.openDraftsOf(input.type, id);
      if (open.length > 0)
        throw new WorkflowError('open-draft-exists', '此记录已有未完成的草稿，请在该草稿上继续', { draftId: open[0]!.id });
      const draft = newDraft(actorOf(user), { type: input.type, id, op, data, baseVersion: current?.version ?? null, batchId }, deps.now());
      await consoleStore.insertDrafts(
        [draft],
        [draftAudit(user, op === 'delete' ? 'draft.withdraw-request' : 'draft.create', draft, { changes: diffRecords(null, data) })],
      );
      return draft;
    },

    async saveDraft(user: User, id: string, input: { data: Record<string, unknown>; revision: unknown }) {
      const { draft, to } = await begin(user, id, 'save', input.revision, input.data);
      const data: Record<string, unknown> = { ...input.data, id: draft.recordId, type: draft.recordType };
      if (typeof data.scope !== 'string') data.scope = 'global';
      await requireEdit(user, draft.recordType, draft.recordId, data);
      const reach = reachOf(draft.recordType, data);
      return update(draft, { data, state: to, departmentId: reach.departmentId, hallId: reach.hallId }, [
        draftAudit(user, 'draft.save', draft, { changes: diffRecords(draft.data, data) }),
      ]);
    },

    async submit(user: User, id: string, revision: unknown) {
      const { draft, to } = await begin(user, id, 'submit', revision);
      const problems = [...problemsOf(draft, deps.now()), ...(await referenceProblemsOf(content, consoleStore, draft))];
      if (problems.length) throw new WorkflowError('invalid', `有 ${problems.length} 处需要修改后才能提交`, { problems });
      return update(draft, { state: to, rejectReason: null }, [draftAudit(user, 'draft.submit', draft)]);
    },

    /** Approves; without a future publishAt, approval and publish are one transaction. */
    async approve(user: User, id: string, input: { revision: unknown; publishAt?: string | null }) {
      const { draft, to } = await begin(user, id, 'approve', input.revision);
      const problems = [...problemsOf(draft, deps.now()), ...(await referenceProblemsOf(content, consoleStore, draft))];
      if (problems.length) throw new WorkflowError('invalid', '草稿未通过校验，不能批准', { problems });
      const publishAt = parsePublishAt(input.publishAt, deps.now());
      if (publishAt) {
        const approved = await update(draft, { state: to, reviewerId: user.id, publishAt, rejectReason: null }, [
          draftAudit(user, 'draft.approve', draft, { detail: `定时发布：${input.publishAt}` }),
        ]);
        return { draft: approved, published: null };
      }
      try {
        const published = await publisher.publish([draft], actorOf(user), { approvedBy: { user, detail: () => '立即发布' } });
        return { draft: published.drafts[0]!, published };
      } catch (err) {
        // Nothing was written: the draft is still waiting for review, as it was.
        await publisher.auditFailure(user, [draft], err);
        throw err;
      }
    },

    async reject(user: User, id: string, input: { revision: unknown; reason: unknown }) {
      const { draft, to } = await begin(user, id, 'reject', input.revision);
      const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
      if (!reason) throw new WorkflowError('invalid', '退回时必须说明理由', { problems: [{ field: 'reason', message: '不能为空' }] });
      if (reason.length > 1000)
        throw new WorkflowError('invalid', '退回理由过长', { problems: [{ field: 'reason', message: '不能超过 1000 个字符' }] });
      return update(draft, { state: to, reviewerId: user.id, rejectReason: reason, publishAt: null }, [
        draftAudit(user, 'draft.reject', draft, { detail: reason, changes: [rejectedContent(draft)] }),
      ]);
    },

    /** The last time this draft was sent back: when, by whom, why, and the content as it was then. */
    async lastRejection(draft: Draft): Promise<LastRejection | null> {
      const entries = await consoleStore.listAudit({
        action: 'draft.reject',
        targetType: draft.recordType,
        targetId: draft.recordId,
        limit: 50,
      });
      const entry = entries.find((e) => e.draftId === draft.id);
      if (!entry) return null;
      const content = entry.changes.find((c) => c.field === REJECTED_CONTENT)?.before;
      return {
        at: entry.at,
        by: entry.actorName,
        reason: entry.detail,
        data: content && typeof content === 'object' ? (content as Record<string, unknown>) : null,
      };
    },

    /** Sends back every item of a batch still waiting for review (or for its publish time), with one reason. */
    async rejectBatch(user: User, batchId: string, reasonInput: string) {
      const drafts = await loadBatch(batchId, ['submitted', 'approved']);
      if (!drafts.length) throw new WorkflowError('not-found', '此批次没有待审核的草稿');
      for (const d of drafts) await requireReview(user, d);
      const reason = reasonInput.trim();
      const at = deps.now().toISOString();
      const ok = await consoleStore.updateDrafts(
        drafts.map((d) => ({
          id: d.id,
          expectedRevision: d.revision,
          patch: {
            state: transition(d, 'reject'),
            reviewerId: user.id,
            rejectReason: reason,
            publishAt: null,
            revision: d.revision + 1,
            updatedAt: at,
          },
        })),
        drafts.map((d) => draftAudit(user, 'draft.reject', d, { detail: reason, changes: [rejectedContent(d)] })),
      );
      if (!ok) throw new WorkflowError('draft-conflict', '批次中有草稿刚被他人修改：请重新载入后再退回');
      return drafts.length;
    },

    /** Abandons every open item of a batch (its author or an editor of the records). */
    async discardBatch(user: User, batchId: string) {
      const drafts = await loadBatch(batchId, ['draft', 'rejected', 'submitted']);
      if (!drafts.length) throw new WorkflowError('not-found', '此批次没有可放弃的草稿');
      for (const d of drafts) await requireEdit(user, d.recordType, d.recordId, d.data);
      const at = deps.now().toISOString();
      const ok = await consoleStore.updateDrafts(
        drafts.map((d) => ({
          id: d.id,
          expectedRevision: d.revision,
          patch: { state: transition(d, 'discard'), revision: d.revision + 1, updatedAt: at },
        })),
        drafts.map((d) => draftAudit(user, 'draft.discard', d, { detail: `批次 ${batchId}` })),
      );
      if (!ok) throw new WorkflowError('draft-conflict', '批次中有草稿刚被他人修改：请重新载入后再放弃');
      return drafts.length;
    },

    async discard(user: User, id: string, revision: unknown) {
      const { draft, to } = await begin(user, id, 'discard', revision);
      return update(draft, { state: to }, [draftAudit(user, 'draft.discard', draft)]);
    },

    /** After a version conflict: continue from the newly published version with the merged data the user chose. */
    async rebase(user: User, id: string, input: { revision: unknown; data: Record<string, unknown> }) {
      const { draft, to } = await begin(user, id, 'rebase', input.revision);
      const current = await content.getRecord(draft.recordType, draft.recordId);
      const data = { ...input.data, id: draft.recordId, type: draft.recordType };
      await requireEdit(user, draft.recordType, draft.recordId, data);
      return update(draft, { data, baseVersion: current?.version ?? null, state: to }, [
        draftAudit(user, 'draft.rebase', draft, { changes: diffRecords(draft.data, data), detail: `基于版本 ${current?.version ?? '无'}` }),
      ]);
    },

    /**
     * Immediate withdrawal by a reviewer or admin (e.g. something private got out): a tombstone in the feed.
     * Never refused because others still name the record (the leak must come down now); the answer and the
     * audit entry name them instead, so they are fixed next.
     */
    async withdrawNow(user: User, type: RecordType, id: string, expectedVersion: unknown, reason: unknown) {
      const current = await content.getRecord(type, id);
      if (!current) throw new WorkflowError('not-found', '记录不存在或已撤下');
      const reach = await resolveReach(content, type, current as unknown as Record<string, unknown>);
      if (!canReview(user, type, reach)) throw new WorkflowError('forbidden', '只有本部门的审核人或管理员可以直接撤下');
      if (typeof expectedVersion !== 'number') throw new WorkflowError('bad-request', 'expectedVersion: 必须提供当前版本号');
      if (typeof reason !== 'string' || !reason.trim())
        throw new WorkflowError('invalid', '撤下时必须说明理由', { problems: [{ field: 'reason', message: '不能为空' }] });
      if (current.version !== expectedVersion)
        throw new WorkflowError('version-conflict', '记录已被修改，请确认后再撤下', { theirs: current });
      // An approved edit waiting for its time would bring the record back: it is sent back, in the same transaction.
      const overridden = (await consoleStore.openDraftsOf(type, id)).filter((d) => d.op === 'put' && d.state === 'approved');
      const base = newDraft(
        actorOf(user),
        {
          type,
          id,
          op: 'delete',
          data: stripEnvelope(current as unknown as Record<string, unknown>),
          baseVersion: current.version,
          batchId: null,
        },
        deps.now(),
      );
      const draft: Draft = { ...base, state: 'approved', reviewerId: user.id };
      const stillReferencedBy = await referrersOf(content, consoleStore, { type, id });
      const detail = stillReferencedBy.length ? `${reason.trim()}（撤下时仍被 ${namedReferrers(stillReferencedBy)} 引用）` : reason.trim();
      const published = await publisher.publish([draft], actorOf(user), {
        insert: true,
        alongside: {
          drafts: overridden.map((d) => ({
            id: d.id,
            expectedRevision: d.revision,
            patch: { state: transition(d, 'reject'), rejectReason: '记录已被撤下', revision: d.revision + 1 },
          })),
          audit: [draftAudit(user, 'record.withdraw-now', draft, { detail })],
        },
      });
      return { ...published, stillReferencedBy };
    },

    /** Drafts created together (an import) are submitted and approved together: one review, one publish, each one transaction. */
    async submitBatch(user: User, batchId: string) {
      const drafts = await loadBatch(batchId, ['draft', 'rejected']);
      if (!drafts.length) throw new WorkflowError('not-found', '没有可提交的草稿');
      for (const d of drafts) await requireEdit(user, d.recordType, d.recordId, d.data);
      const invalid = await batchProblems(drafts);
      if (invalid.length) throw new WorkflowError('invalid', `${invalid.length} 条草稿未通过校验`, { rows: invalid });
      const at = deps.now().toISOString();
      const ok = await consoleStore.updateDrafts(
        drafts.map((d) => ({
          id: d.id,
          expectedRevision: d.revision,
          patch: { state: transition(d, 'submit'), rejectReason: null, revision: d.revision + 1, updatedAt: at },
        })),
        drafts.map((d) => draftAudit(user, 'draft.submit', d, { detail: `批次 ${batchId}` })),
      );
      if (!ok) throw new WorkflowError('draft-conflict', '批次中有草稿刚被他人修改：请重新载入后再提交');
      return drafts.length;
    },

    async approveBatch(user: User, batchId: string, publishAtInput?: string | null) {
      const drafts = await loadBatch(batchId, ['submitted']);
      if (!drafts.length) throw new WorkflowError('not-found', '没有待审核的草稿');
      for (const d of drafts) await requireReview(user, d);
      // Checked again: since the batch was submitted, others may have come to name a record it withdraws.
      const invalid = await batchProblems(drafts.filter((d) => d.op === 'delete'));
      if (invalid.length) throw new WorkflowError('invalid', `${invalid.length} 条草稿未通过校验，不能批准`, { rows: invalid });
      const publishAt = parsePublishAt(publishAtInput, deps.now());
      if (publishAt) {
        const at = deps.now().toISOString();
        const ok = await consoleStore.updateDrafts(
          drafts.map((d) => ({
            id: d.id,
            expectedRevision: d.revision,
            patch: {
              state: transition(d, 'approve'),
              reviewerId: user.id,
              publishAt,
              rejectReason: null,
              revision: d.revision + 1,
              updatedAt: at,
            },
          })),
          drafts.map((d) => draftAudit(user, 'draft.approve', d, { detail: `批次 ${batchId}，定时发布：${publishAtInput}` })),
        );
        if (!ok) throw new WorkflowError('draft-conflict', '批次中有草稿刚被他人修改：请重新载入后再批准');
        return { count: drafts.length, published: null };
      }
      try {
        const published = await publisher.publish(drafts, actorOf(user), { approvedBy: { user, detail: () => `批次 ${batchId}` } });
        return { count: drafts.length, published };
      } catch (err) {
        await publisher.auditFailure(user, drafts, err);
        throw err;
      }
    },
  };
}

export type Workflow = ReturnType<typeof createWorkflow>;
