/**
 * Publishing drafts: checks each against the record it started from, turns
 * them into feed changes, and hands the changes together with every console
 * record of the publish (draft states, audit, publication, notice expiries)
 * to PublishStore as one transaction.
 */
import { validateRecordOfType, type ContentRecord } from '../../../shared/content';
import {
  RecordValidationError,
  VersionConflictError,
  type ChangeInput,
  type ContentStore,
  type PublishResult,
} from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import { DraftRevisionConflictError, type ConsoleWrites, type DraftUpdate, type PublishStore } from '../publish-store';
import type { AuditInput, Draft, Publication, User } from '../types';
import { candidateRecord, draftAudit, type Actor } from './drafts';
import { diffRecords } from './diff';
import { WorkflowError } from './errors';
import { transition } from './transitions';

export interface PublishServiceDeps {
  content: ContentStore;
  consoleStore: ConsoleStore;
  publishStore: PublishStore;
  now: () => Date;
}

export interface PublishOptions {
  /** The drafts are still 'submitted': approve them in the same transaction, by this reviewer. */
  approvedBy?: { user: User; detail: (draft: Draft) => string };
  /** The drafts are new (a withdrawal or an expiry): insert them, already published. */
  insert?: boolean;
  /** Further console writes that belong to this publish (e.g. open drafts the withdrawal overrides). */
  alongside?: Pick<ConsoleWrites, 'drafts' | 'audit'>;
}

export type Published = PublishResult & { publication: Publication; drafts: Draft[] };

