/**
 * Who may touch which record. The record's own fields decide: departmentId
 * for fees, guides, officials and notices; for duty rosters the hall and the
 * department of each official named (an editor of 民政 records leave and
 * substitutions for 民政's officials only); halls and departments themselves
 * are admin-only. A draft that moves a record from one department to another
 * needs rights on both.
 */
import type { RecordType } from '../../../shared/content';
import type { User } from '../types';

export interface RecordReach {
  departmentId: string | null;
  hallId: string | null;
  /** Duty records: the departments of the officials they name (null: no such official). */
  officialDepartments?: (string | null)[];
}

/** Finds an official's department, for the reach of duty records (see officialDepartmentsOf in reach.ts). */
export type OfficialDepartment = (officialId: string) => string | null;

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function reachOf(type: RecordType, data: Record<string, unknown>, officialDepartment?: OfficialDepartment): RecordReach {
  const scope = str(data.scope);
  const scopeHall = scope?.startsWith('hall:') ? scope.slice(5) : null;
  switch (type) {
    case 'hall':
      return { departmentId: null, hallId: str(data.id) };
    case 'department':
      return { departmentId: str(data.id), hallId: null };
    case 'dutyShift':
    case 'dutyException': {
      const officials = [str(data.officialId), str(data.substituteOfficialId)].filter((id): id is string => id !== null);
      return {
        departmentId: null,
        hallId: str(data.hallId),
        ...(officialDepartment ? { officialDepartments: officials.map(officialDepartment) } : {}),
      };
    }
    default:
      return { departmentId: str(data.departmentId), hallId: scopeHall };
  }
}

function isUnrestricted(user: User): boolean {
  return user.departments === null && user.halls === null;
}

export function canEdit(user: User, type: RecordType, reach: RecordReach): boolean {
  if (user.disabled) return false;
  if (user.role === 'admin') return true;
  if (type === 'hall' || type === 'department') return false;
  if (type === 'dutyShift' || type === 'dutyException') {
    if (isUnrestricted(user)) return true;
    if (user.halls !== null && (reach.hallId === null || !user.halls.includes(reach.hallId))) return false;
    if (user.departments === null) return true;
    // Unresolved officials deny; a new roster entry that names nobody yet may be started by anyone with the hall.
    if (!reach.officialDepartments) return false;
    return reach.officialDepartments.every((d) => d !== null && user.departments!.includes(d));
  }
  if (reach.hallId !== null && user.halls !== null && !user.halls.includes(reach.hallId)) return false;
  if (user.departments === null) return true;
  return reach.departmentId !== null && user.departments.includes(reach.departmentId);
}

export function canReview(user: User, type: RecordType, reach: RecordReach): boolean {
  return (user.role === 'reviewer' || user.role === 'admin') && canEdit(user, type, reach);
}
