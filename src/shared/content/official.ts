import * as v from 'valibot';
import { Id, MediaRef, NonEmptyText, OptionalText, Phone, RecordEnvelope } from './common';

export const OfficialSchema = v.object({
  ...RecordEnvelope,
  type: v.literal('official'),
  name: NonEmptyText(40),
  title: NonEmptyText(60),
  departmentId: Id,
  photo: v.optional(v.nullable(MediaRef), null),
  /** Usual window in the hall (the duty board says where they are today). */
  window: OptionalText(20),
  phone: Phone,
  duties: v.array(NonEmptyText(200)),
  bio: OptionalText(500),
});
export type Official = v.InferOutput<typeof OfficialSchema>;
