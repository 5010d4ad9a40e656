/**
 * FeedbackStore on PostgreSQL: the same tables and SQL as the SQLite store
 * (sqlite-feedback-store.ts), with "?" placeholders so that a query added
 * there can be copied here nearly as is. Differences: booleans are counted
 * with FILTER (PostgreSQL does not sum booleans) and "everything" is TRUE,
 * not 1. Exactly-once ingest holds across processes: the items insert is
 * ON CONFLICT DO NOTHING, so of two transactions storing the same id, the
 * second waits for the first and then stores nothing.
 */
import type { Pool } from 'pg';
import type { CalendarDay } from '../../../shared/workdays';
import { row, rows, run, transaction, type Queryable } from '../../store/postgres/sql';
import type { FeedbackStore, SatisfactionRow } from '../feedback-store';
import { localDateOf } from '../../../shared/workdays/local-date';
import type { CaseEvent, CaseFilter, FeedbackCase, IngestRow } from '../types';
import { caseFromRow, messageFromRow, ratingFromRow, type Row } from './feedback-rows';

const HALL_TIME_ZONE = 'Asia/Shanghai';
const CASE_OUTCOME_COLUMNS = 'opened_at, due_date, due_at, source_kind, department_id, state, closed_at, reply';

/** Adds (sign 1) or takes away (sign -1) one case's contribution to the daily outcomes (as the SQLite store does). */
async function countCase(db: Queryable, r: Row, sign: 1 | -1) {
  const closed = r.state === 'closed';
  await run(
    db,
    `INSERT INTO case_daily (day, due_date, source_kind, department_id, total, closed, closed_on_time, replied)
     VALUES (?,?,?,?,?,?,?,?)
     ON CONFLICT (day, due_date, source_kind, department_id) DO UPDATE SET total = case_daily.total + excluded.total,
       closed = case_daily.closed + excluded.closed, closed_on_time = case_daily.closed_on_time + excluded.closed_on_time,
       replied = case_daily.replied + excluded.replied`,
    [
      localDateOf(new Date(String(r.opened_at)), HALL_TIME_ZONE),
      String(r.due_date),
      String(r.source_kind),
      r.department_id == null ? '' : String(r.department_id),
      sign,
      closed ? sign : 0,
      closed && r.closed_at != null && String(r.closed_at) <= String(r.due_at) ? sign : 0,
      r.reply !== '' ? sign : 0,
    ],
  );
}

const caseRow = (c: FeedbackCase): Row => ({
  opened_at: c.openedAt,
  due_date: c.dueDate,
  due_at: c.dueAt,
  source_kind: c.sourceKind,
  department_id: c.departmentId,
  state: c.state,
  closed_at: c.closedAt,
  reply: c.reply,
});

function departmentClause(departments: string[] | null, column = 'department_id'): { sql: string; params: string[] } {
  if (departments === null) return { sql: 'TRUE', params: [] };
  if (departments.length === 0) return { sql: 'FALSE', params: [] };
  return { sql: `${column} IN (${departments.map(() => '?').join(',')})`, params: departments };
}

