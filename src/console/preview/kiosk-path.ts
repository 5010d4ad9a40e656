/** The kiosk screen that shows a record, where a preview of its draft opens. */
import type { RecordType } from '../../shared/content';

export function kioskPathFor(type: RecordType, id: string, data: Record<string, unknown>, withdrawn: boolean): string {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const department = text(data.departmentId);
  switch (type) {
    case 'guide':
      return withdrawn ? '/guides' : `/guides/${encodeURIComponent(id)}`;
    case 'fee':
      return department ? `/fees?dept=${encodeURIComponent(department)}` : '/fees';
    case 'notice':
      return withdrawn ? '/notices' : `/notices/${encodeURIComponent(id)}`;
    case 'official':
    case 'dutyShift':
    case 'dutyException':
      return '/duty';
    case 'department':
      return withdrawn ? '/guides' : `/guides?dept=${encodeURIComponent(id)}`;
    case 'lexicon':
      return '/search';
    default:
      return '/';
  }
}
