/**
 * The editorial workflow: draft → submitted → approved (and published, now
 * or at publishAt) or rejected with a reason. Every step is authorised by
 * role and department, audited with the before and after of each changed
 * field, and guarded by optimistic concurrency: a draft by its revision, a
 * publish by the record version the edit started from.
 */
import { validateRecordOfType, type ContentRecord, type FieldProblem, type RecordType } from '../../../shared/content';
import { VersionConflictError, type ChangeInput, type ContentStore } from '../../store/content-store';
import { newId } from '../accounts/tokens';
import type { ConsoleStore } from '../console-store';
import type { AuditInput, Draft, User } from '../types';
import { canEdit, canReview, reachOf, type RecordReach } from './authorize';
import { diffRecords } from './diff';
import { WorkflowError } from './errors';

export interface WorkflowDeps {
  content: ContentStore;
  consoleStore: ConsoleStore;
  now: () => Date;
}

export interface Actor {
  id: string | null;
  name: string;
}

const SYSTEM: Actor = { id: null, name: '系统（定时任务）' };
const actorOf = (u: User): Actor => ({ id: u.id, name: u.username });

/** The record a draft would publish, with envelope fields filled in for validation (the store stamps the real ones). */
export function candidateRecord(
  draft: Pick<Draft, 'recordType' | 'recordId' | 'data' | 'baseVersion'>,
  now: Date,
): Record<string, unknown> {
  return { ...draft.data, type: draft.recordType, id: draft.recordId, version: (draft.baseVersion ?? 0) + 1, updatedAt: now.toISOString() };
}

export function problemsOf(draft: Draft, now: Date): FieldProblem[] {
  if (draft.op === 'delete') return [];
  const result = validateRecordOfType(draft.recordType, candidateRecord(draft, now));
  return result.ok ? [] : result.problems;
}

function stripEnvelope(record: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, updatedAt: _u, ...rest } = record;
  return rest;
}

