/** Row mapping shared by the feedback store's SQLite and PostgreSQL implementations (same columns, same types). */
import type { FeedbackCase, StoredMessage, StoredRating } from '../types';

export type Row = Record<string, unknown>;
const str = (v: unknown) => (v == null ? null : String(v));

export function ratingFromRow(r: Row): StoredRating {
  return {
    id: String(r.id),
    kioskId: String(r.kiosk_id),
    hallId: String(r.hall_id),
    at: String(r.at),
    day: String(r.day),
    level: Number(r.level) as StoredRating['level'],
    subjectType: r.subject_type as StoredRating['subjectType'],
    subjectId: String(r.subject_id),
    subjectTitle: String(r.subject_title),
    departmentId: str(r.department_id),
    reasons: JSON.parse(String(r.reasons)),
    text: String(r.text),
    phone: str(r.phone),
  };
}

export function messageFromRow(r: Row): StoredMessage {
  return {
    id: String(r.id),
    kioskId: String(r.kiosk_id),
    hallId: String(r.hall_id),
    at: String(r.at),
    day: String(r.day),
    category: r.category as StoredMessage['category'],
    departmentId: String(r.department_id),
    text: String(r.text),
    phone: str(r.phone),
  };
}

export function caseFromRow(r: Row): FeedbackCase {
  return {
    id: String(r.id),
    sourceKind: r.source_kind as FeedbackCase['sourceKind'],
    sourceId: String(r.source_id),
    departmentId: str(r.department_id),
    hallId: String(r.hall_id),
    kioskId: String(r.kiosk_id),
    openedAt: String(r.opened_at),
    dueDate: String(r.due_date),
    dueAt: String(r.due_at),
    state: r.state as FeedbackCase['state'],
    summary: String(r.summary),
    text: String(r.text),
    reasons: JSON.parse(String(r.reasons)),
    phone: str(r.phone),
    rectification: String(r.rectification),
    reply: String(r.reply),
    callback: r.callback == null ? null : JSON.parse(String(r.callback)),
    closedAt: str(r.closed_at),
    updatedAt: String(r.updated_at),
  };
}
