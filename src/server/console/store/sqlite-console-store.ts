/**
 * ConsoleStore on better-sqlite3, in the feed's database (see
 * sqlite-console-schema.ts for why one file). Times are stored as UTC ISO
 * strings (they compare correctly as text and carry their zone, "Z").
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleStore } from '../console-store';
import { DraftRevisionConflictError, type ConsoleWrites, type DraftUpdate } from '../publish-store';
import { sqliteShortLivedStore } from './sqlite-short-lived-store';
import { DATABASE_FILE, ensureConsoleSchema, importLegacyConsoleDb } from './sqlite-console-schema';
import {
  DRAFT_COLUMNS,
  USER_COLUMNS,
  actionFromRow,
  auditWhere,
  draftFromRow,
  json,
  kioskFromRow,
  parse,
  userFromRow,
  type Row,
  SCREENSHOT_COLUMNS,
  alertFromRow,
  screenshotFromRow,
} from './console-rows';
import type {
  AuditEntry,
  AuditInput,
  Draft,
  Heartbeat,
  KioskReport,
  Publication,
  ScheduledExpiry,
  StoredAlert,
  StoredKioskSettings,
  UserSecurity,
} from '../types';

/**
 * Opens the console tables in <dataDir>/content.db on a connection of its own
 * (a tool such as admin-create next to a running server), migrating a legacy
 * console.db first.
 */