export function createWorkflow(deps: WorkflowDeps) {
  const { content, consoleStore } = deps;

  async function loadDraft(id: string): Promise<Draft> {
    const draft = await consoleStore.getDraft(id);
    if (!draft) throw new WorkflowError('not-found', '草稿不存在');
    return draft;
  }

  /** Reaches before (the published record) and after (the draft) must both be allowed. */
  async function reachesOf(type: RecordType, id: string, data: Record<string, unknown>): Promise<RecordReach[]> {
    const current = await content.getRecord(type, id);
    const reaches = [reachOf(type, data)];
    if (current) reaches.push(reachOf(type, current as unknown as Record<string, unknown>));
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

  function requireState(draft: Draft, states: Draft['state'][], action: string) {
    if (!states.includes(draft.state))
      throw new WorkflowError('wrong-state', `草稿当前状态为「${STATE_NAMES[draft.state]}」，不能${action}`);
  }

  function requireRevision(draft: Draft, revision: unknown, yours?: unknown) {
    if (typeof revision !== 'number') throw new WorkflowError('bad-request', 'revision: 必须提供草稿的修订号');
    if (draft.revision !== revision) {
      throw new WorkflowError('draft-conflict', '此草稿已被他人修改：请比较两个版本后再保存', { yours, theirs: draft });
    }
  }

  function draftAudit(user: User | Actor, action: string, draft: Draft, extra: Partial<AuditInput> = {}): AuditInput {
    const actor = 'username' in user ? actorOf(user) : user;
    return {
      actorId: actor.id,
      actorName: actor.name,
      action,
      targetType: draft.recordType,
      targetId: draft.recordId,
      draftId: draft.id,
      ...extra,
    };
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

  function newDraft(
    user: User,
    type: RecordType,
    id: string,
    op: Draft['op'],
    data: Record<string, unknown>,
    baseVersion: number | null,
    batchId: string | null,
  ): Draft {
    const reach = reachOf(type, data);
    const at = deps.now().toISOString();
    return {
      id: newId('draft'),
      recordType: type,
      recordId: id,
      op,
      data,
      baseVersion,
      state: 'draft',
      revision: 1,
      authorId: user.id,
      reviewerId: null,
      rejectReason: null,
      publishAt: null,
      batchId,
      departmentId: reach.departmentId,
      hallId: reach.hallId,
      createdAt: at,
      updatedAt: at,
      publishedSeq: null,
    };
  }

  /** Writes drafts to the feed in one store.publish (one transaction, consecutive seqs). */
  async function publishDrafts(drafts: Draft[], actor: Actor) {
    const now = deps.now();
    const changes: ChangeInput[] = [];
    const before = new Map<string, ContentRecord | null>();
    for (const draft of drafts) {
      const current = await content.getRecord(draft.recordType, draft.recordId);
      before.set(draft.id, current);
      const currentVersion = current?.version ?? null;
      if (currentVersion !== draft.baseVersion) {
        throw new WorkflowError('version-conflict', `「${draft.recordId}」在此草稿开始编辑后已被另一次发布修改：请比较两个版本并重新提交`, {
          draftId: draft.id,
          yours: candidateRecord(draft, now),
          theirs: current,
        });
      }
      if (draft.op === 'delete') {
        if (!current) throw new WorkflowError('version-conflict', `「${draft.recordId}」已被撤下`, { draftId: draft.id, theirs: null });
        changes.push({ op: 'delete', type: draft.recordType, id: draft.recordId, expectedVersion: current.version });
      } else {
        const checked = validateRecordOfType(draft.recordType, candidateRecord(draft, now));
        if (!checked.ok) throw new WorkflowError('invalid', '草稿未通过校验，不能发布', { draftId: draft.id, problems: checked.problems });
        changes.push({ op: 'put', record: checked.value, expectedVersion: current?.version ?? 0 });
      }
    }
    let result;
    try {
      result = await content.publish(changes, { actor: actor.name, now });
    } catch (err) {
      if (err instanceof VersionConflictError) {
        const draft = drafts.find((d) => d.recordType === err.type && d.recordId === err.id);
        throw new WorkflowError('version-conflict', `「${err.id}」刚被另一次发布修改：请比较两个版本并重新提交`, {
          draftId: draft?.id,
          yours: draft ? candidateRecord(draft, now) : null,
          theirs: err.current,
        });
      }
      throw err;
    }
    const published = new Map(result.records.map((r) => [`${r.type}/${r.id}`, r]));
    for (const draft of drafts) {
      const record = published.get(`${draft.recordType}/${draft.recordId}`) ?? null;
      const audit = draftAudit(actor, draft.op === 'delete' ? 'record.withdraw' : 'record.publish', draft, {
        changes: diffRecords(before.get(draft.id), draft.op === 'delete' ? null : record),
        detail: `seq ${result.fromSeq}–${result.toSeq}`,
      });
      await consoleStore.updateDraft(
        draft.id,
        draft.revision,
        {
          state: 'published',
          publishedSeq: result.toSeq,
          revision: draft.revision + 1,
          updatedAt: now.toISOString(),
        },
        [audit],
      );
      if (draft.recordType === 'notice' && record && record.type === 'notice' && record.expiresAt) {
        await consoleStore.scheduleExpiry({ recordType: 'notice', recordId: record.id, at: new Date(record.expiresAt).toISOString() });
      } else if (draft.op === 'delete' || draft.recordType === 'notice') {
        await consoleStore.cancelExpiry(draft.recordType, draft.recordId);
      }
    }
    const scopes = [
      ...new Set(
        drafts
          .flatMap((d) => [before.get(d.id)?.scope, typeof d.data.scope === 'string' ? d.data.scope : undefined])
          .filter((s): s is string => !!s),
      ),
    ];
    const publication = await consoleStore.recordPublication({
      at: now.toISOString(),
      actorId: actor.id,
      fromSeq: result.fromSeq,
      toSeq: result.toSeq,
      scopes,
      summary:
        drafts.length === 1
          ? `${drafts[0]!.op === 'delete' ? '撤下' : '发布'} ${drafts[0]!.recordType}/${drafts[0]!.recordId}`
          : `批量发布 ${drafts.length} 条`,
    });
    return { ...result, publication };
  }

  return {
    problemsOf: (draft: Draft) => problemsOf(draft, deps.now()),
    loadDraft,

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
      const draft = newDraft(user, input.type, id, op, data, current?.version ?? null, batchId);
      await consoleStore.insertDrafts(
        [draft],
        [draftAudit(user, op === 'delete' ? 'draft.withdraw-request' : 'draft.create', draft, { changes: diffRecords(null, data) })],
      );
      return draft;
    },

    async saveDraft(user: User, id: string, input: { data: Record<string, unknown>; revision: unknown }) {
      const draft = await loadDraft(id);
      await requireEdit(user, draft.recordType, draft.recordId, draft.data);
      requireState(draft, ['draft', 'rejected'], '修改');
      requireRevision(draft, input.revision, input.data);
      const data: Record<string, unknown> = { ...input.data, id: draft.recordId, type: draft.recordType };
      if (typeof data.scope !== 'string') data.scope = 'global';
      await requireEdit(user, draft.recordType, draft.recordId, data);
      const reach = reachOf(draft.recordType, data);
      return update(draft, { data, state: 'draft', departmentId: reach.departmentId, hallId: reach.hallId }, [
        draftAudit(user, 'draft.save', draft, { changes: diffRecords(draft.data, data) }),
      ]);
    },

    async submit(user: User, id: string, revision: unknown) {
      const draft = await loadDraft(id);
      await requireEdit(user, draft.recordType, draft.recordId, draft.data);
      requireState(draft, ['draft', 'rejected'], '提交审核');
      requireRevision(draft, revision);
      const problems = problemsOf(draft, deps.now());
      if (problems.length) throw new WorkflowError('invalid', `有 ${problems.length} 处需要修改后才能提交`, { problems });
      return update(draft, { state: 'submitted', rejectReason: null }, [draftAudit(user, 'draft.submit', draft)]);
    },

    async approve(user: User, id: string, input: { revision: unknown; publishAt?: string | null }) {
      const draft = await loadDraft(id);
      await requireReview(user, draft);
      requireState(draft, ['submitted'], '批准');
      requireRevision(draft, input.revision);
      const problems = problemsOf(draft, deps.now());
      if (problems.length) throw new WorkflowError('invalid', '草稿未通过校验，不能批准', { problems });
      const now = deps.now();
      let publishAt: string | null = null;
      if (input.publishAt) {
        const ms = Date.parse(input.publishAt);
        if (!/(Z|[+-]\d{2}:\d{2})$/.test(input.publishAt) || Number.isNaN(ms)) {
          throw new WorkflowError('bad-request', 'publishAt: 必须是带时区的 ISO 8601 时间，例如 2027-01-01T00:00:00+08:00');
        }
        if (ms > now.getTime()) publishAt = new Date(ms).toISOString();
      }
      const approved = await update(draft, { state: 'approved', reviewerId: user.id, publishAt }, [
        draftAudit(user, 'draft.approve', draft, { detail: publishAt ? `定时发布：${input.publishAt}` : '立即发布' }),
      ]);
      if (publishAt) return { draft: approved, published: null };
      try {
        const result = await publishDrafts([approved], actorOf(user));
        return {
          draft: { ...approved, state: 'published' as const, revision: approved.revision + 1, publishedSeq: result.toSeq },
          published: result,
        };
      } catch (err) {
        // Not published: send it back to review so nobody believes it is live.
        await consoleStore.updateDraft(
          approved.id,
          approved.revision,
          { state: 'submitted', reviewerId: null, revision: approved.revision + 1 },
          [draftAudit(user, 'draft.publish-failed', approved, { detail: (err as Error).message })],
        );
        throw err;
      }
    },

    async reject(user: User, id: string, input: { revision: unknown; reason: unknown }) {
      const draft = await loadDraft(id);
      await requireReview(user, draft);
      requireState(draft, ['submitted', 'approved'], '退回');
      requireRevision(draft, input.revision);
      const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
      if (!reason) throw new WorkflowError('invalid', '退回时必须说明理由', { problems: [{ field: 'reason', message: '不能为空' }] });
      if (reason.length > 1000)
        throw new WorkflowError('invalid', '退回理由过长', { problems: [{ field: 'reason', message: '不能超过 1000 个字符' }] });
      return update(draft, { state: 'rejected', reviewerId: user.id, rejectReason: reason, publishAt: null }, [
        draftAudit(user, 'draft.reject', draft, { detail: reason }),
      ]);
    },

    async discard(user: User, id: string, revision: unknown) {
      const draft = await loadDraft(id);
      await requireEdit(user, draft.recordType, draft.recordId, draft.data);
      requireState(draft, ['draft', 'rejected', 'submitted'], '放弃');
      requireRevision(draft, revision);
      return update(draft, { state: 'discarded' }, [draftAudit(user, 'draft.discard', draft)]);
    },

    /** After a version conflict: continue from the newly published version with the merged data the user chose. */
    async rebase(user: User, id: string, input: { revision: unknown; data: Record<string, unknown> }) {
      const draft = await loadDraft(id);
      await requireEdit(user, draft.recordType, draft.recordId, draft.data);
      requireState(draft, ['draft', 'rejected', 'submitted'], '合并');
      requireRevision(draft, input.revision);
      const current = await content.getRecord(draft.recordType, draft.recordId);
      const data = { ...input.data, id: draft.recordId, type: draft.recordType };
      await requireEdit(user, draft.recordType, draft.recordId, data);
      return update(draft, { data, baseVersion: current?.version ?? null, state: 'draft' }, [
        draftAudit(user, 'draft.rebase', draft, { changes: diffRecords(draft.data, data), detail: `基于版本 ${current?.version ?? '无'}` }),
      ]);
    },

    /** Immediate withdrawal by a reviewer or admin (e.g. something private got out): a tombstone in the feed. */
    async withdrawNow(user: User, type: RecordType, id: string, expectedVersion: unknown, reason: unknown) {
      const current = await content.getRecord(type, id);
      if (!current) throw new WorkflowError('not-found', '记录不存在或已撤下');
      const reach = reachOf(type, current as unknown as Record<string, unknown>);
      if (!canReview(user, type, reach)) throw new WorkflowError('forbidden', '只有本部门的审核人或管理员可以直接撤下');
      if (typeof expectedVersion !== 'number') throw new WorkflowError('bad-request', 'expectedVersion: 必须提供当前版本号');
      if (typeof reason !== 'string' || !reason.trim())
        throw new WorkflowError('invalid', '撤下时必须说明理由', { problems: [{ field: 'reason', message: '不能为空' }] });
      if (current.version !== expectedVersion)
        throw new WorkflowError('version-conflict', '记录已被修改，请确认后再撤下', { theirs: current });
      for (const open of await consoleStore.openDraftsOf(type, id)) {
        if (open.op === 'put' && open.state === 'approved') {
          await consoleStore.updateDraft(
            open.id,
            open.revision,
            { state: 'rejected', rejectReason: '记录已被撤下', revision: open.revision + 1 },
            [],
          );
        }
      }
      const draft = newDraft(user, type, id, 'delete', stripEnvelope(current as unknown as Record<string, unknown>), current.version, null);
      draft.state = 'approved';
      draft.reviewerId = user.id;
      await consoleStore.insertDrafts([draft], [draftAudit(user, 'record.withdraw-now', draft, { detail: reason.trim() })]);
      return publishDrafts([draft], actorOf(user));
    },

    /** Drafts created together (an import) are submitted and approved together: one review, one publish. */
    async submitBatch(user: User, batchId: string) {
      const drafts = (await consoleStore.listDrafts({ batchId })).filter((d) => d.state === 'draft' || d.state === 'rejected');
      if (!drafts.length) throw new WorkflowError('not-found', '没有可提交的草稿');
      for (const d of drafts) await requireEdit(user, d.recordType, d.recordId, d.data);
      const invalid = drafts
        .map((d) => ({ draftId: d.id, recordId: d.recordId, problems: problemsOf(d, deps.now()) }))
        .filter((p) => p.problems.length);
      if (invalid.length) throw new WorkflowError('invalid', `${invalid.length} 条草稿未通过校验`, { rows: invalid });
      for (const d of drafts)
        await update(d, { state: 'submitted', rejectReason: null }, [draftAudit(user, 'draft.submit', d, { detail: `批次 ${batchId}` })]);
      return drafts.length;
    },

    async approveBatch(user: User, batchId: string, publishAtInput?: string | null) {
      const drafts = (await consoleStore.listDrafts({ batchId })).filter((d) => d.state === 'submitted');
      if (!drafts.length) throw new WorkflowError('not-found', '没有待审核的草稿');
      for (const d of drafts) await requireReview(user, d);
      const now = deps.now();
      let publishAt: string | null = null;
      if (publishAtInput) {
        const ms = Date.parse(publishAtInput);
        if (!/(Z|[+-]\d{2}:\d{2})$/.test(publishAtInput) || Number.isNaN(ms))
          throw new WorkflowError('bad-request', 'publishAt: 必须是带时区的 ISO 8601 时间');
        if (ms > now.getTime()) publishAt = new Date(ms).toISOString();
      }
      const approved: Draft[] = [];
      for (const d of drafts)
        approved.push(
          await update(d, { state: 'approved', reviewerId: user.id, publishAt }, [
            draftAudit(user, 'draft.approve', d, { detail: `批次 ${batchId}` }),
          ]),
        );
      if (publishAt) return { count: approved.length, published: null };
      try {
        return { count: approved.length, published: await publishDrafts(approved, actorOf(user)) };
      } catch (err) {
        for (const d of approved)
          await consoleStore.updateDraft(d.id, d.revision, { state: 'submitted', reviewerId: null, revision: d.revision + 1 }, []);
        throw err;
      }
    },

    /**
     * One scheduler tick: publish approved drafts whose time has come (a batch
     * together), then withdraw notices whose expiry has passed. Failures are
     * audited and the draft goes back to review; the tick never throws.
     */
    async runDue(): Promise<{ published: number; withdrawn: number; failed: number }> {
      const now = deps.now();
      const due = await consoleStore.listDrafts({ state: 'approved', dueBefore: now.toISOString() });
      const groups = new Map<string, Draft[]>();
      for (const d of due) groups.set(d.batchId ?? d.id, [...(groups.get(d.batchId ?? d.id) ?? []), d]);
      let published = 0;
      let failed = 0;
      for (const group of groups.values()) {
        try {
          await publishDrafts(group, SYSTEM);
          published += group.length;
        } catch (err) {
          failed += group.length;
          for (const d of group) {
            await consoleStore.updateDraft(
              d.id,
              d.revision,
              { state: 'submitted', reviewerId: null, publishAt: null, revision: d.revision + 1 },
              [draftAudit(SYSTEM, 'draft.publish-failed', d, { detail: (err as Error).message })],
            );
          }
        }
      }
      let withdrawn = 0;
      for (const expiry of await consoleStore.dueExpiries(now.toISOString())) {
        const current = await content.getRecord(expiry.recordType, expiry.recordId);
        await consoleStore.cancelExpiry(expiry.recordType, expiry.recordId);
        if (!current) continue;
        const expiresAt = (current as { expiresAt?: string | null }).expiresAt;
        if (expiresAt && Date.parse(expiresAt) > now.getTime()) {
          await consoleStore.scheduleExpiry({ ...expiry, at: new Date(expiresAt).toISOString() });
          continue;
        }
        const draft = newDraft(
          { id: 'system', username: SYSTEM.name } as User,
          expiry.recordType,
          expiry.recordId,
          'delete',
          stripEnvelope(current as unknown as Record<string, unknown>),
          current.version,
          null,
        );
        draft.state = 'approved';
        try {
          await consoleStore.insertDrafts(
            [draft],
            [draftAudit(SYSTEM, 'record.expire', draft, { detail: `到期时间 ${expiresAt ?? expiry.at}` })],
          );
          await publishDrafts([draft], SYSTEM);
          withdrawn++;
        } catch (err) {
          failed++;
          await consoleStore.appendAudit([draftAudit(SYSTEM, 'record.expire-failed', draft, { detail: (err as Error).message })]);
        }
      }
      return { published, withdrawn, failed };
    },
  };
}

export type Workflow = ReturnType<typeof createWorkflow>;

export const STATE_NAMES: Record<Draft['state'], string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已批准（待发布）',
  published: '已发布',
  rejected: '已退回',
  discarded: '已放弃',
};
