/**
 * Row mapping shared by the console's SQLite and PostgreSQL stores: both
 * keep the same columns with the same types (flags as 0/1, times as ISO text,
 * lists as JSON text), so a row reads the same from either.
 */
import type {
  AuditEntry,
  AuditFilter,
  Draft,
  Kiosk,
  KioskAction,
  KioskScreenshot,
  Publication,
  Session,
  StoredAlert,
  StoredUser,
  User,
} from '../types';

export type Row = Record<string, unknown>;
export const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
export const parse = <T>(v: unknown): T => (v == null ? (null as T) : (JSON.parse(String(v)) as T));

export function userFromRow(r: Row): StoredUser {
  return {
    id: String(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    role: r.role as User['role'],
    departments: parse(r.departments),
    halls: parse(r.halls),
    disabled: r.disabled === 1,
    passwordHash: String(r.password_hash),
    createdAt: String(r.created_at),
  };
}

export function draftFromRow(r: Row): Draft {
  return {
    id: String(r.id),
    recordType: r.record_type as Draft['recordType'],
    recordId: String(r.record_id),
    op: r.op as Draft['op'],
    data: parse(r.data),
    baseVersion: (r.base_version as number | null) ?? null,
    state: r.state as Draft['state'],
    revision: Number(r.revision),
    authorId: String(r.author_id),
    reviewerId: (r.reviewer_id as string | null) ?? null,
    rejectReason: (r.reject_reason as string | null) ?? null,
    publishAt: (r.publish_at as string | null) ?? null,
    batchId: (r.batch_id as string | null) ?? null,
    batchRow: r.batch_row == null ? null : Number(r.batch_row),
    departmentId: (r.department_id as string | null) ?? null,
    hallId: (r.hall_id as string | null) ?? null,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    publishedSeq: (r.published_seq as number | null) ?? null,
  };
}

export function kioskFromRow(r: Row): Kiosk {
  return {
    id: String(r.id),
    hallId: String(r.hall_id),
    name: String(r.name),
    createdAt: String(r.created_at),
    lastSeenAt: (r.last_seen_at as string | null) ?? null,
    appVersion: (r.app_version as string | null) ?? null,
    cursor: (r.cursor as number | null) ?? null,
    storageUsed: (r.storage_used as number | null) ?? null,
    storageQuota: (r.storage_quota as number | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    onlineSince: (r.online_since as string | null) ?? null,
  };
}

export const DRAFT_COLUMNS: Record<string, string> = {
  recordType: 'record_type',
  recordId: 'record_id',
  op: 'op',
  data: 'data',
  baseVersion: 'base_version',
  state: 'state',
  revision: 'revision',
  authorId: 'author_id',
  reviewerId: 'reviewer_id',
  rejectReason: 'reject_reason',
  publishAt: 'publish_at',
  batchId: 'batch_id',
  departmentId: 'department_id',
  hallId: 'hall_id',
  updatedAt: 'updated_at',
  publishedSeq: 'published_seq',
};
export const USER_COLUMNS: Record<string, string> = {
  username: 'username',
  displayName: 'display_name',
  role: 'role',
  departments: 'departments',
  halls: 'halls',
  disabled: 'disabled',
  passwordHash: 'password_hash',
};

/** The WHERE clause of an audit query, without paging. */
/** SQLite's LIKE ignores ASCII case; PostgreSQL needs ILIKE for the same. */
export function auditWhere(f: AuditFilter, likeOperator: 'LIKE' | 'ILIKE'): { where: string[]; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  if (f.actor) {
    where.push('(actor_name = ? OR actor_id = ?)');
    values.push(f.actor, f.actor);
  }
  if (f.person) {
    // By display name or username, as people know each other; also matches the name typed at a failed login.
    const like = `%${f.person.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(
      `(actor_name ${likeOperator} ? ESCAPE '\\' OR actor_id IN (SELECT id FROM users WHERE display_name ${likeOperator} ? ESCAPE '\\' OR username ${likeOperator} ? ESCAPE '\\'))`,
    );
    values.push(like, like, like);
  }
  if (f.action) {
    where.push('action = ?');
    values.push(f.action);
  }
  if (f.targetType) {
    where.push('target_type = ?');
    values.push(f.targetType);
  }
  if (f.targetId) {
    where.push('target_id = ?');
    values.push(f.targetId);
  }
  if (f.from) {
    where.push('at >= ?');
    values.push(f.from);
  }
  if (f.to) {
    where.push('at < ?');
    values.push(f.to);
  }
  return { where, values };
}

export function sessionFromRow(r: Row): Session {
  return {
    idHash: String(r.id_hash),
    userId: String(r.user_id),
    csrfToken: String(r.csrf_token),
    createdAt: String(r.created_at),
    lastSeenAt: String(r.last_seen_at),
    expiresAt: String(r.expires_at),
  };
}

export function auditFromRow(r: Row): AuditEntry {
  return {
    id: Number(r.id),
    at: String(r.at),
    actorId: (r.actor_id as string | null) ?? null,
    actorName: String(r.actor_name),
    action: String(r.action),
    targetType: String(r.target_type),
    targetId: String(r.target_id),
    draftId: (r.draft_id as string | null) ?? null,
    changes: parse(r.changes),
    detail: (r.detail as string | null) ?? null,
  };
}

export function publicationFromRow(r: Row): Publication {
  return {
    id: Number(r.id),
    at: String(r.at),
    actorId: (r.actor_id as string | null) ?? null,
    fromSeq: Number(r.from_seq),
    toSeq: Number(r.to_seq),
    scopes: parse(r.scopes),
    summary: String(r.summary),
  };
}

export function actionFromRow(r: Row): KioskAction {
  return {
    id: Number(r.id),
    kioskId: String(r.kiosk_id),
    action: r.action as KioskAction['action'],
    state: r.state as KioskAction['state'],
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
    deliveredAt: (r.delivered_at as string | null) ?? null,
    doneAt: (r.done_at as string | null) ?? null,
    detail: (r.detail as string | null) ?? null,
  };
}

export function screenshotFromRow(r: Row): KioskScreenshot {
  return {
    id: Number(r.id),
    kioskId: String(r.kiosk_id),
    actionId: Number(r.action_id),
    takenAt: String(r.taken_at),
    type: String(r.type),
    size: Number(r.size),
    width: r.width == null ? null : Number(r.width),
    height: r.height == null ? null : Number(r.height),
  };
}

export function alertFromRow(r: Row): StoredAlert {
  return {
    id: Number(r.id),
    kioskId: String(r.kiosk_id),
    kioskName: String(r.kiosk_name),
    hallId: String(r.hall_id),
    kind: String(r.kind),
    message: String(r.message),
    raisedAt: String(r.raised_at),
    resolvedAt: (r.resolved_at as string | null) ?? null,
  };
}

/** Columns of kiosk_screenshots without the bytes (listing). */
export const SCREENSHOT_COLUMNS = 'id, kiosk_id, action_id, taken_at, type, size, width, height';
