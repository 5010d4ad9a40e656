/**
 * From file bytes to checked rows, with no access to stores: bounds, parse,
 * header check, and each row mapped to a record and validated. This is the
 * CPU-heavy half of an import; parse-worker.ts runs it off the event loop.
 */
import { validateRecordOfType, type ContentRecord } from '../../../shared/content';
import { columnOfField, headersOf, rowToData, TYPE_NAMES, type ImportableType } from './columns';
import { CsvSyntaxError, parseCsv } from './csv';
import { ImportLimitError, inspectCsv, inspectXlsx, type ImportLimits } from './limits';
import { readXlsx } from './xlsx';

export type FileFormat = 'csv' | 'xlsx';

export interface RowError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column: string;
  message: string;
}

export interface CheckedRow {
  row: number;
  /** The row's id cell as read, even when the row has problems (for duplicate checks). */
  id: string;
  /** The validated record (version and updatedAt are placeholders; the caller stamps them); null when the row has problems. */
  record: ContentRecord | null;
  errors: RowError[];
}

/** A refusal of the whole file: a message and, when it helps, problems by row. */
export class ImportRefusal extends Error {
  constructor(
    message: string,
    readonly rows: RowError[] = [],
  ) {
    super(message);
  }
}

export interface ImportProgress {
  phase: 'inspected' | 'parsed' | 'checking';
  rows: number;
  total: number;
}

/**
 * UTF-8 (with or without a BOM) first, strictly; a file that is not valid
 * UTF-8 is read as GB18030, the superset of GBK that Excel on Chinese Windows
 * saves "CSV (逗号分隔)" in. Every byte sequence that is not UTF-8 decodes in
 * GB18030, so there is no third case.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function readRows(bytes: Uint8Array, format: FileFormat, limits: ImportLimits): Promise<string[][]> {
  try {
    if (format === 'csv') {
      const text = decodeCsv(bytes);
      inspectCsv(text, limits);
      return parseCsv(text);
    }
    await inspectXlsx(bytes, limits);
    return await readXlsx(bytes);
  } catch (err) {
    if (err instanceof ImportLimitError) throw new ImportRefusal(err.message);
    if (err instanceof CsvSyntaxError) throw new ImportRefusal(err.message, [{ row: err.row, column: '', message: err.message }]);
    throw new ImportRefusal(`无法读取 ${format.toUpperCase()} 文件：${(err as Error).message}`);
  }
}

export async function readImport(
  input: { bytes: Uint8Array; format: FileFormat; type: ImportableType; now: string; limits: ImportLimits },
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<{ total: number; rows: CheckedRow[] }> {
  const { type } = input;
  onProgress({ phase: 'inspected', rows: 0, total: 0 });
  const rows = (await readRows(input.bytes, input.format, input.limits)).filter((r, i) => i === 0 || r.some((c) => c.trim() !== ''));
  const [header, ...body] = rows;
  onProgress({ phase: 'parsed', rows: 0, total: body.length });
  const expected = headersOf(type);
  if (!header) throw new ImportRefusal('文件是空的', [{ row: 1, column: '', message: '缺少表头行' }]);
  const headerCells = header.map((h) => h.trim());
  const headerErrors: RowError[] = [];
  for (const h of expected) if (!headerCells.includes(h)) headerErrors.push({ row: 1, column: h, message: '缺少此列' });
  headerCells.forEach((h, i) => {
    if (h && !expected.includes(h)) headerErrors.push({ row: 1, column: h, message: `未知的列（第 ${i + 1} 列）` });
  });
  if (headerErrors.length) throw new ImportRefusal(`表头与${TYPE_NAMES[type]}模板不符`, headerErrors);
  if (body.length === 0) throw new ImportRefusal('文件没有数据行', [{ row: 2, column: '', message: '没有数据' }]);
  if (body.length > input.limits.maxRows - 1) throw new ImportRefusal(`一次最多导入 ${input.limits.maxRows - 1} 行`);

  const checked: CheckedRow[] = [];
  for (const [index, cells] of body.entries()) {
    const rowNumber = index + 2;
    const byHeader = new Map(headerCells.map((h, i) => [h, cells[i] ?? '']));
    const { data, problems } = rowToData(type, byHeader);
    const errors: RowError[] = problems.map((p) => ({ row: rowNumber, ...p }));
    let record: ContentRecord | null = null;
    if (!errors.length) {
      const result = validateRecordOfType(type, { ...data, version: 1, updatedAt: input.now });
      if (result.ok) record = result.value;
      else for (const p of result.problems) errors.push({ row: rowNumber, column: columnOfField(type, p.field), message: p.message });
    }
    checked.push({ row: rowNumber, id: typeof data.id === 'string' ? data.id : '', record, errors });
    if ((index + 1) % 1000 === 0) onProgress({ phase: 'checking', rows: index + 1, total: body.length });
  }
  return { total: body.length, rows: checked };
}
