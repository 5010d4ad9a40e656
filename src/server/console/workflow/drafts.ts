/** Drafts as values: building one, the record it would publish, its audit entries. */
import { validateRecordOfType, type FieldProblem, type RecordType } from '../../../shared/content';
import { newId } from '../accounts/tokens';
import type { AuditInput, Draft, User } from '../types';
import { reachOf } from './authorize';

export interface Actor {
  id: string | null;
  name: string;
}

export const SYSTEM: Actor = { id: null, name: '系统（定时任务）' };
export const actorOf = (u: User): Actor => ({ id: u.id, name: u.username });

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

export function stripEnvelope(record: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, updatedAt: _u, ...rest } = record;
  return rest;
}

export function newDraft(
  author: Actor,
  fields: {
    type: RecordType;
    id: string;
    op: Draft['op'];
    data: Record<string, unknown>;
    baseVersion: number | null;
    batchId: string | null;
  },
  now: Date,
): Draft {
  const reach = reachOf(fields.type, fields.data);
  const at = now.toISOString();
  return {
    id: newId('draft'),
    recordType: fields.type,
    recordId: fields.id,
    op: fields.op,
    data: fields.data,
    baseVersion: fields.baseVersion,
    state: 'draft',
    revision: 1,
    authorId: author.id ?? 'system',
    reviewerId: null,
    rejectReason: null,
    publishAt: null,
    batchId: fields.batchId,
    batchRow: null,
    departmentId: reach.departmentId,
    hallId: reach.hallId,
    createdAt: at,
    updatedAt: at,
    publishedSeq: null,
  };
}

export function draftAudit(who: User | Actor, action: string, draft: Draft, extra: Partial<AuditInput> = {}): AuditInput {
  const actor = 'username' in who ? actorOf(who) : who;
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
