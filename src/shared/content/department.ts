import * as v from 'valibot';
import { EnglishName, NonEmptyText, OptionalText, PhoneEntry, RecordEnvelope } from './common';

export const DepartmentSchema = v.object({
  ...RecordEnvelope,
  type: v.literal('department'),
  name: NonEmptyText(80),
  shortName: NonEmptyText(20),
  nameEn: EnglishName(120),
  description: OptionalText(2000),
  address: OptionalText(200),
  phones: v.array(PhoneEntry),
  sortOrder: v.optional(v.pipe(v.number(), v.integer()), 0),
});
export type Department = v.InferOutput<typeof DepartmentSchema>;
