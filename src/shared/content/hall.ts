import * as v from 'valibot';
import { IanaTimeZone, Id, NonEmptyText, OptionalText, PhoneEntry, RecordEnvelope, TimeOfDay, Weekday } from './common';

export const OpeningPeriod = v.pipe(
  v.object({ open: TimeOfDay, close: TimeOfDay }),
  v.check((p) => p.open < p.close, '开门时间必须早于关门时间'),
);

export const OpeningDay = v.object({
  weekday: Weekday,
  /** Empty means closed that day. */
  periods: v.array(OpeningPeriod),
});

export const HallWindow = v.object({
  id: NonEmptyText(20),
  name: NonEmptyText(60),
  floor: NonEmptyText(20),
  departmentId: v.optional(Id),
});
export type HallWindow = v.InferOutput<typeof HallWindow>;

export const HallSchema = v.object({
  ...RecordEnvelope,
  type: v.literal('hall'),
  name: NonEmptyText(80),
  kind: v.picklist(['service-hall', 'village-point'], "必须是 'service-hall' 或 'village-point'"),
  address: NonEmptyText(200),
  timezone: IanaTimeZone,
  openingHours: v.pipe(
    v.array(OpeningDay),
    v.check((days) => new Set(days.map((d) => d.weekday)).size === days.length, '每个星期几只能出现一次'),
  ),
  holidayNote: OptionalText(500),
  phones: v.array(PhoneEntry),
  windows: v.array(HallWindow),
  directions: OptionalText(1000),
});
export type Hall = v.InferOutput<typeof HallSchema>;
