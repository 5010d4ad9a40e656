/** Resolving the officials a duty record names, so its reach includes their departments (see authorize.ts). */
import type { Official, RecordType } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import { reachOf, type OfficialDepartment, type RecordReach } from './authorize';

const isDuty = (type: RecordType) => type === 'dutyShift' || type === 'dutyException';

/** Every published official's department, for checking many duty records at once. */
export async function officialDepartmentsOf(content: ContentStore): Promise<OfficialDepartment> {
  const byId = new Map((await content.listRecords<Official>('official')).map((o) => [o.id, o.departmentId]));
  return (id) => byId.get(id) ?? null;
}

/** The reach of one record, looking up the officials of a duty record. */
export async function resolveReach(content: ContentStore, type: RecordType, data: Record<string, unknown>): Promise<RecordReach> {
  if (!isDuty(type)) return reachOf(type, data);
  const ids = [data.officialId, data.substituteOfficialId].filter((id): id is string => typeof id === 'string' && id !== '');
  const found = new Map<string, string | null>();
  for (const id of ids) found.set(id, (await content.getRecord<Official>('official', id))?.departmentId ?? null);
  return reachOf(type, data, (id) => found.get(id) ?? null);
}