export function openSqliteConsoleStore(options: { dataDir: string; fileName?: string; now?: () => Date }): ConsoleStore {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(join(options.dataDir, options.fileName ?? DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const now = options.now ?? (() => new Date());
  prepareConsoleTables(db, options.dataDir, now());
  return createSqliteConsoleStore(db, { now, ownsConnection: true });
}

/** Creates the console tables if missing and copies in a legacy console.db. */
export function prepareConsoleTables(db: Database.Database, dataDir: string, now: Date): number | null {
  ensureConsoleSchema(db);
  return importLegacyConsoleDb(db, dataDir, now);
}

/**
 * The console's synchronous writes on a connection, for use inside a
 * transaction someone else opened (the publish transaction).
 */
export function sqliteConsoleWriter(db: Database.Database, now: () => Date) {
  const insertAudit = db.prepare(
    'INSERT INTO audit (at, actor_id, actor_name, action, target_type, target_id, draft_id, changes, detail) VALUES (?,?,?,?,?,?,?,?,?)',
  );
  const appendAuditSync = (entries: AuditInput[] | undefined) => {
    for (const e of entries ?? []) {
      insertAudit.run(
        now().toISOString(),
        e.actorId,
        e.actorName,
        e.action,
        e.targetType,
        e.targetId,
        e.draftId ?? null,
        JSON.stringify(e.changes ?? []),
        e.detail ?? null,
      );
    }
  };
  const insertDraft =
    db.prepare(`INSERT INTO drafts (id, record_type, record_id, op, data, base_version, state, revision, author_id, reviewer_id,
    reject_reason, publish_at, batch_id, batch_row, department_id, hall_id, created_at, updated_at, published_seq)
    VALUES (@id,@recordType,@recordId,@op,@data,@baseVersion,@state,@revision,@authorId,@reviewerId,@rejectReason,@publishAt,@batchId,
    @batchRow,@departmentId,@hallId,@createdAt,@updatedAt,@publishedSeq)`);
  const insertDrafts = (drafts: Draft[]) => {
    for (const d of drafts) insertDraft.run({ ...d, data: JSON.stringify(d.data) });
  };

  /** false when the stored revision is not the expected one (nothing written). */
  const updateDraft = (update: DraftUpdate): boolean => {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(update.patch)) {
      const column = DRAFT_COLUMNS[key];
      if (!column) continue;
      sets.push(`${column} = ?`);
      values.push(key === 'data' ? JSON.stringify(value) : value);
    }
    if (!sets.length)
      return db.prepare('SELECT 1 FROM drafts WHERE id = ? AND revision = ?').get(update.id, update.expectedRevision) !== undefined;
    return (
      db.prepare(`UPDATE drafts SET ${sets.join(', ')} WHERE id = ? AND revision = ?`).run(...values, update.id, update.expectedRevision)
        .changes === 1
    );
  };

  const insertPublication = db.prepare('INSERT INTO publications (at, actor_id, from_seq, to_seq, scopes, summary) VALUES (?,?,?,?,?,?)');
  const recordPublication = (p: Omit<Publication, 'id'>): Publication => {
    const result = insertPublication.run(p.at, p.actorId, p.fromSeq, p.toSeq, JSON.stringify(p.scopes), p.summary);
    return { ...p, id: Number(result.lastInsertRowid) };
  };
  const scheduleExpiry = db.prepare('INSERT OR REPLACE INTO expiries (record_type, record_id, at) VALUES (?,?,?)');
  const cancelExpiry = db.prepare('DELETE FROM expiries WHERE record_type = ? AND record_id = ?');

  /** Must run inside a transaction: throws DraftRevisionConflictError so that the caller's transaction rolls back. */
  const applyWrites = (writes: ConsoleWrites): Publication | null => {
    insertDrafts(writes.newDrafts ?? []);
    for (const update of writes.drafts ?? []) if (!updateDraft(update)) throw new DraftRevisionConflictError(update.id);
    appendAuditSync(writes.audit);
    for (const e of writes.cancelExpiries ?? []) cancelExpiry.run(e.recordType, e.recordId);
    for (const e of writes.scheduleExpiries ?? []) scheduleExpiry.run(e.recordType, e.recordId, e.at);
    return writes.publication ? recordPublication(writes.publication) : null;
  };

  return { appendAuditSync, insertDrafts, updateDraft, recordPublication, scheduleExpiry, cancelExpiry, applyWrites };
}

/** A ConsoleStore on an open connection; closes it on close() only when it owns it. */
export function createSqliteConsoleStore(
  db: Database.Database,
  options: { now?: () => Date; ownsConnection?: boolean } = {},
): ConsoleStore {
  const now = options.now ?? (() => new Date());
  const writer = sqliteConsoleWriter(db, now);
  const { appendAuditSync } = writer;
  const tx = <A extends unknown[], R>(fn: (...args: A) => R) => db.transaction(fn);

  const store: ConsoleStore = {
    ...sqliteShortLivedStore(db),
    async createUser(user, audit) {
      tx(() => {
        db.prepare(
          `INSERT INTO users (id, username, display_name, role, departments, halls, disabled, password_hash, created_at)
          VALUES (?,?,?,?,?,?,?,?,?)`,
        ).run(
          user.id,
          user.username,
          user.displayName,
          user.role,
          json(user.departments),
          json(user.halls),
          user.disabled ? 1 : 0,
          user.passwordHash,
          user.createdAt,
        );
        appendAuditSync(audit);
      })();
    },
    async getUser(id) {
      const r = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
      return r ? userFromRow(r) : null;
    },
    async getUserByUsername(username) {
      const r = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
      return r ? userFromRow(r) : null;
    },
    async listUsers() {
      return (db.prepare('SELECT * FROM users ORDER BY username').all() as Row[]).map((r) => {
        const { passwordHash: _omit, ...user } = userFromRow(r);
        return user;
      });
    },
    async updateUser(id, patch, audit) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [key, value] of Object.entries(patch)) {
        const column = USER_COLUMNS[key];
        if (!column) continue;
        sets.push(`${column} = ?`);
        values.push(key === 'departments' || key === 'halls' ? json(value) : key === 'disabled' ? (value ? 1 : 0) : value);
      }
      tx(() => {
        if (sets.length) db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
        appendAuditSync(audit);
      })();
    },
    async getUserSecurity(userId) {
      const r = db.prepare('SELECT * FROM user_security WHERE user_id = ?').get(userId) as Row | undefined;
      return {
        mustChangePassword: r?.must_change_password === 1,
        totpSecret: (r?.totp_secret as string | null | undefined) ?? null,
        totpPendingSecret: (r?.totp_pending_secret as string | null | undefined) ?? null,
        totpLastCounter: (r?.totp_last_counter as number | null | undefined) ?? null,
      };
    },
    async setUserSecurity(userId, patch, audit) {
      const current = await store.getUserSecurity(userId);
      const next: UserSecurity = { ...current, ...patch };
      tx(() => {
        db.prepare(
          `INSERT INTO user_security (user_id, must_change_password, totp_secret, totp_pending_secret, totp_last_counter)
          VALUES (?,?,?,?,?) ON CONFLICT(user_id) DO UPDATE SET must_change_password = excluded.must_change_password,
          totp_secret = excluded.totp_secret, totp_pending_secret = excluded.totp_pending_secret,
          totp_last_counter = excluded.totp_last_counter`,
        ).run(userId, next.mustChangePassword ? 1 : 0, next.totpSecret, next.totpPendingSecret, next.totpLastCounter);
        appendAuditSync(audit);
      })();
    },
    async countAdmins() {
      return Number((db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as Row).n);
    },

    async createSession(s) {
      db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?,?,?,?,?,?)').run(
        s.idHash,
        s.userId,
        s.csrfToken,
        s.createdAt,
        s.lastSeenAt,
        s.expiresAt,
      );
    },
    async getSession(idHash) {
      const r = db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
      return r
        ? {
            idHash: String(r.id_hash),
            userId: String(r.user_id),
            csrfToken: String(r.csrf_token),
            createdAt: String(r.created_at),
            lastSeenAt: String(r.last_seen_at),
            expiresAt: String(r.expires_at),
          }
        : null;
    },
    async touchSession(idHash, lastSeenAt) {
      db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(lastSeenAt, idHash);
    },
    async deleteSession(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },
    async deleteSessionsOfUser(userId) {
      db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    },
    async deleteOtherSessionsOfUser(userId, keepIdHash) {
      db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?').run(userId, keepIdHash);
    },

    async insertDrafts(drafts, audit) {
      tx(() => {
        writer.insertDrafts(drafts);
        appendAuditSync(audit);
      })();
    },
    async getDraft(id) {
      const r = db.prepare('SELECT * FROM drafts WHERE id = ?').get(id) as Row | undefined;
      return r ? draftFromRow(r) : null;
    },
    async listDrafts(filter = {}) {
      const where: string[] = [];
      const values: unknown[] = [];
      if (filter.state) {
        const states = Array.isArray(filter.state) ? filter.state : [filter.state];
        where.push(`state IN (${states.map(() => '?').join(',')})`);
        values.push(...states);
      }
      if (filter.recordType) {
        where.push('record_type = ?');
        values.push(filter.recordType);
      }
      if (filter.recordId) {
        where.push('record_id = ?');
        values.push(filter.recordId);
      }
      if (filter.authorId) {
        where.push('author_id = ?');
        values.push(filter.authorId);
      }
      if (filter.batchId) {
        where.push('batch_id = ?');
        values.push(filter.batchId);
      }
      if (filter.dueBefore) {
        where.push('publish_at IS NOT NULL AND publish_at <= ?');
        values.push(filter.dueBefore);
      }
      // No limit unless asked: a batch or the due list cut short would be published in part.
      const limit = filter.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
      const sql = `SELECT * FROM drafts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id${limit}`;
      return (db.prepare(sql).all(...values) as Row[]).map(draftFromRow);
    },
    async updateDraft(id, expectedRevision, patch, audit) {
      return tx(() => {
        if (!writer.updateDraft({ id, expectedRevision, patch })) return false;
        appendAuditSync(audit);
        return true;
      })();
    },
    async updateDrafts(updates, audit) {
      try {
        tx(() => writer.applyWrites({ drafts: updates, audit: audit ?? [] })).immediate();
        return true;
      } catch (err) {
        if (err instanceof DraftRevisionConflictError) return false;
        throw err;
      }
    },
    async openDraftsOf(recordType, recordId) {
      return (
        db
          .prepare("SELECT * FROM drafts WHERE record_type = ? AND record_id = ? AND state IN ('draft','submitted','approved')")
          .all(recordType, recordId) as Row[]
      ).map(draftFromRow);
    },

    async appendAudit(entries) {
      tx(() => appendAuditSync(entries))();
    },
    async listAudit(f) {
      const { where, values } = auditWhere(f, 'LIKE');
      if (f.beforeId) {
        where.push('id < ?');
        values.push(f.beforeId);
      }
      if (f.afterId) {
        where.push('id > ?');
        values.push(f.afterId);
      }
      // Paging towards newer rows reads oldest first, then turns the page round.
      const order = f.afterId && !f.beforeId ? 'ASC' : 'DESC';
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${order} LIMIT ?`;
      const rows = (db.prepare(sql).all(...values, Math.min(f.limit ?? 100, 1000)) as Row[]).map((r): AuditEntry => ({
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
      }));
      return order === 'ASC' ? rows.reverse() : rows;
    },
    async countAudit(f) {
      const { where, values } = auditWhere(f, 'LIKE');
      const sql = `SELECT count(*) AS n FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
      return Number((db.prepare(sql).get(...values) as Row).n);
    },

    async recordPublication(p) {
      return writer.recordPublication(p);
    },
    async listPublications(limit) {
      return (db.prepare('SELECT * FROM publications ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map((r): Publication => ({
        id: Number(r.id),
        at: String(r.at),
        actorId: (r.actor_id as string | null) ?? null,
        fromSeq: Number(r.from_seq),
        toSeq: Number(r.to_seq),
        scopes: parse(r.scopes),
        summary: String(r.summary),
      }));
    },
    async scheduleExpiry(e) {
      writer.scheduleExpiry.run(e.recordType, e.recordId, e.at);
    },
    async cancelExpiry(recordType, recordId) {
      writer.cancelExpiry.run(recordType, recordId);
    },
    async dueExpiries(at) {
      return (db.prepare('SELECT * FROM expiries WHERE at <= ? ORDER BY at').all(at) as Row[]).map((r) => ({
        recordType: r.record_type as ScheduledExpiry['recordType'],
        recordId: String(r.record_id),
        at: String(r.at),
      }));
    },

    async createKiosk(k, tokenHash, audit) {
      tx(() => {
        db.prepare('INSERT INTO kiosks (id, hall_id, name, token_hash, created_at) VALUES (?,?,?,?,?)').run(
          k.id,
          k.hallId,
          k.name,
          tokenHash,
          k.createdAt,
        );
        appendAuditSync(audit);
      })();
    },
    async setKioskToken(id, tokenHash, audit) {
      tx(() => {
        db.prepare('UPDATE kiosks SET token_hash = ? WHERE id = ?').run(tokenHash, id);
        appendAuditSync(audit);
      })();
    },
    async deleteKiosk(id, audit) {
      tx(() => {
        db.prepare('DELETE FROM kiosks WHERE id = ?').run(id);
        appendAuditSync(audit);
      })();
    },
    async getKiosk(id) {
      const r = db.prepare('SELECT * FROM kiosks WHERE id = ?').get(id) as Row | undefined;
      return r ? kioskFromRow(r) : null;
    },
    async kioskByTokenHash(tokenHash) {
      const r = db.prepare('SELECT * FROM kiosks WHERE token_hash = ?').get(tokenHash) as Row | undefined;
      return r ? kioskFromRow(r) : null;
    },
    async listKiosks() {
      return (db.prepare('SELECT * FROM kiosks ORDER BY hall_id, id').all() as Row[]).map(kioskFromRow);
    },
    async recordHeartbeat(id, at, b: Heartbeat) {
      db.prepare(
        `UPDATE kiosks SET last_seen_at = ?, app_version = ?, cursor = ?, storage_used = ?, storage_quota = ?, last_error = ?, online_since = ? WHERE id = ?`,
      ).run(at, b.appVersion, b.cursor, b.storageUsed, b.storageQuota, b.lastError, b.onlineSince, id);
    },
    async getKioskSettings(id) {
      const r = db.prepare('SELECT * FROM kiosk_settings WHERE kiosk_id = ?').get(id) as Row | undefined;
      return r
        ? ({ settings: parse(r.settings), version: Number(r.version), updatedAt: String(r.updated_at) } as StoredKioskSettings)
        : null;
    },
    async saveKioskSettings(id, kiosk, settings, at, audit) {
      return tx(() => {
        db.prepare('UPDATE kiosks SET hall_id = ?, name = ? WHERE id = ?').run(kiosk.hallId, kiosk.name, id);
        const r = db
          .prepare(
            `INSERT INTO kiosk_settings (kiosk_id, settings, version, updated_at) VALUES (?,?,1,?)
            ON CONFLICT(kiosk_id) DO UPDATE SET settings = excluded.settings, version = version + 1, updated_at = excluded.updated_at
            RETURNING version`,
          )
          .get(id, JSON.stringify(settings), at) as Row;
        appendAuditSync(audit);
        return Number(r.version);
      })();
    },
    async recordKioskReport(id, report) {
      db.prepare(
        'INSERT INTO kiosk_reports (kiosk_id, report) VALUES (?,?) ON CONFLICT(kiosk_id) DO UPDATE SET report = excluded.report',
      ).run(id, JSON.stringify(report));
    },
    async listKioskReports() {
      const rows = db.prepare('SELECT * FROM kiosk_reports').all() as Row[];
      return new Map(rows.map((r) => [String(r.kiosk_id), parse<KioskReport>(r.report)]));
    },
    async queueKioskAction(a, audit) {
      return tx(() => {
        const r = db
          .prepare(`INSERT INTO kiosk_actions (kiosk_id, action, state, created_at, created_by) VALUES (?,?,'queued',?,?) RETURNING *`)
          .get(a.kioskId, a.action, a.createdAt, a.createdBy) as Row;
        appendAuditSync(audit);
        return actionFromRow(r);
      })();
    },
    async listKioskActions(filter) {
      const where: string[] = [];
      const values: unknown[] = [];
      if (filter.kioskId) {
        where.push('kiosk_id = ?');
        values.push(filter.kioskId);
      }
      if (filter.states?.length) {
        where.push(`state IN (${filter.states.map(() => '?').join(',')})`);
        values.push(...filter.states);
      }
      const sql = `SELECT * FROM kiosk_actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return (db.prepare(sql).all(...values, filter.limit) as Row[]).map(actionFromRow);
    },
    async setKioskActionState(id, state, at, detail) {
      const column = state === 'delivered' ? 'delivered_at' : state === 'queued' ? null : 'done_at';
      db.prepare(`UPDATE kiosk_actions SET state = ?, ${column ? `${column} = ?,` : ''} detail = coalesce(?, detail) WHERE id = ?`).run(
        ...(column ? [state, at] : [state]),
        detail ?? null,
        id,
      );
    },
    async saveKioskScreenshot(shot, bytes, retention) {
      return tx(() => {
        const r = db
          .prepare(
            `INSERT INTO kiosk_screenshots (kiosk_id, action_id, taken_at, type, size, width, height, bytes) VALUES (?,?,?,?,?,?,?,?)
            RETURNING ${SCREENSHOT_COLUMNS}`,
          )
          .get(shot.kioskId, shot.actionId, shot.takenAt, shot.type, bytes.byteLength, shot.width, shot.height, Buffer.from(bytes)) as Row;
        db.prepare(
          `DELETE FROM kiosk_screenshots WHERE kiosk_id = ? AND id NOT IN (SELECT id FROM kiosk_screenshots WHERE kiosk_id = ? ORDER BY id DESC LIMIT ?)`,
        ).run(shot.kioskId, shot.kioskId, retention.perKiosk);
        db.prepare('DELETE FROM kiosk_screenshots WHERE taken_at < ?').run(retention.olderThan);
        return screenshotFromRow(r);
      })();
    },
    async listKioskScreenshots(kioskId, limit) {
      return (
        db
          .prepare(`SELECT ${SCREENSHOT_COLUMNS} FROM kiosk_screenshots WHERE kiosk_id = ? ORDER BY id DESC LIMIT ?`)
          .all(kioskId, limit) as Row[]
      ).map(screenshotFromRow);
    },
    async getKioskScreenshot(id) {
      const r = db.prepare('SELECT * FROM kiosk_screenshots WHERE id = ?').get(id) as Row | undefined;
      return r ? { shot: screenshotFromRow(r), bytes: new Uint8Array(r.bytes as Buffer) } : null;
    },
    async listActiveAlerts() {
      return (db.prepare('SELECT * FROM fleet_alerts WHERE resolved_at IS NULL ORDER BY raised_at, id').all() as Row[]).map(alertFromRow);
    },
    async listAlertHistory(limit) {
      return (
        db
          .prepare('SELECT * FROM fleet_alerts WHERE resolved_at IS NOT NULL ORDER BY resolved_at DESC, id DESC LIMIT ?')
          .all(limit) as Row[]
      ).map(alertFromRow);
    },
    async recordAlertChanges(changes) {
      return tx(() => {
        const resolved: StoredAlert[] = [];
        for (const r of changes.resolved) {
          const done = db
            .prepare('UPDATE fleet_alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL RETURNING *')
            .get(r.at, r.id);
          if (done) resolved.push(alertFromRow(done as Row));
        }
        for (const u of changes.updated) db.prepare('UPDATE fleet_alerts SET message = ? WHERE id = ?').run(u.message, u.id);
        const raised: StoredAlert[] = [];
        for (const a of changes.raised) {
          const added = db
            .prepare(
              `INSERT INTO fleet_alerts (kiosk_id, kiosk_name, hall_id, kind, message, raised_at) VALUES (?,?,?,?,?,?)
              ON CONFLICT (kiosk_id, kind) WHERE resolved_at IS NULL DO NOTHING RETURNING *`,
            )
            .get(a.kioskId, a.kioskName, a.hallId, a.kind, a.message, a.raisedAt);
          if (added) raised.push(alertFromRow(added as Row));
        }
        return { raised, resolved };
      })();
    },

    async close() {
      if (options.ownsConnection && db.open) db.close();
    },
  };
  return store;
}
