/**
 * 值班: weekly recurring shifts per hall and window, plus dated exceptions.
 * All times are wall-clock times in the hall's own timezone; an end at or
 * before the start means the shift runs past midnight into the next day.
 */
import * as v from 'valibot';
import { Id, LocalDate, NonEmptyText, OptionalText, RecordEnvelope, TimeOfDay, Weekday } from './common';

export const DutyShiftSchema = v.pipe(
  v.object({
    ...RecordEnvelope,
    type: v.literal('dutyShift'),
    hallId: Id,
    windowId: NonEmptyText(20),
    officialId: Id,
    weekday: Weekday,
    start: TimeOfDay,
    end: TimeOfDay,
    /** Optional bounds of the roster, in the hall's calendar. */
    validFrom: v.optional(v.nullable(LocalDate), null),
    validTo: v.optional(v.nullable(LocalDate), null),
  }),
  v.check((s) => s.start !== s.end, '开始时间和结束时间不能相同'),
  v.check((s) => s.start !== '24:00', '开始时间不能是 24:00'),
  v.check((s) => s.validFrom == null || s.validTo == null || s.validFrom <= s.validTo, '有效期开始日期不能晚于结束日期'),
);
export type DutyShift = v.InferOutput<typeof DutyShiftSchema>;

export const DutyExceptionSchema = v.pipe(
  v.object({
    ...RecordEnvelope,
    type: v.literal('dutyException'),
    hallId: Id,
    windowId: NonEmptyText(20),
    /** The hall-local date the exception applies to (the day the shift starts). */
    date: LocalDate,
    /**
     * leave: the official is absent, nobody replaces them.
     * substitution: substituteOfficialId works instead of officialId.
     * extra: an additional one-off shift (start/end required).
     */
    kind: v.picklist(['leave', 'substitution', 'extra'], "例外类型必须是 'leave'、'substitution' 或 'extra'"),
    officialId: Id,
    substituteOfficialId: v.optional(v.nullable(Id), null),
    start: v.optional(v.nullable(TimeOfDay), null),
    end: v.optional(v.nullable(TimeOfDay), null),
    reason: OptionalText(200),
  }),
  v.check((e) => e.kind !== 'substitution' || e.substituteOfficialId != null, '替班必须指定替班人员'),
  v.check((e) => e.kind !== 'extra' || (e.start != null && e.end != null), '加班必须注明开始和结束时间'),
  v.check((e) => (e.start == null) === (e.end == null), '开始时间和结束时间必须同时填写或同时留空'),
);
export type DutyException = v.InferOutput<typeof DutyExceptionSchema>;
