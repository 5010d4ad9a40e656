/**
 * FeedbackStore on better-sqlite3, in its own file (<dataDir>/feedback.db):
 * ingest is write-heavy and must not slow the feed or the console. Every id a
 * kiosk sent is kept in `items` (the idempotency registry), so a retried batch
 * stores nothing twice. Usage is kept as daily counts per kiosk, which is what
 * every report reads; ratings and messages are kept whole.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Migration } from '../../store/migrations';
import { runSqliteMigrations } from '../../store/sqlite-migrations';
import type { CalendarDay } from '../../../shared/workdays';
import { localDateOf } from '../../../shared/workdays/local-date';
import type { FeedbackStore, SatisfactionRow } from '../feedback-store';
import type { CaseEvent, CaseFilter, FeedbackCase, IngestRow } from '../types';
import { caseFromRow, messageFromRow, ratingFromRow, type Row } from './feedback-rows';

/** Version 1: the tables every existing feedback.db has (CREATE … IF NOT EXISTS, so a no-op there). */
const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS items (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, kiosk_id TEXT NOT NULL, received_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ratings (
  id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, hall_id TEXT NOT NULL, at TEXT NOT NULL, day TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5), subject_type TEXT NOT NULL, subject_id TEXT NOT NULL,
  subject_title TEXT NOT NULL, department_id TEXT, reasons TEXT NOT NULL, text TEXT NOT NULL, phone TEXT
);
CREATE INDEX IF NOT EXISTS ratings_day ON ratings(day);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, hall_id TEXT NOT NULL, at TEXT NOT NULL, day TEXT NOT NULL,
  category TEXT NOT NULL, department_id TEXT NOT NULL, text TEXT NOT NULL, phone TEXT
);
CREATE INDEX IF NOT EXISTS messages_day ON messages(day);
CREATE TABLE IF NOT EXISTS usage_daily (
  kiosk_id TEXT NOT NULL, hall_id TEXT NOT NULL, day TEXT NOT NULL, event TEXT NOT NULL, target TEXT NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY (event, day, kiosk_id, target)
) WITHOUT ROWID;
-- Monthly roll-ups written in the ingest transaction: a year of reports reads a few thousand rows, not millions.
CREATE TABLE IF NOT EXISTS rating_monthly (
  month TEXT NOT NULL, department_id TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL,
  level INTEGER NOT NULL, title TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (month, department_id, subject_type, subject_id, level)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS usage_monthly (
  event TEXT NOT NULL, month TEXT NOT NULL, target TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (event, month, target)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY, source_kind TEXT NOT NULL, source_id TEXT NOT NULL UNIQUE, department_id TEXT,
  hall_id TEXT NOT NULL, kiosk_id TEXT NOT NULL, opened_at TEXT NOT NULL, due_date TEXT NOT NULL, due_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','rectifying','called-back','closed')), summary TEXT NOT NULL,
  text TEXT NOT NULL, reasons TEXT NOT NULL, phone TEXT, rectification TEXT NOT NULL, reply TEXT NOT NULL,
  callback TEXT, closed_at TEXT, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_state ON cases(state, due_at);
CREATE INDEX IF NOT EXISTS cases_opened ON cases(opened_at);
CREATE TABLE IF NOT EXISTS calendar (
  date TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')), name TEXT NOT NULL
);
`;
/** Version 2: the case work queue index, the daily case roll-up and the case history (issue 12). */
const SCHEMA_V2 = `
-- The work queue (state, then what is due first) without a sort.
DROP INDEX IF EXISTS cases_state;
CREATE INDEX IF NOT EXISTS cases_queue ON cases(state, due_at, opened_at);
-- Case outcomes per local day opened, kept in the same transaction as every case insert and change:
-- the rates report reads a few thousand rows instead of every case of the year.
CREATE TABLE IF NOT EXISTS case_daily (
  day TEXT NOT NULL, due_date TEXT NOT NULL, source_kind TEXT NOT NULL, department_id TEXT NOT NULL,
  total INTEGER NOT NULL, closed INTEGER NOT NULL, closed_on_time INTEGER NOT NULL, replied INTEGER NOT NULL,
  PRIMARY KEY (day, due_date, source_kind, department_id)
);
CREATE TABLE IF NOT EXISTS case_events (
  seq INTEGER PRIMARY KEY, case_id TEXT NOT NULL, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL,
  action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_events_case ON case_events(case_id, seq);
`;

/**
 * Version 3: usage per (event, day, kiosk) without the target, kept in the ingest transaction. Reports
 * of visits, searches, QR codes and prints read at most one row per kiosk and day, however many
 * guides the events name; filled once from usage_daily for databases from before it.
 */
const SCHEMA_V3 = `
CREATE TABLE IF NOT EXISTS usage_kiosk_daily (
  event TEXT NOT NULL, day TEXT NOT NULL, kiosk_id TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (event, day, kiosk_id)
) WITHOUT ROWID;
INSERT INTO usage_kiosk_daily (event, day, kiosk_id, count)
  SELECT event, day, kiosk_id, sum(count) FROM usage_daily GROUP BY event, day, kiosk_id
  ON CONFLICT (event, day, kiosk_id) DO UPDATE SET count = excluded.count;
`;

/**
 * Version 4: each case change carries the console audit entry it owes (written in the change's
 * transaction) until it is confirmed in console.db's audit log. Changes from before it were audited
 * the old way and carry none.
 */
const SCHEMA_V4 = `
ALTER TABLE case_events ADD COLUMN audit TEXT;
ALTER TABLE case_events ADD COLUMN audited_at TEXT;
CREATE INDEX IF NOT EXISTS case_events_unaudited ON case_events(seq) WHERE audit IS NOT NULL AND audited_at IS NULL;
`;

const HALL_TIME_ZONE = 'Asia/Shanghai';
const str = (v: unknown) => (v == null ? null : String(v));

/** feedback.db, in order. Add a version at the end; never edit one that shipped. */
const FEEDBACK_DB_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: SCHEMA_V1 },
  { version: 2, name: 'case-queue-daily-events', sql: SCHEMA_V2 },
  { version: 3, name: 'usage-kiosk-daily', sql: SCHEMA_V3 },
  { version: 4, name: 'case-audit-outbox', sql: SCHEMA_V4 },
];

/** "department_id IN (…)" for a user's scope; null scope = everything. */
function departmentClause(departments: string[] | null, column = 'department_id'): { sql: string; params: string[] } {
  if (departments === null) return { sql: '1', params: [] };
  if (departments.length === 0) return { sql: '0', params: [] };
  return { sql: `${column} IN (${departments.map(() => '?').join(',')})`, params: departments };
}

export function openSqliteFeedbackStore(options: { dataDir: string; fileName?: string }): FeedbackStore {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(join(options.dataDir, options.fileName ?? 'feedback.db'));
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable against a process crash (the e2e test kills the server); a power cut may lose the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  runSqliteMigrations(db, FEEDBACK_DB_MIGRATIONS, 'feedback.db');

  const insertItem = db.prepare('INSERT OR IGNORE INTO items (id, kind, kiosk_id, received_at) VALUES (?,?,?,?)');
  const insertRating = db.prepare(
    `INSERT INTO ratings (id, kiosk_id, hall_id, at, day, level, subject_type, subject_id, subject_title, department_id, reasons, text, phone)
     VALUES (@id, @kioskId, @hallId, @at, @day, @level, @subjectType, @subjectId, @subjectTitle, @departmentId, @reasons, @text, @phone)`,
  );
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, kiosk_id, hall_id, at, day, category, department_id, text, phone)
     VALUES (@id, @kioskId, @hallId, @at, @day, @category, @departmentId, @text, @phone)`,
  );
  const insertCase = db.prepare(
    `INSERT INTO cases (id, source_kind, source_id, department_id, hall_id, kiosk_id, opened_at, due_date, due_at, state, summary,
       text, reasons, phone, rectification, reply, callback, closed_at, updated_at)
     VALUES (@id, @sourceKind, @sourceId, @departmentId, @hallId, @kioskId, @openedAt, @dueDate, @dueAt, @state, @summary,
       @text, @reasons, @phone, @rectification, @reply, @callback, @closedAt, @updatedAt)`,
  );
  const addUsage = db.prepare(
    `INSERT INTO usage_daily (kiosk_id, hall_id, day, event, target, count) VALUES (?,?,?,?,?,?)
     ON CONFLICT (event, day, kiosk_id, target) DO UPDATE SET count = count + excluded.count`,
  );

  const addRatingMonth = db.prepare(
    `INSERT INTO rating_monthly (month, department_id, subject_type, subject_id, level, title, count) VALUES (?,?,?,?,?,?,1)
     ON CONFLICT (month, department_id, subject_type, subject_id, level) DO UPDATE SET count = count + 1, title = excluded.title`,
  );
  const addUsageKioskDay = db.prepare(
    `INSERT INTO usage_kiosk_daily (event, day, kiosk_id, count) VALUES (?,?,?,?)
     ON CONFLICT (event, day, kiosk_id) DO UPDATE SET count = count + excluded.count`,
  );
  const addUsageMonth = db.prepare(
    `INSERT INTO usage_monthly (event, month, target, count) VALUES (?,?,?,?)
     ON CONFLICT (event, month, target) DO UPDATE SET count = count + excluded.count`,
  );

  const addCaseDaily = db.prepare(
    `INSERT INTO case_daily (day, due_date, source_kind, department_id, total, closed, closed_on_time, replied)
     VALUES (@day, @dueDate, @kind, @dept, @total, @closed, @onTime, @replied)
     ON CONFLICT (day, due_date, source_kind, department_id) DO UPDATE SET total = total + excluded.total,
       closed = closed + excluded.closed, closed_on_time = closed_on_time + excluded.closed_on_time, replied = replied + excluded.replied`,
  );
  const caseOutcomeColumns = 'opened_at, due_date, due_at, source_kind, department_id, state, closed_at, reply';
  const selectCaseOutcome = db.prepare(`SELECT ${caseOutcomeColumns} FROM cases WHERE id = ?`);
  /** Adds (sign 1) or takes away (sign -1) one case's contribution to the daily outcomes. */
  const countCase = (r: Row, sign: 1 | -1) => {
    const closed = r.state === 'closed';
    addCaseDaily.run({
      day: localDateOf(new Date(String(r.opened_at)), HALL_TIME_ZONE),
      dueDate: String(r.due_date),
      kind: String(r.source_kind),
      dept: str(r.department_id) ?? '',
      total: sign,
      closed: closed ? sign : 0,
      onTime: closed && r.closed_at != null && String(r.closed_at) <= String(r.due_at) ? sign : 0,
      replied: r.reply !== '' ? sign : 0,
    });
  };
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
  // A database from before the roll-up: count its cases once.
  db.transaction(() => {
    if (db.prepare('SELECT 1 FROM case_daily LIMIT 1').get() || !db.prepare('SELECT 1 FROM cases LIMIT 1').get()) return;
    // all(), not iterate(): the connection cannot write while a statement is still reading.
    for (const r of db.prepare(`SELECT ${caseOutcomeColumns} FROM cases`).all() as Row[]) countCase(r, 1);
  })();

  const insertCaseEvent = db.prepare(
    'INSERT INTO case_events (case_id, at, actor_id, actor_name, action, from_state, to_state, detail, audit) VALUES (?,?,?,?,?,?,?,?,?)',
  );

  const caseParams = (c: FeedbackCase) => ({
    ...c,
    reasons: JSON.stringify(c.reasons),
    callback: c.callback ? JSON.stringify(c.callback) : null,
  });

  const ingestTx = db.transaction((rows: IngestRow[], receivedAt: string) => {
    const stored: string[] = [];
    const duplicates: string[] = [];
    // Usage counts of the new items, summed first: a batch of 500 events touches a few dozen counters.
    const daily = new Map<string, { kioskId: string; hallId: string; day: string; event: string; target: string; n: number }>();
    const monthly = new Map<string, { event: string; month: string; target: string; n: number }>();
    for (const row of rows) {
      const id = row.kind === 'rating' ? row.rating.id : row.kind === 'message' ? row.message.id : row.id;
      const kioskId = row.kind === 'rating' ? row.rating.kioskId : row.kind === 'message' ? row.message.kioskId : row.kioskId;
      if (insertItem.run(id, row.kind, kioskId, receivedAt).changes === 0) {
        duplicates.push(id);
        continue;
      }
      stored.push(id);
      if (row.kind === 'rating') {
        const r = row.rating;
        insertRating.run({ ...r, reasons: JSON.stringify(r.reasons) });
        addRatingMonth.run(r.day.slice(0, 7), r.departmentId ?? '', r.subjectType, r.subjectId, r.level, r.subjectTitle);
        if (row.case) {
          insertCase.run(caseParams(row.case));
          countCase(caseRow(row.case), 1);
        }
      } else if (row.kind === 'message') {
        insertMessage.run(row.message);
        insertCase.run(caseParams(row.case));
        countCase(caseRow(row.case), 1);
      } else {
        for (const { key, n } of row.counts) {
          const dailyKey = `${row.kioskId}\u0000${row.day}\u0000${key.event}\u0000${key.target}`;
          const d = daily.get(dailyKey);
          if (d) d.n += n;
          else daily.set(dailyKey, { kioskId: row.kioskId, hallId: row.hallId, day: row.day, event: key.event, target: key.target, n });
          const month = row.day.slice(0, 7);
          const monthKey = `${month}\u0000${key.event}\u0000${key.target}`;
          const m = monthly.get(monthKey);
          if (m) m.n += n;
          else monthly.set(monthKey, { event: key.event, month, target: key.target, n });
        }
      }
    }
    const kioskDaily = new Map<string, { event: string; day: string; kioskId: string; n: number }>();
    for (const d of daily.values()) {
      addUsage.run(d.kioskId, d.hallId, d.day, d.event, d.target, d.n);
      const key = `${d.event}\u0000${d.day}\u0000${d.kioskId}`;
      const k = kioskDaily.get(key);
      if (k) k.n += d.n;
      else kioskDaily.set(key, { event: d.event, day: d.day, kioskId: d.kioskId, n: d.n });
    }
    for (const k of kioskDaily.values()) addUsageKioskDay.run(k.event, k.day, k.kioskId, k.n);
    for (const m of monthly.values()) addUsageMonth.run(m.event, m.month, m.target, m.n);
    return { stored, duplicates };
  });

  return {
    async ingest(rows, receivedAt) {
      return ingestTx(rows, receivedAt);
    },
    async getRating(id) {
      const r = db.prepare('SELECT * FROM ratings WHERE id = ?').get(id) as Row | undefined;
      return r ? ratingFromRow(r) : null;
    },
    async getMessage(id) {
      const r = db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as Row | undefined;
      return r ? messageFromRow(r) : null;
    },
    async countRatings() {
      return Number((db.prepare('SELECT count(*) AS n FROM ratings').get() as Row).n);
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
      const rows = db
        .prepare(
          `SELECT * FROM cases WHERE ${where.join(' AND ')} ORDER BY ${filter.state ? '' : "state = 'closed', "}due_at, opened_at LIMIT ?`,
        )
        .all(...params, Math.min(filter.limit ?? 500, 5000)) as Row[];
      return rows.map(caseFromRow);
    },
    async getCase(id) {
      const r = db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as Row | undefined;
      return r ? caseFromRow(r) : null;
    },
    async updateCase(id, expectedState, patch, event) {
      const sets: string[] = ['updated_at = @updatedAt'];
      if (patch.state !== undefined) sets.push('state = @state');
      if (patch.rectification !== undefined) sets.push('rectification = @rectification');
      if (patch.reply !== undefined) sets.push('reply = @reply');
      if (patch.callback !== undefined) sets.push('callback = @callback');
      if (patch.closedAt !== undefined) sets.push('closed_at = @closedAt');
      const update = db.prepare(`UPDATE cases SET ${sets.join(', ')} WHERE id = @id AND state = @expectedState`);
      const params = {
        id,
        expectedState,
        updatedAt: patch.updatedAt,
        state: patch.state ?? null,
        rectification: patch.rectification ?? null,
        reply: patch.reply ?? null,
        callback: patch.callback ? JSON.stringify(patch.callback) : null,
        closedAt: patch.closedAt ?? null,
      };
      return db.transaction(() => {
        const before = selectCaseOutcome.get(id) as Row | undefined;
        if (!before || update.run(params).changes !== 1) return false;
        countCase(before, -1);
        countCase(selectCaseOutcome.get(id) as Row, 1);
        if (event)
          insertCaseEvent.run(
            id,
            event.at,
            event.actorId,
            event.actorName,
            event.action,
            event.fromState,
            event.toState,
            event.detail,
            event.audit ? JSON.stringify(event.audit) : null,
          );
        return true;
      })();
    },
    async listCaseEvents(caseId) {
      return (db.prepare('SELECT * FROM case_events WHERE case_id = ? ORDER BY seq').all(caseId) as Row[]).map((r) => ({
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
        db
          .prepare('SELECT seq, audit FROM case_events WHERE audit IS NOT NULL AND audited_at IS NULL ORDER BY seq LIMIT ?')
          .all(limit) as Row[]
      ).map((r) => ({ seq: Number(r.seq), audit: JSON.parse(String(r.audit)) }));
    },
    async markCaseAudited(seqs, at) {
      const mark = db.prepare('UPDATE case_events SET audited_at = ? WHERE seq = ? AND audited_at IS NULL');
      db.transaction(() => seqs.forEach((seq) => mark.run(at, seq)))();
    },

    async recomputeOpenDeadlines(deadlineOf, updatedAt) {
      const setDeadline = db.prepare('UPDATE cases SET due_date = ?, due_at = ?, updated_at = ? WHERE id = ?');
      return db.transaction(() => {
        let moved = 0;
        const open = db.prepare(`SELECT id, ${caseOutcomeColumns} FROM cases WHERE state != 'closed'`).all() as Row[];
        for (const before of open) {
          const due = deadlineOf(String(before.opened_at));
          const dueAt = new Date(due.at).toISOString();
          if (due.date === before.due_date && dueAt === before.due_at) continue;
          setDeadline.run(due.date, dueAt, updatedAt, before.id);
          countCase(before, -1);
          countCase({ ...before, due_date: due.date, due_at: dueAt }, 1);
          moved++;
        }
        return moved;
      })();
    },

    async listCalendar() {
      return (db.prepare('SELECT date, kind, name FROM calendar ORDER BY date').all() as Row[]).map((r) => ({
        date: String(r.date),
        kind: r.kind as CalendarDay['kind'],
        name: String(r.name),
      }));
    },
    async putCalendarDay(day) {
      db.prepare(
        'INSERT INTO calendar (date, kind, name) VALUES (?,?,?) ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name',
      ).run(day.date, day.kind, day.name);
    },
    async deleteCalendarDay(date) {
      return db.prepare('DELETE FROM calendar WHERE date = ?').run(date).changes === 1;
    },

    /** Whole months: the months of range.from to range.to (the roll-up is monthly). */
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
      const rows = db
        .prepare(
          `SELECT ${group} AS key, max(title) AS label, sum(count) AS total,
             sum(CASE level WHEN 5 THEN count ELSE 0 END) AS l5, sum(CASE level WHEN 4 THEN count ELSE 0 END) AS l4,
             sum(CASE level WHEN 3 THEN count ELSE 0 END) AS l3, sum(CASE level WHEN 2 THEN count ELSE 0 END) AS l2,
             sum(CASE level WHEN 1 THEN count ELSE 0 END) AS l1
           FROM rating_monthly WHERE month BETWEEN ? AND ? AND ${dept.sql} AND ${group} IS NOT NULL
           GROUP BY key ORDER BY ${by === 'month' ? 'key' : 'total DESC'} LIMIT 500`,
        )
        .all(range.from.slice(0, 7), range.to.slice(0, 7), ...dept.params) as Row[];
      return rows.map((r): SatisfactionRow => {
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
      const rows = db
        .prepare(
          `SELECT source_kind AS kind, sum(total) AS total, sum(closed) AS closed, sum(closed_on_time) AS on_time,
             sum(replied) AS replied, sum(CASE WHEN due_date < ? THEN total - closed ELSE 0 END) AS overdue
           FROM case_daily WHERE day BETWEEN ? AND ? AND ${dept.sql} GROUP BY source_kind`,
        )
        .all(today, range.from, range.to, ...dept.params) as Row[];
      return (['rating', 'message'] as const).map((kind) => {
        const r = rows.find((x) => x.kind === kind);
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
        db
          .prepare(
            `SELECT kiosk_id AS kioskId, day, count FROM usage_kiosk_daily
             WHERE event = ? AND day BETWEEN ? AND ? ORDER BY day, kiosk_id`,
          )
          .all(range.event, range.from, range.to) as Row[]
      ).map((r) => ({ kioskId: String(r.kioskId), day: String(r.day), count: Number(r.count) }));
    },

    async usageTotals(range) {
      const args = [range.event, range.from, range.to];
      const where = 'event = ? AND day BETWEEN ? AND ?';
      const byDay = db
        .prepare(`SELECT day, sum(count) AS count FROM usage_kiosk_daily WHERE ${where} GROUP BY day ORDER BY day`)
        .all(...args) as Row[];
      const byKiosk = db
        .prepare(`SELECT kiosk_id, sum(count) AS count FROM usage_kiosk_daily WHERE ${where} GROUP BY kiosk_id ORDER BY kiosk_id`)
        .all(...args) as Row[];
      return {
        byDay: byDay.map((r) => ({ day: String(r.day), count: Number(r.count) })),
        byKiosk: byKiosk.map((r) => ({ kioskId: String(r.kiosk_id), count: Number(r.count) })),
      };
    },

    /** Whole months, like satisfaction. */
    async topTargets(range) {
      return (
        db
          .prepare(
            `SELECT target, sum(count) AS count FROM usage_monthly WHERE event = ? AND month BETWEEN ? AND ? AND target != ''
             GROUP BY target ORDER BY count DESC LIMIT ?`,
          )
          .all(range.event, range.from.slice(0, 7), range.to.slice(0, 7), range.limit) as Row[]
      ).map((r) => ({ target: String(r.target), count: Number(r.count) }));
    },

    async close() {
      db.close();
    },
  };
}
