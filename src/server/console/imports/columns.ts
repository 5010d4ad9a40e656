/**
 * How each importable record type maps to spreadsheet columns and back. Both
 * directions live side by side so an export always imports back unchanged.
 * Lists go one entry per line inside a cell; pairs are split by "｜".
 */
import type { RecordType } from '../../../shared/content';
import { fenToYuanText as yuanText, parseYuanToFen } from '../../../shared/money';
import { localDateText, localInstantText } from './local-time';

export const IMPORTABLE_TYPES = ['fee', 'official', 'dutyShift', 'dutyException'] as const;
export type ImportableType = (typeof IMPORTABLE_TYPES)[number];
export const isImportable = (t: string): t is ImportableType => (IMPORTABLE_TYPES as readonly string[]).includes(t);

export interface CellProblem {
  column: string;
  message: string;
}

interface Column {
  header: string;
  /** Schema field paths (prefixes) this column is responsible for, for mapping validation problems back to a column. */
  fields: string[];
  required?: boolean;
  write(record: Record<string, any>): string;
  read(cell: string, into: Record<string, any>, problem: (message: string) => void): void;
}

const PAIR = '｜';
const lines = (cell: string) =>
  cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const orNull = (cell: string) => (cell.trim() === '' ? null : cell.trim());

function text(header: string, field: string, options: { required?: boolean; nullable?: boolean } = {}): Column {
  return {
    header,
    fields: [field],
    required: options.required,
    write: (r) => (r[field] == null ? '' : String(r[field])),
    read: (cell, into) => {
      into[field] = options.nullable ? orNull(cell) : cell.trim();
    },
  };
}

/** A calendar day in the hall's calendar: Excel dates and 2027/1/1 are read as that day. */
function localDate(header: string, field: string, options: { required?: boolean; nullable?: boolean } = {}): Column {
  return {
    ...text(header, field, options),
    read: (cell, into) => {
      const day = localDateText(cell);
      into[field] = options.nullable && day === '' ? null : day;
    },
  };
}

/** An instant: a date or date and time without a zone is the hall's local time. */
function localInstant(header: string, field: string, options: { required?: boolean; nullable?: boolean } = {}): Column {
  return {
    ...text(header, field, options),
    read: (cell, into) => {
      const at = localInstantText(cell);
      into[field] = options.nullable && at === '' ? null : at;
    },
  };
}

function integer(header: string, field: string): Column {
  return {
    header,
    fields: [field],
    required: true,
    write: (r) => String(r[field] ?? ''),
    read: (cell, into, problem) => {
      if (!/^\s*-?\d+\s*$/.test(cell)) problem('必须是整数');
      into[field] = Number(cell);
    },
  };
}

function textList(header: string, field: string): Column {
  return {
    header,
    fields: [field],
    write: (r) => (r[field] ?? []).join('\n'),
    read: (cell, into) => {
      into[field] = lines(cell);
    },
  };
}

const id = text('编号', 'id', { required: true });
const scope: Column = {
  header: '范围',
  fields: ['scope'],
  write: (r) => r.scope,
  read: (cell, into) => {
    into.scope = cell.trim() || 'global';
  },
};

const feeAmount: Column = {
  header: '金额（元）',
  fields: ['amount'],
  required: true,
  write: (r) => {
    const a = r.amount;
    if (a.kind === 'fixed') return yuanText(a.fen);
    if (a.kind === 'range') return `${yuanText(a.minFen)}~${yuanText(a.maxFen)}`;
    return yuanText(a.fenPerUnit);
  },
  read: () => {},
};
const feeAmountKind: Column = {
  header: '金额类型',
  fields: ['amount.kind'],
  required: true,
  write: (r) => r.amount.kind,
  read: () => {},
};

function readFeeAmount(kind: string, amountCell: string, problem: (column: string, message: string) => void): unknown {
  const yuan = (t: string) => {
    const parsed = parseYuanToFen(t);
    if (!parsed.ok) problem(feeAmount.header, parsed.message);
    return parsed.ok ? parsed.fen : 0;
  };
  switch (kind.trim()) {
    case 'fixed':
      return { kind: 'fixed', fen: yuan(amountCell) };
    case 'per-unit':
      return { kind: 'per-unit', fenPerUnit: yuan(amountCell) };
    case 'range': {
      const parts = amountCell.split(/[~～]/);
      if (parts.length !== 2) {
        problem(feeAmount.header, '范围金额应写成「最低~最高」，例如 10.00~50.00');
        return { kind: 'range', minFen: 0, maxFen: 0 };
      }
      return { kind: 'range', minFen: yuan(parts[0]!), maxFen: yuan(parts[1]!) };
    }
    default:
      problem(feeAmountKind.header, '必须是 fixed（固定）、range（范围）或 per-unit（按单位）');
      return { kind: 'fixed', fen: 0 };
  }
}

