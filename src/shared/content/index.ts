/**
 * The content model shared by server, kiosk and console: one valibot schema
 * per record type, the TypeScript types derived from them, and one validator
 * that names the field and the rule when a record is refused.
 */
import * as v from 'valibot';
import { DepartmentSchema, type Department } from './department';
import { DutyExceptionSchema, DutyShiftSchema, type DutyException, type DutyShift } from './duty';
import { FeeItemSchema, type FeeItem } from './fee';
import { ServiceGuideSchema, type ServiceGuide } from './guide';
import { HallSchema, type Hall } from './hall';
import { NoticeSchema, type Notice } from './notice';
import { OfficialSchema, type Official } from './official';

export * from './common';
export * from './department';
export * from './duty';
export * from './fee';
export * from './guide';
export * from './hall';
export * from './notice';
export * from './official';

export const RECORD_SCHEMAS = {
  hall: HallSchema,
  department: DepartmentSchema,
  guide: ServiceGuideSchema,
  fee: FeeItemSchema,
  official: OfficialSchema,
  dutyShift: DutyShiftSchema,
  dutyException: DutyExceptionSchema,
  notice: NoticeSchema,
} as const;

export type RecordType = keyof typeof RECORD_SCHEMAS;
export const RECORD_TYPES = Object.keys(RECORD_SCHEMAS) as RecordType[];

export interface RecordOfType {
  hall: Hall;
  department: Department;
  guide: ServiceGuide;
  fee: FeeItem;
  official: Official;
  dutyShift: DutyShift;
  dutyException: DutyException;
  notice: Notice;
}
export type ContentRecord = RecordOfType[RecordType];

export function isRecordType(t: unknown): t is RecordType {
  return typeof t === 'string' && Object.hasOwn(RECORD_SCHEMAS, t);
}

export interface FieldProblem {
  /** Dotted path with indexes, e.g. "materials[2].copies"; "" for the record itself. */
  field: string;
  message: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function toProblems(issues: readonly v.BaseIssue<unknown>[]): FieldProblem[] {
  return issues.map((i) => ({ field: pathOf(i), message: i.message }));
}

/** One line per problem: "materials[2].copies: 需要复印件时复印件份数至少为 1". */
export function formatProblems(problems: FieldProblem[]): string {
  return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
}

export function validateRecord(input: unknown): Validation<ContentRecord> {
  const type = (input as { type?: unknown } | null)?.type;
  if (!isRecordType(type)) {
    return { ok: false, problems: [{ field: 'type', message: `未知的记录类型，应为 ${RECORD_TYPES.join('、')} 之一` }] };
  }
  return validateRecordOfType(type, input);
}

export function validateRecordOfType<T extends RecordType>(type: T, input: unknown): Validation<RecordOfType[T]> {
  const result = v.safeParse(RECORD_SCHEMAS[type] as v.GenericSchema, input, { abortPipeEarly: false });
  if (result.success) return { ok: true, value: result.output as RecordOfType[T] };
  return { ok: false, problems: toProblems(result.issues) };
}

/** Media hashes a record refers to (portraits, blank forms, samples). */
export function mediaReferencedBy(record: ContentRecord): string[] {
  switch (record.type) {
    case 'official':
      return record.photo ? [record.photo.sha256] : [];
    case 'guide':
      return record.materials.flatMap((m) => [m.blankForm?.sha256, m.sample?.sha256].filter((h): h is string => !!h));
    default:
      return [];
  }
}
