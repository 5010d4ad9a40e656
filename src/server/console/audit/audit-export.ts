/**
 * The audit log as a spreadsheet (CSV or XLSX, every cell text): one row per
 * entry, times in hall time (Asia/Shanghai, with the offset written out), the
 * changes as "field: before → after" lines. Reads the log in pages of 1,000 so
 * a long export never holds more than one page of rows from the database.
 */
import type { ConsoleStore } from '../console-store';
import { writeCsv } from '../imports/csv';
import { writeXlsx } from '../imports/xlsx';
import type { AuditEntry, AuditFilter } from '../types';

export const AUDIT_EXPORT_MAX_ROWS = 100_000;
export const AUDIT_HEADER = ['编号', '时间（北京时间）', '操作人', '操作', '对象类型', '对象编号', '草稿', '说明', '改动'];

const HALL_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "2026-11-23 10:00:00+08:00": readable, sortable, and carries its zone. */
export function hallTime(iso: string): string {
  return `${HALL_TIME.format(new Date(iso))}+08:00`;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

function row(e: AuditEntry): string[] {
  return [
    String(e.id),
    hallTime(e.at),
    e.actorName,
    e.action,
    e.targetType,
    e.targetId,
    e.draftId ?? '',
    e.detail ?? '',
    e.changes.map((c) => `${c.field}: ${text(c.before)} → ${text(c.after)}`).join('\n'),
  ];
}

export async function exportAudit(
  store: ConsoleStore,
  filter: AuditFilter,
  format: 'csv' | 'xlsx',
): Promise<{ bytes: Uint8Array; contentType: string; rows: number }> {
  const rows: string[][] = [AUDIT_HEADER];
  let beforeId: number | undefined;
  for (;;) {
    const page = await store.listAudit({ ...filter, limit: 1000, ...(beforeId ? { beforeId } : {}) });
    for (const e of page) rows.push(row(e));
    if (page.length < 1000 || rows.length > AUDIT_EXPORT_MAX_ROWS) break;
    beforeId = page[page.length - 1]!.id;
  }
  const body = rows.slice(0, AUDIT_EXPORT_MAX_ROWS + 1);
  if (format === 'csv') {
    return { bytes: new TextEncoder().encode(writeCsv(body)), contentType: 'text/csv; charset=utf-8', rows: body.length - 1 };
  }
  return {
    bytes: await writeXlsx('审计日志', body),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    rows: body.length - 1,
  };
}
