/**
 * The references between records (a fee's department, a shift's official, a
 * guide's fee items …) and the check that each names a record that exists.
 * A schema sees one record at a time, so this runs where the other records
 * are at hand: the console before a draft is submitted or approved, and an
 * import for every row.
 */
import type { FieldProblem } from './problems';
import type { RecordType } from './validate';

export interface Reference {
  /** The field as a schema path, e.g. "fees.feeItemIds[1]". */
  field: string;
  type: RecordType | 'window';
  id: string;
  /** For a window: the hall whose windows it must be one of. */
  hallId?: string;
}

/** What each kind of referenced thing is called, for messages. */
export const REFERENCE_LABELS: Record<Reference['type'], string> = {
  hall: '大厅',
  department: '部门',
  guide: '办事指南',
  fee: '收费标准',
  official: '工作人员',
  dutyShift: '值班排班',
  dutyException: '值班例外',
  notice: '公告',
  lexicon: '搜索俗语词条',
  window: '窗口',
};

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function referencesOf(type: RecordType, data: Record<string, unknown>): Reference[] {
  const refs: Reference[] = [];
  const add = (field: string, refType: Reference['type'], value: unknown, hallId?: string) => {
    const id = text(value);
    if (id) refs.push({ field, type: refType, id, ...(hallId ? { hallId } : {}) });
  };
  const scope = text(data.scope);
  if (scope?.startsWith('hall:')) add('scope', 'hall', scope.slice(5));
  switch (type) {
    case 'guide': {
      add('departmentId', 'department', data.departmentId);
      const place = data.place as { hallId?: unknown } | undefined;
      add('place.hallId', 'hall', place?.hallId);
      const fees = data.fees as { kind?: unknown; feeItemIds?: unknown } | undefined;
      if (fees?.kind === 'items' && Array.isArray(fees.feeItemIds))
        fees.feeItemIds.forEach((id, i) => add(`fees.feeItemIds[${i}]`, 'fee', id));
      break;
    }
    case 'fee':
    case 'official':
      add('departmentId', 'department', data.departmentId);
      break;
    case 'notice':
      add('departmentId', 'department', data.departmentId);
      break;
    case 'lexicon':
      add('departmentId', 'department', data.departmentId);
      add('guideId', 'guide', data.guideId);
      break;
    case 'hall':
      if (Array.isArray(data.windows))
        data.windows.forEach((w: { departmentId?: unknown }, i) => add(`windows[${i}].departmentId`, 'department', w?.departmentId));
      break;
    case 'dutyShift':
    case 'dutyException': {
      const hallId = text(data.hallId);
      add('hallId', 'hall', hallId);
      if (hallId) add('windowId', 'window', data.windowId, hallId);
      add('officialId', 'official', data.officialId);
      if (type === 'dutyException') add('substituteOfficialId', 'official', data.substituteOfficialId);
      break;
    }
  }
  return refs;
}

/** What the checker is told about existing records: ids by type, and each hall's windows. */
export interface KnownRecords {
  has(type: RecordType, id: string): boolean;
  windowsOf(hallId: string): readonly string[] | null;
}

/** A problem, naming the field and the id, for each reference to a record that does not exist. */
export function danglingReferences(refs: readonly Reference[], known: KnownRecords): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const ref of refs) {
    if (ref.type === 'window') {
      const windows = known.windowsOf(ref.hallId!);
      if (windows && !windows.includes(ref.id))
        problems.push({
          field: ref.field,
          message: `窗口「${ref.id}」不是大厅「${ref.hallId}」的窗口（应为 ${windows.join('、') || '无窗口'} 之一）`,
        });
    } else if (!known.has(ref.type, ref.id)) {
      problems.push({ field: ref.field, message: `${REFERENCE_LABELS[ref.type]}「${ref.id}」不存在` });
    }
  }
  return problems;
}

/** The record types whose records may name a record of this type (a hall is also named by any record's scope). */
export const REFERRER_TYPES: Record<RecordType, readonly RecordType[]> = {
  department: ['guide', 'fee', 'official', 'notice', 'lexicon', 'hall'],
  hall: ['guide', 'dutyShift', 'dutyException', 'fee', 'official', 'notice', 'lexicon', 'department'],
  guide: ['lexicon'],
  fee: ['guide'],
  official: ['dutyShift', 'dutyException'],
  dutyShift: [],
  dutyException: [],
  notice: [],
  lexicon: [],
};

/** Does this record (of this type) name the given record? A window names its hall. */
export function refersTo(type: RecordType, data: Record<string, unknown>, target: { type: RecordType; id: string }): boolean {
  return referencesOf(type, data).some(
    (ref) =>
      (ref.type === target.type && ref.id === target.id) || (ref.type === 'window' && target.type === 'hall' && ref.hallId === target.id),
  );
}