export function createPublishService(deps: PublishServiceDeps) {
  const { content, consoleStore, publishStore } = deps;

  /** Checks every draft against the live record and builds the feed changes; nothing is written. */
  async function plan(drafts: Draft[], now: Date) {
    const changes: ChangeInput[] = [];
    const before = new Map<string, ContentRecord | null>();
    for (const draft of drafts) {
      const current = await content.getRecord(draft.recordType, draft.recordId);
      before.set(draft.id, current);
      if ((current?.version ?? null) !== draft.baseVersion) {
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
        // The version was checked above; expectedVersion makes the store check it again inside the transaction.
        changes.push({ op: 'put', record: checked.value, expectedVersion: current?.version ?? 0 });
      }
    }
    return { changes, before };
  }

  /** The console's side of the publish, from the seqs the feed assigned. */
  function consoleWrites(
    drafts: Draft[],
    actor: Actor,
    before: Map<string, ContentRecord | null>,
    result: PublishResult,
    now: Date,
    options: PublishOptions,
  ): ConsoleWrites {
    const at = now.toISOString();
    const published = new Map(result.records.map((r) => [`${r.type}/${r.id}`, r]));
    const writes: Required<Omit<ConsoleWrites, 'publication'>> & Pick<ConsoleWrites, 'publication'> = {
      newDrafts: [],
      drafts: [...(options.alongside?.drafts ?? [])],
      audit: [...(options.alongside?.audit ?? [])],
      scheduleExpiries: [],
      cancelExpiries: [],
    };
    for (const draft of drafts) {
      const record = published.get(`${draft.recordType}/${draft.recordId}`) ?? null;
      const patch: DraftUpdate['patch'] = { state: 'published', publishedSeq: result.toSeq, updatedAt: at };
      if (options.approvedBy) {
        // Approved now: a reason it was last sent back (e.g. a failed scheduled publish) no longer applies.
        Object.assign(patch, { reviewerId: options.approvedBy.user.id, publishAt: null, rejectReason: null });
        writes.audit.push(draftAudit(options.approvedBy.user, 'draft.approve', draft, { detail: options.approvedBy.detail(draft) }));
      }
      if (options.insert) writes.newDrafts.push({ ...draft, ...patch } as Draft);
      else writes.drafts.push({ id: draft.id, expectedRevision: draft.revision, patch: { ...patch, revision: draft.revision + 1 } });
      writes.audit.push(
        draftAudit(actor, draft.op === 'delete' ? 'record.withdraw' : 'record.publish', draft, {
          changes: diffRecords(before.get(draft.id), draft.op === 'delete' ? null : record),
          detail: `seq ${result.fromSeq}–${result.toSeq}`,
        }),
      );
      if (draft.recordType === 'notice' && record?.type === 'notice' && record.expiresAt) {
        writes.scheduleExpiries.push({ recordType: 'notice', recordId: record.id, at: new Date(record.expiresAt).toISOString() });
      } else if (draft.op === 'delete' || draft.recordType === 'notice') {
        writes.cancelExpiries.push({ recordType: draft.recordType, recordId: draft.recordId });
      }
    }
    const scopes = [
      ...new Set(
        drafts
          .flatMap((d) => [before.get(d.id)?.scope, typeof d.data.scope === 'string' ? d.data.scope : undefined])
          .filter((s): s is string => !!s),
      ),
    ];
    writes.publication = {
      at,
      actorId: actor.id,
      fromSeq: result.fromSeq,
      toSeq: result.toSeq,
      scopes,
      summary:
        drafts.length === 1
          ? `${drafts[0]!.op === 'delete' ? '撤下' : '发布'} ${drafts[0]!.recordType}/${drafts[0]!.recordId}`
          : `批量发布 ${drafts.length} 条`,
    };
    return writes;
  }

  /** Writes the drafts to the feed (consecutive seqs) and records it, in one transaction. */
  async function publish(drafts: Draft[], actor: Actor, options: PublishOptions = {}): Promise<Published> {
    const now = deps.now();
    for (const draft of drafts)
      if (!options.insert) transition(options.approvedBy ? { state: transition(draft, 'approve') } : draft, 'publish');
    const { changes, before } = await plan(drafts, now);
    try {
      const { result, publication } = await publishStore.publishWithConsole(changes, { actor: actor.name, now }, (r) =>
        consoleWrites(drafts, actor, before, r, now, options),
      );
      const published = drafts.map((d): Draft => ({
        ...d,
        state: 'published',
        publishedSeq: result.toSeq,
        updatedAt: now.toISOString(),
        revision: options.insert ? d.revision : d.revision + 1,
        ...(options.approvedBy ? { reviewerId: options.approvedBy.user.id, publishAt: null, rejectReason: null } : {}),
      }));
      return { ...result, publication: publication!, drafts: published };
    } catch (err) {
      throw asWorkflowError(err, drafts, now);
    }
  }

  function asWorkflowError(err: unknown, drafts: Draft[], now: Date): unknown {
    if (err instanceof VersionConflictError) {
      const draft = drafts.find((d) => d.recordType === err.type && d.recordId === err.id);
      return new WorkflowError('version-conflict', `「${err.id}」刚被另一次发布修改：请比较两个版本并重新提交`, {
        draftId: draft?.id,
        yours: draft ? candidateRecord(draft, now) : null,
        theirs: err.current,
      });
    }
    if (err instanceof DraftRevisionConflictError)
      return new WorkflowError('draft-conflict', '此草稿刚被他人修改：请重新载入', { draftId: err.draftId });
    if (err instanceof RecordValidationError) {
      return new WorkflowError('invalid', '草稿未通过校验，不能发布', {
        rows: err.problems.map((p) => ({ draftId: drafts[p.index]?.id, recordId: p.id, problems: p.problems })),
      });
    }
    return err;
  }

  /** Audits a publish that did not happen; never throws (the disk may be the reason it failed). */
  async function auditFailure(who: User | Actor, drafts: Draft[], err: unknown): Promise<void> {
    const entries: AuditInput[] = drafts.map((d) => draftAudit(who, 'draft.publish-failed', d, { detail: (err as Error).message }));
    await consoleStore.appendAudit(entries).catch(() => undefined);
  }

  return { publish, auditFailure };
}

export type PublishService = ReturnType<typeof createPublishService>;
