/**
 * Validation and planning of a publish, shared by the SQLite and PostgreSQL
 * content stores: given what is stored now, which rows to write (versions,
 * tombstones for scope moves) or every problem at once. Pure: the store looks
 * the stored rows up (synchronously on SQLite, prefetched on PostgreSQL).
 */
import * as v from 'valibot';
import {
  Id,
  isRecordType,
  lexiconLoops,
  validateRecordOfType,
  type ContentRecord,
  type LexiconEntry,
  type RecordType,
} from '../../shared/content';
import { RecordValidationError, VersionConflictError, type ChangeInput } from './content-store';
import { scopeMoveNeedsTombstone } from './scope';

export interface StoredRow {
  type: string;
  id: string;
  scope: string;
  version: number;
  deleted: number;
  json: string | null;
}

/** What the planner needs to know about the stored state. */
export interface StoredState {
  stored(type: string, id: string): StoredRow | undefined;
  /** Every live lexicon entry (asked only when the publish touches the lexicon). */
  lexicon(): LexiconEntry[];
}

export type PlannedWrite =
  | {
      kind: 'put';
      type: RecordType;
      id: string;
      scope: string;
      version: number;
      record: ContentRecord;
      json: string;
      tombstoneScope: string | null;
    }
  | { kind: 'delete'; type: RecordType; id: string; scope: string; version: number };

/** The (type, id) of every change whose type and id are well formed: the rows a planner will look up. */
export function keysOf(changes: ChangeInput[]): { type: string; id: string }[] {
  return changes.flatMap((change) => {
    const type: unknown = change.op === 'put' ? (change.record as { type?: unknown } | null)?.type : change.type;
    const id: unknown = change.op === 'put' ? (change.record as { id?: unknown } | null)?.id : change.id;
    return typeof type === 'string' && typeof id === 'string' ? [{ type, id }] : [];
  });
}

/** Validates and plans every change without writing; throws with all problems at once. */
export function planPublish(changes: ChangeInput[], updatedAt: string, state: StoredState): PlannedWrite[] {
  const invalid: RecordValidationError['problems'] = [];
  const seen = new Set<string>();
  const planned: PlannedWrite[] = [];

  changes.forEach((change, index) => {
    const rawType: unknown = change.op === 'put' ? (change.record as { type?: unknown } | null)?.type : change.type;
    const rawId: unknown = change.op === 'put' ? (change.record as { id?: unknown } | null)?.id : change.id;
    const label = { index, type: String(rawType), id: String(rawId) };
    if (!isRecordType(rawType)) {
      invalid.push({ ...label, problems: [{ field: 'type', message: '未知的记录类型' }] });
      return;
    }
    const idCheck = v.safeParse(Id, rawId);
    if (!idCheck.success) {
      invalid.push({ ...label, problems: [{ field: 'id', message: idCheck.issues[0]!.message }] });
      return;
    }
    const key = `${rawType}/${idCheck.output}`;
    if (seen.has(key)) {
      invalid.push({ ...label, problems: [{ field: 'id', message: '同一次发布中同一条记录只能出现一次' }] });
      return;
    }
    seen.add(key);

    const stored = state.stored(rawType, idCheck.output);
    const nextVersion = (stored?.version ?? 0) + 1;
    if (change.op === 'delete') {
      if (!stored || stored.deleted) {
        invalid.push({ ...label, problems: [{ field: 'id', message: '记录不存在或已删除，无法删除' }] });
        return;
      }
      planned.push({ kind: 'delete', type: rawType, id: idCheck.output, scope: stored.scope, version: nextVersion });
      return;
    }
    const stamped = { ...change.record, version: nextVersion, updatedAt };
    const result = validateRecordOfType(rawType, stamped);
    if (!result.ok) {
      invalid.push({ ...label, problems: result.problems });
      return;
    }
    const record = result.value;
    const tombstoneScope = stored && !stored.deleted && scopeMoveNeedsTombstone(stored.scope, record.scope) ? stored.scope : null;
    planned.push({
      kind: 'put',
      type: rawType,
      id: record.id,
      scope: record.scope,
      version: nextVersion,
      record,
      json: JSON.stringify(record),
      tombstoneScope,
    });
  });

  if (invalid.length === 0) invalid.push(...lexiconLoopProblems(planned, state));
  if (invalid.length > 0) throw new RecordValidationError(invalid);
  return planned;
}

/** Loops only show across entries: check the lexicon as it would be after this publish. */
function lexiconLoopProblems(planned: PlannedWrite[], state: StoredState): RecordValidationError['problems'] {
  const touched = planned.filter((p) => p.type === 'lexicon');
  if (touched.length === 0) return [];
  const after = new Map<string, LexiconEntry>();
  for (const entry of state.lexicon()) after.set(entry.id, entry);
  for (const p of touched) {
    if (p.kind === 'delete') after.delete(p.id);
    else after.set(p.id, p.record as LexiconEntry);
  }
  return lexiconLoops([...after.values()])
    .filter((loop) => touched.some((p) => p.id === loop.id))
    .map((loop) => ({
      index: planned.findIndex((p) => p.type === 'lexicon' && p.id === loop.id),
      type: 'lexicon',
      id: loop.id,
      problems: [{ field: 'means', message: loop.message }],
    }));
}

/** Optimistic concurrency: every expectedVersion must match what is stored right now. */
export function checkVersions(changes: ChangeInput[], state: StoredState): void {
  for (const change of changes) {
    if (change.expectedVersion === undefined) continue;
    const type = change.op === 'put' ? change.record.type : change.type;
    const id = change.op === 'put' ? change.record.id : change.id;
    const stored = state.stored(type, id);
    const live = stored && !stored.deleted ? stored : undefined;
    // expectedVersion 0 means "must not exist yet".
    if ((live?.version ?? 0) !== change.expectedVersion) {
      throw new VersionConflictError(type, id, change.expectedVersion, live?.json ? (JSON.parse(live.json) as ContentRecord) : null);
    }
  }
}
