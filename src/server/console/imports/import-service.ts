/**
 * Import and export of fee schedules, officials and duty rosters. An import
 * is validated whole first; any problem in any row refuses the whole file
 * with the problems row by row (row number as the spreadsheet shows it,
 * column header, rule) and nothing is written. A valid file becomes one
 * batch of drafts, written in one transaction, reviewed and published together.
 * Rows identical to the published record are skipped.
 */
import { danglingReferences, referencesOf, type ContentRecord } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import { newId } from '../accounts/tokens';
import type { ConsoleStore } from '../console-store';
import type { AuditInput, Draft, User } from '../types';
import { canEdit, reachOf } from '../workflow/authorize';
import { diffRecords } from '../workflow/diff';
import { WorkflowError } from '../workflow/errors';
import { officialDepartmentsOf } from '../workflow/reach';
import { knownRecordsOf } from '../workflow/references';
import { columnOfField, headersOf, recordToRow, TYPE_NAMES, type ImportableType } from './columns';
import { writeCsv } from './csv';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits';
import { ImportRefusal, type FileFormat, type ImportProgress, type RowError } from './read-import';
import { readImportInWorker } from './run-in-worker';
import { writeXlsx } from './xlsx';

export type { FileFormat } from './read-import';

export async function exportRecords(
  content: ContentStore,
  type: ImportableType,
  format: FileFormat,
  filter: { departmentId?: string; hallId?: string } = {},
) {
  const records = (await content.listRecords(type))
    .filter((r) => !filter.departmentId || (r as { departmentId?: string }).departmentId === filter.departmentId)
    .filter((r) => !filter.hallId || (r as { hallId?: string }).hallId === filter.hallId)
    .sort((a, b) => a.id.localeCompare(b.id));
  const rows = [headersOf(type), ...records.map((r) => recordToRow(type, r as unknown as Record<string, unknown>))];
  if (format === 'csv') return { bytes: new TextEncoder().encode(writeCsv(rows)), contentType: 'text/csv; charset=utf-8' };
  return {
    bytes: await writeXlsx(TYPE_NAMES[type], rows),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}

export interface ImportResult {
  batchId: string | null;
  created: number;
  changed: number;
  unchanged: number;
  drafts: Draft[];
}

export interface ImportOptions {
  limits?: ImportLimits;
  /** Told as the worker goes (inspected, parsed, every 1,000 rows checked). */
  onProgress?: (p: ImportProgress) => void;
}

export async function importRecords(
  deps: { content: ContentStore; consoleStore: ConsoleStore; now: () => Date },
  user: User,
  type: ImportableType,
  format: FileFormat,
  bytes: Uint8Array,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const now = deps.now();
  let read;
  try {
    // Parsing and checking rows is CPU work: off the event loop, so kiosks keep being served meanwhile.
    read = await readImportInWorker(
      { bytes, format, type, now: now.toISOString(), limits: options.limits ?? DEFAULT_IMPORT_LIMITS },
      options.onProgress,
    );
  } catch (err) {
    if (err instanceof ImportRefusal) throw new WorkflowError('invalid', err.message, { rows: err.rows });
    throw err;
  }
  const total = read.total;
  const errors: RowError[] = [];
  const current = new Map((await deps.content.listRecords(type)).map((r) => [r.id, r]));
  const known = await knownRecordsOf(deps.content);
  const officials = await officialDepartmentsOf(deps.content);
  const seen = new Map<string, number>();
  const planned: { row: number; record: ContentRecord; before: ContentRecord | null }[] = [];

  for (const { row: rowNumber, id, record, errors: found } of read.rows) {
    const rowErrors: RowError[] = [...found];
    if (id && seen.has(id)) rowErrors.push({ row: rowNumber, column: '编号', message: `与第 ${seen.get(id)} 行重复` });
    seen.set(id, rowNumber);
    const before = current.get(id) ?? null;
    // An unknown department, official, hall or window is an error on its row, with the column that names it.
    if (record)
      for (const p of danglingReferences(referencesOf(type, record as unknown as Record<string, unknown>), known))
        rowErrors.push({ row: rowNumber, column: columnOfField(type, p.field), message: p.message });
    if (record && !rowErrors.length) {
      const stamped = { ...record, version: (before?.version ?? 0) + 1, updatedAt: now.toISOString() } as ContentRecord;
      const reaches = [reachOf(type, stamped as unknown as Record<string, unknown>, officials)];
      if (before) reaches.push(reachOf(type, before as unknown as Record<string, unknown>, officials));
      if (!reaches.every((r) => canEdit(user, type, r))) {
        rowErrors.push({
          row: rowNumber,
          column: type.startsWith('duty') ? '人员编号' : '部门编号',
          message: type.startsWith('duty') ? '您没有编辑此大厅或此人员所在部门的值班记录的权限' : '您没有编辑此部门或大厅记录的权限',
        });
      } else if (!before || diffRecords(before, stamped).length > 0) {
        planned.push({ row: rowNumber, record: stamped, before });
      }
    }
    errors.push(...rowErrors);
  }

  // One query for every open draft of this type, not one per row.
  const open = new Set(
    (await deps.consoleStore.listDrafts({ recordType: type, state: ['draft', 'submitted', 'approved'] })).map((d) => d.recordId),
  );
  for (const p of planned) {
    if (open.has(p.record.id)) errors.push({ row: p.row, column: '编号', message: '此记录已有未完成的草稿：请先处理该草稿' });
  }
  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    throw new WorkflowError('invalid', `文件有 ${errors.length} 处错误，未导入任何内容`, { rows: errors });
  }
  if (!planned.length) return { batchId: null, created: 0, changed: 0, unchanged: total, drafts: [] };

  const batchId = newId('batch');
  const at = now.toISOString();
  const drafts: Draft[] = planned.map(({ row, record, before }) => {
    const { version: _v, updatedAt: _u, ...data } = record as unknown as Record<string, unknown>;
    const reach = reachOf(type, data);
    return {
      id: newId('draft'),
      recordType: type,
      recordId: record.id,
      op: 'put',
      data,
      baseVersion: before?.version ?? null,
      state: 'draft',
      revision: 1,
      authorId: user.id,
      reviewerId: null,
      rejectReason: null,
      publishAt: null,
      batchId,
      // Kept so that the batch lists its items in the file's order (ids need not be sorted in the file).
      batchRow: row,
      departmentId: reach.departmentId,
      hallId: reach.hallId,
      createdAt: at,
      updatedAt: at,
      publishedSeq: null,
    };
  });
  const audit: AuditInput[] = [
    {
      actorId: user.id,
      actorName: user.username,
      action: 'import',
      targetType: type,
      targetId: batchId,
      detail: `${format.toUpperCase()}，${total} 行，${drafts.length} 条变更`,
    },
    ...planned.map(({ record, before }, i): AuditInput => ({
      actorId: user.id,
      actorName: user.username,
      action: 'draft.create',
      targetType: type,
      targetId: record.id,
      draftId: drafts[i]!.id,
      changes: diffRecords(before, record),
      detail: `导入批次 ${batchId}`,
    })),
  ];
  await deps.consoleStore.insertDrafts(drafts, audit);
  const created = planned.filter((p) => !p.before).length;
  return { batchId, created, changed: planned.length - created, unchanged: total - planned.length, drafts };
}
