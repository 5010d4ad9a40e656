/**
 * ConsoleStore on PostgreSQL: the same tables and SQL as the SQLite store
 * (sqlite-console-store.ts), written with "?" placeholders so that a method
 * added there can be copied here nearly as is. The differences: usernames
 * match case-insensitively through lower() (SQLite's COLLATE NOCASE), audit
 * search uses ILIKE, and ids come from identity columns (RETURNING id).
 */
import type { Pool } from 'pg';
import { row, rows, run, transaction, type Queryable } from '../../store/postgres/sql';
import type { ConsoleStore } from '../console-store';
import { DraftRevisionConflictError, type ConsoleWrites, type DraftUpdate } from '../publish-store';
import type {
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
import {
  DRAFT_COLUMNS,
  USER_COLUMNS,
  actionFromRow,
  auditFromRow,
  auditWhere,
  draftFromRow,
  json,
  kioskFromRow,
  parse,
  publicationFromRow,
  sessionFromRow,
  userFromRow,
  type Row,
  SCREENSHOT_COLUMNS,
  alertFromRow,
  screenshotFromRow,
} from './console-rows';
import { postgresShortLivedStore } from './postgres-short-lived-store';

/** The console's writes on one connection, for use inside a transaction someone else opened (the publish). */
export function postgresConsoleWriter(now: () => Date) {
  const appendAudit = async (db: Queryable, entries: AuditInput[] | undefined) => {
    if (!entries?.length) return;
    // One statement for the lot; unnest keeps their order, so ids ascend as on SQLite.
    await run(
      db,
      `INSERT INTO audit (at, actor_id, actor_name, action, target_type, target_id, draft_id, changes, detail)
       SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])`,
      [
        entries.map(() => now().toISOString()),
        entries.map((e) => e.actorId),
        entries.map((e) => e.actorName),
        entries.map((e) => e.action),
        entries.map((e) => e.targetType),
        entries.map((e) => e.targetId),
        entries.map((e) => e.draftId ?? null),
        entries.map((e) => JSON.stringify(e.changes ?? [])),
        entries.map((e) => e.detail ?? null),
      ],
    );
  };
  const insertDrafts = async (db: Queryable, drafts: Draft[]) => {
    for (const d of drafts)
      await run(
        db,
        `INSERT INTO drafts (id, record_type, record_id, op, data, base_version, state, revision, author_id, reviewer_id,
         reject_reason, publish_at, batch_id, batch_row, department_id, hall_id, created_at, updated_at, published_seq)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        [
          d.id,
          d.recordType,
          d.recordId,
          d.op,
          JSON.stringify(d.data),
          d.baseVersion,
          d.state,
          d.revision,
          d.authorId,
          d.reviewerId,
          d.rejectReason,
          d.publishAt,
          d.batchId,
          d.batchRow,
          d.departmentId,
          d.hallId,
          d.createdAt,
          d.updatedAt,
          d.publishedSeq,
        ],
      );
  };
  /** false when the stored revision is not the expected one (nothing written). */
  const updateDraft = async (db: Queryable, update: DraftUpdate): Promise<boolean> => {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(update.patch)) {
      const column = DRAFT_COLUMNS[key];
      if (!column) continue;
      sets.push(`${column} = ?`);
      values.push(key === 'data' ? JSON.stringify(value) : value);
    }
    if (!sets.length)
      return (await row(db, 'SELECT 1 FROM drafts WHERE id = ? AND revision = ?', [update.id, update.expectedRevision])) !== undefined;
    return (
      (await run(db, `UPDATE drafts SET ${sets.join(', ')} WHERE id = ? AND revision = ?`, [
        ...values,
        update.id,
        update.expectedRevision,
      ])) === 1
    );
  };
  const recordPublication = async (db: Queryable, p: Omit<Publication, 'id'>): Promise<Publication> => {
    const r = await row<{ id: number }>(
      db,
      'INSERT INTO publications (at, actor_id, from_seq, to_seq, scopes, summary) VALUES (?,?,?,?,?,?) RETURNING id',
      [p.at, p.actorId, p.fromSeq, p.toSeq, JSON.stringify(p.scopes), p.summary],
    );
    return { ...p, id: r!.id };
  };
  const scheduleExpiry = (db: Queryable, e: ScheduledExpiry) =>
    run(
      db,
      'INSERT INTO expiries (record_type, record_id, at) VALUES (?,?,?) ON CONFLICT (record_type, record_id) DO UPDATE SET at = excluded.at',
      [e.recordType, e.recordId, e.at],
    );
  const cancelExpiry = (db: Queryable, recordType: string, recordId: string) =>
    run(db, 'DELETE FROM expiries WHERE record_type = ? AND record_id = ?', [recordType, recordId]);

  /** Must run inside a transaction: throws DraftRevisionConflictError so that the caller's transaction rolls back. */
  const applyWrites = async (db: Queryable, writes: ConsoleWrites): Promise<Publication | null> => {
    await insertDrafts(db, writes.newDrafts ?? []);
    for (const update of writes.drafts ?? []) if (!(await updateDraft(db, update))) throw new DraftRevisionConflictError(update.id);
    await appendAudit(db, writes.audit);
    for (const e of writes.cancelExpiries ?? []) await cancelExpiry(db, e.recordType, e.recordId);
    for (const e of writes.scheduleExpiries ?? []) await scheduleExpiry(db, e);
    return writes.publication ? recordPublication(db, writes.publication) : null;
  };
  return { appendAudit, insertDrafts, updateDraft, recordPublication, scheduleExpiry, cancelExpiry, applyWrites };
}

export function createPostgresConsoleStore(pool: Pool, options: { now?: () => Date; ownsPool?: boolean } = {}): ConsoleStore {
  const now = options.now ?? (() => new Date());
  const writer = postgresConsoleWriter(now);
  /** A write and its audit entries commit together. */
  const withAudit = (audit: AuditInput[] | undefined, write: (db: Queryable) => Promise<unknown>) =>
    transaction(pool, async (client) => {
      await write(client);
      await writer.appendAudit(client, audit);
    });

  const store: ConsoleStore = {
    ...postgresShortLivedStore(pool),
    async createUser(user, audit) {
      await withAudit(audit, (db) =>
        run(
          db,
          `INSERT INTO users (id, username, display_name, role, departments, halls, disabled, password_hash, created_at)
           VALUES (?,?,?,?,?,?,?,?,?)`,
          [
            user.id,
            user.username,
            user.displayName,
            user.role,
            json(user.departments),
            json(user.halls),
            user.disabled ? 1 : 0,
            user.passwordHash,
            user.createdAt,
          ],
        ),
      );
    },
    async getUser(id) {
      const r = await row(pool, 'SELECT * FROM users WHERE id = ?', [id]);
      return r ? userFromRow(r) : null;
    },
    async getUserByUsername(username) {
      const r = await row(pool, 'SELECT * FROM users WHERE lower(username) = lower(?)', [username]);
      return r ? userFromRow(r) : null;
    },
    async listUsers() {
      return (await rows(pool, 'SELECT * FROM users ORDER BY lower(username)')).map((r) => {
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
      await withAudit(audit, async (db) => {
        if (sets.length) await run(db, `UPDATE users SET ${sets.join(', ')} WHERE id = ?`, [...values, id]);
      });
    },
    async getUserSecurity(userId) {
      const r = await row(pool, 'SELECT * FROM user_security WHERE user_id = ?', [userId]);
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
      await withAudit(audit, (db) =>
        run(
          db,
          `INSERT INTO user_security (user_id, must_change_password, totp_secret, totp_pending_secret, totp_last_counter)
           VALUES (?,?,?,?,?) ON CONFLICT (user_id) DO UPDATE SET must_change_password = excluded.must_change_password,
           totp_secret = excluded.totp_secret, totp_pending_secret = excluded.totp_pending_secret,
           totp_last_counter = excluded.totp_last_counter`,
          [userId, next.mustChangePassword ? 1 : 0, next.totpSecret, next.totpPendingSecret, next.totpLastCounter],
        ),
      );
    },
    async countAdmins() {
      return Number((await row(pool, "SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0"))!.n);
    },

    async createSession(s) {
      await run(pool, 'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?,?,?,?,?,?)', [
        s.idHash,
        s.userId,
        s.csrfToken,
        s.createdAt,
        s.lastSeenAt,
        s.expiresAt,
      ]);
    },
    async getSession(idHash) {
      const r = await row(pool, 'SELECT * FROM sessions WHERE id_hash = ?', [idHash]);
      return r ? sessionFromRow(r) : null;
    },
    async touchSession(idHash, lastSeenAt) {
      await run(pool, 'UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?', [lastSeenAt, idHash]);
    },
    async deleteSession(idHash) {
      await run(pool, 'DELETE FROM sessions WHERE id_hash = ?', [idHash]);
    },
    async deleteSessionsOfUser(userId) {
      await run(pool, 'DELETE FROM sessions WHERE user_id = ?', [userId]);
    },
    async deleteOtherSessionsOfUser(userId, keepIdHash) {
      await run(pool, 'DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?', [userId, keepIdHash]);
    },

    async insertDrafts(drafts, audit) {
      await withAudit(audit, (db) => writer.insertDrafts(db, drafts));
    },
    async getDraft(id) {
      const r = await row(pool, 'SELECT * FROM drafts WHERE id = ?', [id]);
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
      return (await rows(pool, sql, values)).map(draftFromRow);
    },
    async updateDraft(id, expectedRevision, patch, audit) {
      return transaction(pool, async (client) => {
        if (!(await writer.updateDraft(client, { id, expectedRevision, patch }))) return false;
        await writer.appendAudit(client, audit);
        return true;
      });
    },
    async updateDrafts(updates, audit) {
      try {
        await transaction(pool, (client) => writer.applyWrites(client, { drafts: updates, audit: audit ?? [] }));
        return true;
      } catch (err) {
        if (err instanceof DraftRevisionConflictError) return false;
        throw err;
      }
    },
    async openDraftsOf(recordType, recordId) {
      return (
        await rows(pool, "SELECT * FROM drafts WHERE record_type = ? AND record_id = ? AND state IN ('draft','submitted','approved')", [
          recordType,
          recordId,
        ])
      ).map(draftFromRow);
    },

    async appendAudit(entries) {
      await writer.appendAudit(pool, entries);
    },
    async listAudit(f) {
      const { where, values } = auditWhere(f, 'ILIKE');
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
      const found = (await rows(pool, sql, [...values, Math.min(f.limit ?? 100, 1000)])).map(auditFromRow);
      return order === 'ASC' ? found.reverse() : found;
    },
    async countAudit(f) {
      const { where, values } = auditWhere(f, 'ILIKE');
      const sql = `SELECT count(*) AS n FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
      return Number((await row(pool, sql, values))!.n);
    },

    async recordPublication(p) {
      return writer.recordPublication(pool, p);
    },
    async listPublications(limit) {
      return (await rows(pool, 'SELECT * FROM publications ORDER BY id DESC LIMIT ?', [limit])).map(publicationFromRow);
    },
    async scheduleExpiry(e) {
      await writer.scheduleExpiry(pool, e);
    },
    async cancelExpiry(recordType, recordId) {
      await writer.cancelExpiry(pool, recordType, recordId);
    },
    async dueExpiries(at) {
      return (await rows(pool, 'SELECT * FROM expiries WHERE at <= ? ORDER BY at', [at])).map((r: Row) => ({
        recordType: r.record_type as ScheduledExpiry['recordType'],
        recordId: String(r.record_id),
        at: String(r.at),
      }));
    },

    async createKiosk(k, tokenHash, audit) {
      await withAudit(audit, (db) =>
        run(db, 'INSERT INTO kiosks (id, hall_id, name, token_hash, created_at) VALUES (?,?,?,?,?)', [
          k.id,
          k.hallId,
          k.name,
          tokenHash,
          k.createdAt,
        ]),
      );
    },
    async setKioskToken(id, tokenHash, audit) {
      await withAudit(audit, (db) => run(db, 'UPDATE kiosks SET token_hash = ? WHERE id = ?', [tokenHash, id]));
    },
    async deleteKiosk(id, audit) {
      await withAudit(audit, (db) => run(db, 'DELETE FROM kiosks WHERE id = ?', [id]));
    },
    async getKiosk(id) {
      const r = await row(pool, 'SELECT * FROM kiosks WHERE id = ?', [id]);
      return r ? kioskFromRow(r) : null;
    },
    async kioskByTokenHash(tokenHash) {
      const r = await row(pool, 'SELECT * FROM kiosks WHERE token_hash = ?', [tokenHash]);
      return r ? kioskFromRow(r) : null;
    },
    async listKiosks() {
      return (await rows(pool, 'SELECT * FROM kiosks ORDER BY hall_id, id')).map(kioskFromRow);
    },
    async recordHeartbeat(id, at, b: Heartbeat) {
      await run(
        pool,
        'UPDATE kiosks SET last_seen_at = ?, app_version = ?, cursor = ?, storage_used = ?, storage_quota = ?, last_error = ?, online_since = ? WHERE id = ?',
        [at, b.appVersion, b.cursor, b.storageUsed, b.storageQuota, b.lastError, b.onlineSince, id],
      );
    },
    async getKioskSettings(id) {
      const r = await row(pool, 'SELECT * FROM kiosk_settings WHERE kiosk_id = ?', [id]);
      return r
        ? ({ settings: parse(r.settings), version: Number(r.version), updatedAt: String(r.updated_at) } as StoredKioskSettings)
        : null;
    },
    async saveKioskSettings(id, kiosk, settings, at, audit) {
      return transaction(pool, async (db) => {
        await run(db, 'UPDATE kiosks SET hall_id = ?, name = ? WHERE id = ?', [kiosk.hallId, kiosk.name, id]);
        const r = await row(
          db,
          `INSERT INTO kiosk_settings (kiosk_id, settings, version, updated_at) VALUES (?,?,1,?)
           ON CONFLICT (kiosk_id) DO UPDATE SET settings = excluded.settings, version = kiosk_settings.version + 1, updated_at = excluded.updated_at
           RETURNING version`,
          [id, JSON.stringify(settings), at],
        );
        await writer.appendAudit(db, audit);
        return Number(r!.version);
      });
    },
    async recordKioskReport(id, report) {
      await run(
        pool,
        'INSERT INTO kiosk_reports (kiosk_id, report) VALUES (?,?) ON CONFLICT (kiosk_id) DO UPDATE SET report = excluded.report',
        [id, JSON.stringify(report)],
      );
    },
    async listKioskReports() {
      const list = await rows(pool, 'SELECT * FROM kiosk_reports');
      return new Map(list.map((r) => [String(r.kiosk_id), parse<KioskReport>(r.report)]));
    },
    async queueKioskAction(a, audit) {
      return transaction(pool, async (db) => {
        const r = await row(
          db,
          `INSERT INTO kiosk_actions (kiosk_id, action, state, created_at, created_by) VALUES (?,?,'queued',?,?) RETURNING *`,
          [a.kioskId, a.action, a.createdAt, a.createdBy],
        );
        await writer.appendAudit(db, audit);
        return actionFromRow(r!);
      });
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
      return (await rows(pool, sql, [...values, filter.limit])).map(actionFromRow);
    },
    async setKioskActionState(id, state, at, detail) {
      const column = state === 'delivered' ? 'delivered_at' : state === 'queued' ? null : 'done_at';
      await run(pool, `UPDATE kiosk_actions SET state = ?, ${column ? `${column} = ?,` : ''} detail = coalesce(?, detail) WHERE id = ?`, [
        ...(column ? [state, at] : [state]),
        detail ?? null,
        id,
      ]);
    },
    async saveKioskScreenshot(shot, bytes, retention) {
      return transaction(pool, async (db) => {
        const r = await row(
          db,
          `INSERT INTO kiosk_screenshots (kiosk_id, action_id, taken_at, type, size, width, height, bytes) VALUES (?,?,?,?,?,?,?,?)
           RETURNING ${SCREENSHOT_COLUMNS}`,
          [shot.kioskId, shot.actionId, shot.takenAt, shot.type, bytes.byteLength, shot.width, shot.height, Buffer.from(bytes)],
        );
        await run(
          db,
          `DELETE FROM kiosk_screenshots WHERE kiosk_id = ? AND id NOT IN (SELECT id FROM kiosk_screenshots WHERE kiosk_id = ? ORDER BY id DESC LIMIT ?)`,
          [shot.kioskId, shot.kioskId, retention.perKiosk],
        );
        await run(db, 'DELETE FROM kiosk_screenshots WHERE taken_at < ?', [retention.olderThan]);
        return screenshotFromRow(r!);
      });
    },
    async listKioskScreenshots(kioskId, limit) {
      return (
        await rows(pool, `SELECT ${SCREENSHOT_COLUMNS} FROM kiosk_screenshots WHERE kiosk_id = ? ORDER BY id DESC LIMIT ?`, [
          kioskId,
          limit,
        ])
      ).map(screenshotFromRow);
    },
    async getKioskScreenshot(id) {
      const r = await row(pool, 'SELECT * FROM kiosk_screenshots WHERE id = ?', [id]);
      return r ? { shot: screenshotFromRow(r), bytes: new Uint8Array(r.bytes as Buffer) } : null;
    },
    async listActiveAlerts() {
      return (await rows(pool, 'SELECT * FROM fleet_alerts WHERE resolved_at IS NULL ORDER BY raised_at, id')).map(alertFromRow);
    },
    async listAlertHistory(limit) {
      return (
        await rows(pool, 'SELECT * FROM fleet_alerts WHERE resolved_at IS NOT NULL ORDER BY resolved_at DESC, id DESC LIMIT ?', [limit])
      ).map(alertFromRow);
    },
    async recordAlertChanges(changes) {
      return transaction(pool, async (db) => {
        const resolved: StoredAlert[] = [];
        for (const r of changes.resolved) {
          const done = await row(db, 'UPDATE fleet_alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL RETURNING *', [
            r.at,
            r.id,
          ]);
          if (done) resolved.push(alertFromRow(done));
        }
        for (const u of changes.updated) await run(db, 'UPDATE fleet_alerts SET message = ? WHERE id = ?', [u.message, u.id]);
        const raised: StoredAlert[] = [];
        for (const a of changes.raised) {
          const added = await row(
            db,
            `INSERT INTO fleet_alerts (kiosk_id, kiosk_name, hall_id, kind, message, raised_at) VALUES (?,?,?,?,?,?)
             ON CONFLICT (kiosk_id, kind) WHERE resolved_at IS NULL DO NOTHING RETURNING *`,
            [a.kioskId, a.kioskName, a.hallId, a.kind, a.message, a.raisedAt],
          );
          if (added) raised.push(alertFromRow(added));
        }
        return { raised, resolved };
      });
    },

    async close() {
      if (options.ownsPool) await pool.end();
    },
  };
  return store;
}