async function insertCase(db: Queryable, c: FeedbackCase) {
  await run(
    db,
    `INSERT INTO cases (id, source_kind, source_id, department_id, hall_id, kiosk_id, opened_at, due_date, due_at, state, summary,
       text, reasons, phone, rectification, reply, callback, closed_at, updated_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    [
      c.id,
      c.sourceKind,
      c.sourceId,
      c.departmentId,
      c.hallId,
      c.kioskId,
      c.openedAt,
      c.dueDate,
      c.dueAt,
      c.state,
      c.summary,
      c.text,
      JSON.stringify(c.reasons),
      c.phone,
      c.rectification,
      c.reply,
      c.callback ? JSON.stringify(c.callback) : null,
      c.closedAt,
      c.updatedAt,
    ],
  );
  await countCase(db, caseRow(c), 1);
}

export function createPostgresFeedbackStore(pool: Pool, options: { ownsPool?: boolean } = {}): FeedbackStore {
  const ingestRow = async (db: Queryable, row: IngestRow, receivedAt: string): Promise<boolean> => {
    const id = row.kind === 'rating' ? row.rating.id : row.kind === 'message' ? row.message.id : row.id;
    const kioskId = row.kind === 'rating' ? row.rating.kioskId : row.kind === 'message' ? row.message.kioskId : row.kioskId;
    const fresh = await run(db, 'INSERT INTO items (id, kind, kiosk_id, received_at) VALUES (?,?,?,?) ON CONFLICT (id) DO NOTHING', [
      id,
      row.kind,
      kioskId,
      receivedAt,
    ]);
    if (fresh === 0) return false;
    if (row.kind === 'rating') {
      const r = row.rating;
      await run(
        db,
        `INSERT INTO ratings (id, kiosk_id, hall_id, at, day, level, subject_type, subject_id, subject_title, department_id, reasons, text, phone)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        [
          r.id,
          r.kioskId,
          r.hallId,
          r.at,
          r.day,
          r.level,
          r.subjectType,
          r.subjectId,
          r.subjectTitle,
          r.departmentId,
          JSON.stringify(r.reasons),
          r.text,
          r.phone,
        ],
      );
      await run(
        db,
        `INSERT INTO rating_monthly (month, department_id, subject_type, subject_id, level, title, count) VALUES (?,?,?,?,?,?,1)
         ON CONFLICT (month, department_id, subject_type, subject_id, level) DO UPDATE SET count = rating_monthly.count + 1, title = excluded.title`,
        [r.day.slice(0, 7), r.departmentId ?? '', r.subjectType, r.subjectId, r.level, r.subjectTitle],
      );
      if (row.case) await insertCase(db, row.case);
    } else if (row.kind === 'message') {
      const m = row.message;
      await run(
        db,
        `INSERT INTO messages (id, kiosk_id, hall_id, at, day, category, department_id, text, phone) VALUES (?,?,?,?,?,?,?,?,?)`,
        [m.id, m.kioskId, m.hallId, m.at, m.day, m.category, m.departmentId, m.text, m.phone],
      );
      await insertCase(db, row.case);
    } else {
      for (const { key, n } of row.counts) {
        await run(
          db,
          `INSERT INTO usage_daily (kiosk_id, hall_id, day, event, target, count) VALUES (?,?,?,?,?,?)
           ON CONFLICT (event, day, kiosk_id, target) DO UPDATE SET count = usage_daily.count + excluded.count`,
          [row.kioskId, row.hallId, row.day, key.event, key.target, n],
        );
        await run(
          db,
          `INSERT INTO usage_monthly (event, month, target, count) VALUES (?,?,?,?)
           ON CONFLICT (event, month, target) DO UPDATE SET count = usage_monthly.count + excluded.count`,
          [key.event, row.day.slice(0, 7), key.target, n],
        );
        await run(
          db,
          `INSERT INTO usage_kiosk_daily (event, day, kiosk_id, count) VALUES (?,?,?,?)
           ON CONFLICT (event, day, kiosk_id) DO UPDATE SET count = usage_kiosk_daily.count + excluded.count`,
          [key.event, row.day, row.kioskId, n],
        );
      }
    }
    return true;
  };

  return {
    async ingest(ingestRows, receivedAt) {
      return transaction(pool, async (client) => {
        const stored: string[] = [];
        const duplicates: string[] = [];
        for (const r of ingestRows) {
          const id = r.kind === 'rating' ? r.rating.id : r.kind === 'message' ? r.message.id : r.id;
          if (await ingestRow(client, r, receivedAt)) stored.push(id);
          else duplicates.push(id);
        }
        return { stored, duplicates };
      });
    },
    async getRating(id) {
      const r = await row(pool, 'SELECT * FROM ratings WHERE id = ?', [id]);
      return r ? ratingFromRow(r) : null;
    },
    async getMessage(id) {
      const r = await row(pool, 'SELECT * FROM messages WHERE id = ?', [id]);
      return r ? messageFromRow(r) : null;
    },
    async countRatings() {
      return Number((await row(pool, 'SELECT count(*) AS n FROM ratings'))!.n);
    },

    async listCases(filter: CaseFilter) {
      const where: string[] = [];
      const params: unknown[] = [];
      const dept = departmentClause(filter.departments);
      where.push(dept.sql);
      params.push(...dept.params);
      if (filter.state) {
        where.push('state = ?');
        params.push(filter.state);
      }
      if (filter.sourceKind) {
        where.push('source_kind = ?');
        params.push(filter.sourceKind);
      }
      if (filter.overdueAt) {
        where.push("state != 'closed' AND due_at < ?");
        params.push(filter.overdueAt);
      }
      const found = await rows(
        pool,
        `SELECT * FROM cases WHERE ${where.join(' AND ')} ORDER BY state = 'closed', due_at, opened_at LIMIT ?`,
        [...params, Math.min(filter.limit ?? 500, 5000)],
      );
      return found.map(caseFromRow);
    },
    async getCase(id) {
      const r = await row(pool, 'SELECT * FROM cases WHERE id = ?', [id]);
      return r ? caseFromRow(r) : null;
    },
    async updateCase(id, expectedState, patch, event) {
      const sets: string[] = ['updated_at = ?'];
      const values: unknown[] = [patch.updatedAt];
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        values.push(value);
      };
      if (patch.state !== undefined) set('state', patch.state);
      if (patch.rectification !== undefined) set('rectification', patch.rectification);
      if (patch.reply !== undefined) set('reply', patch.reply);
      if (patch.callback !== undefined) set('callback', patch.callback ? JSON.stringify(patch.callback) : null);
      if (patch.closedAt !== undefined) set('closed_at', patch.closedAt);
      return transaction(pool, async (db) => {
        const before = await row(db, `SELECT ${CASE_OUTCOME_COLUMNS} FROM cases WHERE id = ? FOR UPDATE`, [id]);
        if (!before) return false;
        if ((await run(db, `UPDATE cases SET ${sets.join(', ')} WHERE id = ? AND state = ?`, [...values, id, expectedState])) !== 1)
          return false;
        await countCase(db, before, -1);
        await countCase(db, (await row(db, `SELECT ${CASE_OUTCOME_COLUMNS} FROM cases WHERE id = ?`, [id]))!, 1);
        if (event)
          await run(
            db,
            'INSERT INTO case_events (case_id, at, actor_id, actor_name, action, from_state, to_state, detail, audit) VALUES (?,?,?,?,?,?,?,?,?)',
            [
              id,
              event.at,
              event.actorId,
              event.actorName,
              event.action,
              event.fromState,
              event.toState,
              event.detail,
              event.audit ? JSON.stringify(event.audit) : null,
            ],
          );
        return true;
      });
    },
    async listCaseEvents(caseId) {
      return (await rows(pool, 'SELECT * FROM case_events WHERE case_id = ? ORDER BY seq', [caseId])).map((r) => ({
        caseId: String(r.case_id),
        at: String(r.at),
        actorId: String(r.actor_id),
        actorName: String(r.actor_name),
        action: String(r.action),
        fromState: r.from_state as CaseEvent['fromState'],
        toState: r.to_state as CaseEvent['toState'],
        detail: String(r.detail),
      }));
    },
    async pendingCaseAudits(limit) {
      return (
        await rows(pool, 'SELECT seq, audit FROM case_events WHERE audit IS NOT NULL AND audited_at IS NULL ORDER BY seq LIMIT ?', [limit])
      ).map((r) => ({ seq: Number(r.seq), audit: JSON.parse(String(r.audit)) }));
    },
    async markCaseAudited(seqs, at) {
      if (seqs.length === 0) return;
      await run(pool, `UPDATE case_events SET audited_at = ? WHERE seq IN (${seqs.map(() => '?').join(',')}) AND audited_at IS NULL`, [
        at,
        ...seqs,
      ]);
    },
    async recomputeOpenDeadlines(deadlineOf, updatedAt) {
      return transaction(pool, async (db) => {
        let moved = 0;
        for (const before of await rows(db, `SELECT id, ${CASE_OUTCOME_COLUMNS} FROM cases WHERE state != 'closed' FOR UPDATE`)) {
          const due = deadlineOf(String(before.opened_at));
          const dueAt = new Date(due.at).toISOString();
          if (due.date === before.due_date && dueAt === before.due_at) continue;
          await run(db, 'UPDATE cases SET due_date = ?, due_at = ?, updated_at = ? WHERE id = ?', [due.date, dueAt, updatedAt, before.id]);
          await countCase(db, before, -1);
          await countCase(db, { ...before, due_date: due.date, due_at: dueAt }, 1);
          moved++;
        }
        return moved;
      });
    },

    async listCalendar() {
      return (await rows(pool, 'SELECT date, kind, name FROM calendar ORDER BY date')).map((r) => ({
        date: String(r.date),
        kind: r.kind as CalendarDay['kind'],
        name: String(r.name),
      }));
    },
    async putCalendarDay(day) {
      await run(
        pool,
        'INSERT INTO calendar (date, kind, name) VALUES (?,?,?) ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name',
        [day.date, day.kind, day.name],
      );
    },
    async deleteCalendarDay(date) {
      return (await run(pool, 'DELETE FROM calendar WHERE date = ?', [date])) === 1;
    },

    async satisfaction(by, range) {
      const dept = departmentClause(range.departments, "nullif(department_id, '')");
      const group =
        by === 'department'
          ? 'department_id'
          : by === 'service'
            ? "subject_type || ':' || subject_id"
            : by === 'window'
              ? "CASE WHEN subject_type IN ('window','official') THEN subject_type || ':' || subject_id ELSE NULL END"
              : 'month';
      const found = await rows(
        pool,
        `SELECT ${group} AS key, max(title) AS label, sum(count) AS total,
           sum(CASE level WHEN 5 THEN count ELSE 0 END) AS l5, sum(CASE level WHEN 4 THEN count ELSE 0 END) AS l4,
           sum(CASE level WHEN 3 THEN count ELSE 0 END) AS l3, sum(CASE level WHEN 2 THEN count ELSE 0 END) AS l2,
           sum(CASE level WHEN 1 THEN count ELSE 0 END) AS l1
         FROM rating_monthly WHERE month BETWEEN ? AND ? AND ${dept.sql} AND ${group} IS NOT NULL
         GROUP BY 1 ORDER BY ${by === 'month' ? '1' : 'total DESC'} LIMIT 500`,
        [range.from.slice(0, 7), range.to.slice(0, 7), ...dept.params],
      );
      return found.map((r): SatisfactionRow => {
        const total = Number(r.total);
        const levels = { 5: Number(r.l5), 4: Number(r.l4), 3: Number(r.l3), 2: Number(r.l2), 1: Number(r.l1) };
        return {
          key: String(r.key),
          label: by === 'service' || by === 'window' ? String(r.label ?? r.key) : String(r.key),
          total,
          levels,
          satisfiedRate: total ? (levels[5] + levels[4] + levels[3]) / total : 0,
        };
      });
    },

    async caseRates(range) {
      const dept = departmentClause(range.departments, "nullif(department_id, '')");
      // A case is overdue once its due date (the end of that local day) is before today.
      const today = localDateOf(new Date(range.now), HALL_TIME_ZONE);
      const found = await rows(
        pool,
        `SELECT source_kind AS kind, sum(total) AS total, sum(closed) AS closed, sum(closed_on_time) AS on_time,
           sum(replied) AS replied, sum(CASE WHEN due_date < ? THEN total - closed ELSE 0 END) AS overdue
         FROM case_daily WHERE day BETWEEN ? AND ? AND ${dept.sql} GROUP BY source_kind`,
        [today, range.from, range.to, ...dept.params],
      );
      return (['rating', 'message'] as const).map((kind) => {
        const r = found.find((x) => x.kind === kind);
        return {
          kind,
          total: Number(r?.total ?? 0),
          closed: Number(r?.closed ?? 0),
          closedOnTime: Number(r?.on_time ?? 0),
          replied: Number(r?.replied ?? 0),
          overdueOpen: Number(r?.overdue ?? 0),
        };
      });
    },

    async usageByDay(range) {
      return (
        await rows(
          pool,
          `SELECT kiosk_id, day, count FROM usage_kiosk_daily WHERE event = ? AND day BETWEEN ? AND ? ORDER BY day, kiosk_id`,
          [range.event, range.from, range.to],
        )
      ).map((r) => ({ kioskId: String(r.kiosk_id), day: String(r.day), count: Number(r.count) }));
    },

    async usageTotals(range) {
      const args = [range.event, range.from, range.to];
      const where = 'event = ? AND day BETWEEN ? AND ?';
      const [byDay, byKiosk] = await Promise.all([
        rows(pool, `SELECT day, sum(count) AS count FROM usage_kiosk_daily WHERE ${where} GROUP BY day ORDER BY day`, args),
        rows(pool, `SELECT kiosk_id, sum(count) AS count FROM usage_kiosk_daily WHERE ${where} GROUP BY kiosk_id ORDER BY kiosk_id`, args),
      ]);
      return {
        byDay: byDay.map((r) => ({ day: String(r.day), count: Number(r.count) })),
        byKiosk: byKiosk.map((r) => ({ kioskId: String(r.kiosk_id), count: Number(r.count) })),
      };
    },

    async topTargets(range) {
      return (
        await rows(
          pool,
          `SELECT target, sum(count) AS count FROM usage_monthly WHERE event = ? AND month BETWEEN ? AND ? AND target != ''
           GROUP BY target ORDER BY count DESC LIMIT ?`,
          [range.event, range.from.slice(0, 7), range.to.slice(0, 7), range.limit],
        )
      ).map((r) => ({ target: String(r.target), count: Number(r.count) }));
    },

    async close() {
      if (options.ownsPool) await pool.end();
    },
  };
}