const feeBasis: Column = {
  header: '收费依据（文件名称｜文号，每行一项）',
  fields: ['basis'],
  required: true,
  write: (r) => r.basis.map((b: { title: string; number: string }) => `${b.title}${PAIR}${b.number}`).join('\n'),
  read: (cell, into, problem) => {
    into.basis = lines(cell).map((line) => {
      const [title, number, ...rest] = line.split(PAIR);
      if (number === undefined || rest.length) problem(`「${line}」应写成「文件名称｜文号」`);
      return { title: title?.trim() ?? '', number: number?.trim() ?? '' };
    });
  },
};
const feeReductions: Column = {
  header: '减免（说明｜依据，每行一项）',
  fields: ['reductions'],
  write: (r) =>
    r.reductions
      .map((x: { description: string; basis: string }) => (x.basis ? `${x.description}${PAIR}${x.basis}` : x.description))
      .join('\n'),
  read: (cell, into) => {
    into.reductions = lines(cell).map((line) => {
      const [description, ...basis] = line.split(PAIR);
      return { description: description?.trim() ?? '', basis: basis.join(PAIR).trim() };
    });
  },
};

const photo: Column = {
  header: '照片（媒体引用，请勿修改）',
  fields: ['photo'],
  write: (r) => (r.photo ? JSON.stringify(r.photo) : ''),
  read: (cell, into, problem) => {
    if (!cell.trim()) {
      into.photo = null;
      return;
    }
    try {
      into.photo = JSON.parse(cell);
    } catch {
      problem('不是有效的媒体引用：请保留导出时的内容或留空');
    }
  },
};

export const COLUMNS: Record<ImportableType, Column[]> = {
  fee: [
    id,
    scope,
    text('名称', 'name', { required: true }),
    text('收费编码', 'code'),
    text('部门编号', 'departmentId', { required: true }),
    feeAmountKind,
    feeAmount,
    text('计费单位', 'unit', { required: true }),
    feeBasis,
    localInstant('生效时间', 'effectiveFrom', { required: true }),
    localInstant('失效时间', 'effectiveTo', { nullable: true }),
    feeReductions,
    text('备注', 'notes'),
  ],
  official: [
    id,
    scope,
    text('姓名', 'name', { required: true }),
    text('职务', 'title', { required: true }),
    text('部门编号', 'departmentId', { required: true }),
    photo,
    text('窗口', 'window'),
    text('电话', 'phone', { required: true }),
    textList('职责（每行一项）', 'duties'),
    text('简介', 'bio'),
  ],
  dutyShift: [
    id,
    scope,
    text('大厅编号', 'hallId', { required: true }),
    text('窗口', 'windowId', { required: true }),
    text('人员编号', 'officialId', { required: true }),
    integer('星期（1=周一…7=周日）', 'weekday'),
    text('开始', 'start', { required: true }),
    text('结束', 'end', { required: true }),
    localDate('有效期起', 'validFrom', { nullable: true }),
    localDate('有效期止', 'validTo', { nullable: true }),
  ],
  dutyException: [
    id,
    scope,
    text('大厅编号', 'hallId', { required: true }),
    text('窗口', 'windowId', { required: true }),
    localDate('日期', 'date', { required: true }),
    text('类型（leave 请假 / substitution 替班 / extra 加班）', 'kind', { required: true }),
    text('人员编号', 'officialId', { required: true }),
    text('替班人员编号', 'substituteOfficialId', { nullable: true }),
    text('开始', 'start', { nullable: true }),
    text('结束', 'end', { nullable: true }),
    text('原因', 'reason'),
  ],
};

export function headersOf(type: ImportableType): string[] {
  return COLUMNS[type].map((c) => c.header);
}

export function recordToRow(type: ImportableType, record: Record<string, unknown>): string[] {
  return COLUMNS[type].map((c) => c.write(record));
}

/** Turns one row (keyed by header) into record data; problems name the column. */
export function rowToData(type: ImportableType, cells: Map<string, string>): { data: Record<string, unknown>; problems: CellProblem[] } {
  const data: Record<string, any> = { type };
  const problems: CellProblem[] = [];
  for (const column of COLUMNS[type]) {
    const cell = cells.get(column.header) ?? '';
    if (column.required && cell.trim() === '') {
      problems.push({ column: column.header, message: '不能为空' });
      continue;
    }
    column.read(cell, data, (message) => problems.push({ column: column.header, message }));
  }
  if (type === 'fee' && !problems.some((p) => p.column === feeAmount.header || p.column === feeAmountKind.header)) {
    data.amount = readFeeAmount(cells.get(feeAmountKind.header) ?? '', cells.get(feeAmount.header) ?? '', (column, message) =>
      problems.push({ column, message }),
    );
  }
  return { data, problems };
}

/** The column responsible for a schema field path such as "basis[0].number". */
export function columnOfField(type: ImportableType, field: string): string {
  let best: { header: string; length: number } | null = null;
  for (const column of COLUMNS[type]) {
    for (const f of column.fields) {
      if ((field === f || field.startsWith(`${f}.`) || field.startsWith(`${f}[`)) && (!best || f.length > best.length))
        best = { header: column.header, length: f.length };
    }
  }
  if (best) return best.header;
  if (type === 'fee' && field.startsWith('amount')) return feeAmount.header;
  return field || '（整行）';
}

export const TYPE_NAMES: Record<RecordType, string> = {
  hall: '大厅',
  department: '部门',
  guide: '办事指南',
  fee: '收费标准',
  official: '工作人员',
  dutyShift: '值班排班',
  dutyException: '值班例外',
  notice: '公告',
  lexicon: '搜索俗语词条',
};
