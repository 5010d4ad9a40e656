/**
 * Import and export of fee schedules, officials and duty rosters. An import
 * is validated whole first; any problem in any row refuses the whole file
 * with the problems row by row (row number as the spreadsheet shows it,
 * column header, rule) and nothing is written. A valid file becomes one
 * batch of drafts, written in one transaction, reviewed and published together.
 * Rows identical to the published record are skipped.
 */
import { validateRecordOfType, type ContentRecord } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import { newId } from '../accounts/tokens';
import type { ConsoleStore } from '../console-store';
import type { AuditInput, Draft, User } from '../types';
import { canEdit, reachOf } from '../workflow/authorize';
import { diffRecords } from '../workflow/diff';
import { WorkflowError } from '../workflow/errors';
import { columnOfField, headersOf, recordToRow, rowToData, TYPE_NAMES, type ImportableType } from './columns';
import { CsvSyntaxError, parseCsv, writeCsv } from './csv';
import { readXlsx, writeXlsx } from './xlsx';

export type FileFormat = 'csv' | 'xlsx';

export interface RowError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column: string;
  message: string;
}

export const MAX_IMPORT_ROWS = 20_000;

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

async function readRows(bytes: Uint8Array, format: FileFormat): Promise<string[][]> {
  try {
    if (format === 'csv') return parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return await readXlsx(bytes);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw new WorkflowError('invalid', err.message, { rows: [{ row: err.row, column: '', message: err.message }] });
    if (err instanceof TypeError) throw new WorkflowError('invalid', '文件不是 UTF-8 编码的 CSV：请在 Excel 中另存为「CSV UTF-8」');
    throw new WorkflowError('invalid', `无法读取 ${format.toUpperCase()} 文件：${(err as Error).message}`);
  }
}

export interface ImportResult {
  batchId: string | null;
  created: number;
  changed: number;
  unchanged: number;
  drafts: Draft[];
}

export async function importRecords(
  deps: { content: ContentStore; consoleStore: ConsoleStore; now: () => Date },
  user: User,
  type: ImportableType,
  format: FileFormat,
  bytes: Uint8Array,
): Promise<ImportResult> {
  const now = deps.now();
  const rows = (await readRows(bytes, format)).filter((r, i) => i === 0 || r.some((c) => c.trim() !== ''));
  const [header, ...body] = rows;
  const errors: RowError[] = [];
  const expected = headersOf(type);
  if (!header) throw new WorkflowError('invalid', '文件是空的', { rows: [{ row: 1, column: '', message: '缺少表头行' }] });
  const headerCells = header.map((h) => h.trim());
  for (const h of expected) if (!headerCells.includes(h)) errors.push({ row: 1, column: h, message: '缺少此列' });
  headerCells.forEach((h, i) => {
    if (h && !expected.includes(h)) errors.push({ row: 1, column: h, message: `未知的列（第 ${i + 1} 列）` });
  });
  if (errors.length) throw new WorkflowError('invalid', `表头与${TYPE_NAMES[type]}模板不符`, { rows: errors });
  if (body.length === 0) throw new WorkflowError('invalid', '文件没有数据行', { rows: [{ row: 2, column: '', message: '没有数据' }] });
  if (body.length > MAX_IMPORT_ROWS) throw new WorkflowError('invalid', `一次最多导入 ${MAX_IMPORT_ROWS} 行`);

  const current = new Map((await deps.content.listRecords(type)).map((r) => [r.id, r]));
  const seen = new Map<string, number>();
  const planned: { row: number; record: ContentRecord; before: ContentRecord | null }[] = [];

  for (const [index, cells] of body.entries()) {
    const rowNumber = index + 2;
    const byHeader = new Map(headerCells.map((h, i) => [h, cells[i] ?? '']));
    const { data, problems } = rowToData(type, byHeader);
    const rowErrors: RowError[] = problems.map((p) => ({ row: rowNumber, ...p }));
    const id = typeof data.id === 'string' ? data.id : '';
    if (id && seen.has(id)) rowErrors.push({ row: rowNumber, column: '编号', message: `与第 ${seen.get(id)} 行重复` });
    seen.set(id, rowNumber);
    const before = current.get(id) ?? null;
    if (!rowErrors.length) {
      const checked = validateRecordOfType(type, { ...data, version: (before?.version ?? 0) + 1, updatedAt: now.toISOString() });
      if (!checked.ok) {
        for (const p of checked.problems) rowErrors.push({ row: rowNumber, column: columnOfField(type, p.field), message: p.message });
      } else {
        const reaches = [reachOf(type, checked.value as unknown as Record<string, unknown>)];
        if (before) reaches.push(reachOf(type, before as unknown as Record<string, unknown>));
        if (!reaches.every((r) => canEdit(user, type, r))) {
          rowErrors.push({
            row: rowNumber,
            column: type.startsWith('duty') ? '大厅编号' : '部门编号',
            message: '您没有编辑此部门或大厅记录的权限',
          });
        } else if (!before || diffRecords(before, checked.value).length > 0) {
          planned.push({ row: rowNumber, record: checked.value, before });
        }
      }
    }
    errors.push(...rowErrors);
  }

  for (const p of planned) {
    if ((await deps.consoleStore.openDraftsOf(type, p.record.id)).length) {
      errors.push({ row: p.row, column: '编号', message: '此记录已有未完成的草稿：请先处理该草稿' });
    }
  }
  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    throw new WorkflowError('invalid', `文件有 ${errors.length} 处错误，未导入任何内容`, { rows: errors });
  }
  if (!planned.length) return { batchId: null, created: 0, changed: 0, unchanged: body.length, drafts: [] };

  const batchId = newId('batch');
  const at = now.toISOString();
  const drafts: Draft[] = planned.map(({ record, before }) => {
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
      detail: `${format.toUpperCase()}，${body.length} 行，${drafts.length} 条变更`,
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
  return { batchId, created, changed: planned.length - created, unchanged: body.length - planned.length, drafts };
}
