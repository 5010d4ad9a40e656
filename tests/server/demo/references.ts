/** Cross-record checks shared by the demo and scaled dataset tests: every reference must resolve. */
import { createHash } from 'node:crypto';
import { mediaReferencedBy, validateRecord, formatProblems, type ContentRecord } from '../../../src/shared/content';
import type { DemoMedia } from '../../../src/server/demo';

export function problemsIn(dataset: { records: ContentRecord[]; media: DemoMedia[] }): string[] {
  const problems: string[] = [];
  const { records } = dataset;
  const keys = new Set<string>();
  for (const r of records) {
    const key = `${r.type}/${r.id}`;
    if (keys.has(key)) problems.push(`duplicate ${key}`);
    keys.add(key);
    const v = validateRecord(r);
    if (!v.ok) problems.push(`${key}: ${formatProblems(v.problems)}`);
  }
  const ids = (type: ContentRecord['type']) => new Set(records.filter((r) => r.type === type).map((r) => r.id));
  const fees = ids('fee');
  const departments = ids('department');
  const officials = ids('official');
  const halls = new Map(records.flatMap((r) => (r.type === 'hall' ? [[r.id, new Set(r.windows.map((w) => w.id))] as const] : [])));
  const media = new Map(dataset.media.map((m) => [createHash('sha256').update(m.bytes).digest('hex'), m]));
  for (const r of records) {
    const key = `${r.type}/${r.id}`;
    if (r.type === 'guide') {
      if (!departments.has(r.departmentId)) problems.push(`${key}: department ${r.departmentId} missing`);
      if (r.fees.kind === 'items') for (const id of r.fees.feeItemIds) if (!fees.has(id)) problems.push(`${key}: fee ${id} missing`);
      if (r.place.hallId && !halls.has(r.place.hallId)) problems.push(`${key}: hall ${r.place.hallId} missing`);
    }
    if ((r.type === 'fee' || r.type === 'official') && !departments.has(r.departmentId))
      problems.push(`${key}: department ${r.departmentId} missing`);
    if (r.type === 'dutyShift' || r.type === 'dutyException') {
      if (!halls.get(r.hallId)?.has(r.windowId)) problems.push(`${key}: window ${r.hallId}/${r.windowId} missing`);
      if (!officials.has(r.officialId)) problems.push(`${key}: official ${r.officialId} missing`);
      if (r.type === 'dutyException' && r.substituteOfficialId && !officials.has(r.substituteOfficialId))
        problems.push(`${key}: substitute ${r.substituteOfficialId} missing`);
    }
    for (const hash of mediaReferencedBy(r)) {
      if (!media.has(hash)) problems.push(`${key}: media ${hash} missing`);
    }
  }
  return problems;
}
