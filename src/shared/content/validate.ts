/**
 * The record schemas by type and the validator that names the field and the
 * rule when a record is refused. (Re-exported by index.ts; a module of its own
 * so that code needing only the types and small helpers does not bundle every
 * schema.)
 */
import * as v from 'valibot';
import { DepartmentSchema, type Department } from './department';
import { DutyExceptionSchema, DutyShiftSchema, type DutyException, type DutyShift } from './duty';
import { FeeItemSchema, type FeeItem } from './fee';
import { ServiceGuideSchema, type ServiceGuide } from './guide';
import { HallSchema, type Hall } from './hall';
import { LexiconEntrySchema, type LexiconEntry } from './lexicon';
import { NoticeSchema, type Notice } from './notice';
import { OfficialSchema, type Official } from './official';
import { toProblems, type Validation } from './problems';

export const RECORD_SCHEMAS = {
  hall: HallSchema,
  department: DepartmentSchema,
  guide: ServiceGuideSchema,
  fee: FeeItemSchema,
  official: OfficialSchema,
  dutyShift: DutyShiftSchema,
  dutyException: DutyExceptionSchema,
  notice: NoticeSchema,
  lexicon: LexiconEntrySchema,
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
  lexicon: LexiconEntry;
}
export type ContentRecord = RecordOfType[RecordType];

export function isRecordType(t: unknown): t is RecordType {
  return typeof t === 'string' && Object.hasOwn(RECORD_SCHEMAS, t);
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
