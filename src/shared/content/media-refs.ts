import type { ContentRecord, RecordType } from './index';

/** The record types whose records can refer to media: the kiosk downloads what these refer to. */
export const MEDIA_RECORD_TYPES = ['official', 'guide', 'hall'] as const satisfies readonly RecordType[];

/** Media hashes a record refers to (portraits, blank forms, samples, floor plans). */
export function mediaReferencedBy(record: ContentRecord): string[] {
  switch (record.type) {
    case 'official':
      return record.photo ? [record.photo.sha256] : [];
    case 'guide':
      return record.materials.flatMap((m) => [m.blankForm?.sha256, m.sample?.sha256].filter((h): h is string => !!h));
    case 'hall':
      return (record.floorPlans ?? []).map((plan) => plan.image.sha256);
    default:
      return [];
  }
}
