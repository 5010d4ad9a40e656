/**
 * ContentStore on embedded SQLite (better-sqlite3, WAL). Every write happens
 * inside one IMMEDIATE transaction, so a publish is all-or-nothing and its
 * seqs are consecutive; reads are synchronous, so a page and its cursor are
 * always read from one consistent state.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LexiconEntry, ContentRecord, MediaRef, RecordType } from '../../shared/content';
import type { FeedChange, SnapshotEntry } from '../../shared/feed/protocol';
import { isoWithOffset } from '../time';
import {
  type ChangeInput,
  type ChangesResult,
  type CompactionResult,
  type ContentStore,
  type LogPosition,
  type PublishResult,
  type StoredMedia,
} from './content-store';
import { changesJsonOf, checkedMediaRef, snapshotJsonOf } from './feed-json';
import { checkVersions, planPublish, type StoredRow, type StoredState } from './publish-plan';
import { scopesVisibleTo } from './scope';
import { migrate } from './sqlite-schema';
import { checkContentDatabase, ensureLogEpoch, openingDatabase } from './integrity';

export interface SqliteStoreOptions {
  dataDir: string;
  /** Database file name inside dataDir. */
  fileName?: string;
  /**
   * Test seam: called inside the publish transaction after each change row is
   * written. Throwing (or killing the process) here simulates a crash mid-publish.
   */
  onChangeWritten?: (seq: number) => void;
}

interface ChangeRow {
  seq: number;
  type: string;
  id: string;
  op: 'put' | 'delete';
  json: string | null;
}

interface RawChangeRow {
  seq: number;
  type: string;
  id: string;
  op: 'put' | 'delete';
  json: Buffer | null;
}

interface RawRecordRow {
  type: string;
  id: string;
  json: Buffer;
}

/**
 * What the console's SQLite stores need from a SQLite content store: its
 * connection and its publish as a step inside a larger transaction (see
 * console/store/sqlite-publish-store.ts). Kept off the ContentStore interface.
 */
export interface SqliteContentInternals {
  db: Database.Database;
  dataDir: string;
  /** The publish, run inside the caller's transaction (a savepoint). */
  publishInTransaction(changes: ChangeInput[], now: Date, actor: string | null): PublishResult;
}
const internals = new WeakMap<ContentStore, SqliteContentInternals>();
export const sqliteInternalsOf = (store: ContentStore): SqliteContentInternals | undefined => internals.get(store);

export function openSqliteStore(options: SqliteStoreOptions): ContentStore {
  mkdirSync(options.dataDir, { recursive: true });
  const path = join(options.dataDir, options.fileName ?? 'content.db');
  const db = new Database(path);
  openingDatabase(path, () => {
    db.pragma('journal_mode = WAL');
    // FULL: once the console says "published", the change survives a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  });
  checkContentDatabase(db, path);
  ensureLogEpoch(db);

  const sql = {
    getRecord: db.prepare<[string, string], StoredRow>(
      'SELECT type, id, scope, version, deleted, json FROM records WHERE type = ? AND id = ?',
    ),
    listRecords: db.prepare<[string], { json: string }>('SELECT json FROM records WHERE type = ? AND deleted = 0 ORDER BY id'),
    upsertRecord: db.prepare(
      `INSERT INTO records (type, id, scope, version, deleted, json) VALUES (@type, @id, @scope, @version, @deleted, @json)
       ON CONFLICT (type, id) DO UPDATE SET scope = excluded.scope, version = excluded.version, deleted = excluded.deleted, json = excluded.json`,
    ),
    insertChange: db.prepare(
      'INSERT INTO changes (seq, type, id, op, scope, json, published_at, actor) VALUES (@seq, @type, @id, @op, @scope, @json, @publishedAt, @actor)',
    ),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string]>('UPDATE meta SET value = ? WHERE key = ?'),
    position: db.prepare<[], { headSeq: string; minSeq: string; epoch: string }>(
      "SELECT (SELECT value FROM meta WHERE key = 'headSeq') AS headSeq, (SELECT value FROM meta WHERE key = 'minSeq') AS minSeq, (SELECT value FROM meta WHERE key = 'epoch') AS epoch",
    ),
    hallHead: db.prepare<[string, string], { seq: number | null }>('SELECT max(seq) AS seq FROM changes WHERE scope IN (?, ?)'),
    changesAll: db.prepare<[number, number], ChangeRow>('SELECT seq, type, id, op, json FROM changes WHERE seq > ? ORDER BY seq LIMIT ?'),
    // "+scope" keeps SQLite on the seq order (primary key) instead of the scope index, which
    // would collect every matching row and sort them all before applying LIMIT.
    changesForHall: db.prepare<[number, string, string, number], ChangeRow>(
      'SELECT seq, type, id, op, json FROM changes WHERE seq > ? AND +scope IN (?, ?) ORDER BY seq LIMIT ?',
    ),
    snapshotAll: db.prepare<[], { type: string; id: string; json: string }>(
      'SELECT type, id, json FROM records WHERE deleted = 0 ORDER BY type, id',
    ),
    snapshotForHall: db.prepare<[string, string], { type: string; id: string; json: string }>(
      'SELECT type, id, json FROM records WHERE deleted = 0 AND scope IN (?, ?) ORDER BY type, id',
    ),
    // CAST(... AS BLOB) hands back the stored UTF-8 bytes as a Buffer, skipping string decoding.
    changesAllBytes: db.prepare<[number, number], RawChangeRow>(
      'SELECT seq, type, id, op, CAST(json AS BLOB) AS json FROM changes WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
    changesForHallBytes: db.prepare<[number, string, string, number], RawChangeRow>(
      'SELECT seq, type, id, op, CAST(json AS BLOB) AS json FROM changes WHERE seq > ? AND +scope IN (?, ?) ORDER BY seq LIMIT ?',
    ),
    snapshotAllBytes: db.prepare<[], RawRecordRow>(
      'SELECT type, id, CAST(json AS BLOB) AS json FROM records WHERE deleted = 0 ORDER BY type, id',
    ),
    snapshotForHallBytes: db.prepare<[string, string], RawRecordRow>(
      'SELECT type, id, CAST(json AS BLOB) AS json FROM records WHERE deleted = 0 AND scope IN (?, ?) ORDER BY type, id',
    ),
    lastSeqPublishedBy: db.prepare<[number], { seq: number | null }>('SELECT max(seq) AS seq FROM changes WHERE published_at <= ?'),
    compactLog: db.prepare<[number]>(
      `DELETE FROM changes WHERE seq <= ? AND (op = 'delete' OR EXISTS (
         SELECT 1 FROM changes later WHERE later.type = changes.type AND later.id = changes.id AND later.seq > changes.seq))`,
    ),
    putMedia: db.prepare('INSERT OR IGNORE INTO media (sha256, type, size, bytes) VALUES (?, ?, ?, ?)'),
    getMedia: db.prepare<[string], { sha256: string; type: string; size: number; bytes: Buffer }>(
      'SELECT sha256, type, size, bytes FROM media WHERE sha256 = ?',
    ),
  };

  const readPosition = (): LogPosition => {
    const row = sql.position.get()!;
    return { seq: Number(row.headSeq), minSeq: Number(row.minSeq), epoch: row.epoch };
  };

  const storedState: StoredState = {
    stored: (type, id) => sql.getRecord.get(type, id),
    lexicon: () => sql.listRecords.all('lexicon').map((row) => JSON.parse(row.json) as LexiconEntry),
  };

  const publishTx = db.transaction((changes: ChangeInput[], now: Date, actor: string | null): PublishResult => {
    const planned = planPublish(changes, isoWithOffset(now), storedState);
    checkVersions(changes, storedState);

    const { seq: head } = readPosition();
    let seq = head;
    const publishedAt = now.getTime();
    const writeChange = (row: { type: string; id: string; op: 'put' | 'delete'; scope: string; json: string | null }) => {
      seq += 1;
      sql.insertChange.run({ seq, ...row, publishedAt, actor });
      options.onChangeWritten?.(seq);
    };

    for (const write of planned) {
      if (write.kind === 'delete') {
        writeChange({ type: write.type, id: write.id, op: 'delete', scope: write.scope, json: null });
        sql.upsertRecord.run({ type: write.type, id: write.id, scope: write.scope, version: write.version, deleted: 1, json: null });
        continue;
      }
      // The tombstone goes first: a kiosk that sees both applies delete, then put.
      if (write.tombstoneScope) writeChange({ type: write.type, id: write.id, op: 'delete', scope: write.tombstoneScope, json: null });
      writeChange({ type: write.type, id: write.id, op: 'put', scope: write.scope, json: write.json });
      sql.upsertRecord.run({ type: write.type, id: write.id, scope: write.scope, version: write.version, deleted: 0, json: write.json });
    }
    sql.setMeta.run(String(seq), 'headSeq');
    return {
      fromSeq: planned.length > 0 ? head + 1 : head,
      toSeq: seq,
      records: planned.flatMap((w) => (w.kind === 'put' ? [w.record] : [])),
    };
  });

  const toFeedChange = (row: ChangeRow): FeedChange =>
    row.op === 'put'
      ? { seq: row.seq, type: row.type as RecordType, id: row.id, op: 'put', record: JSON.parse(row.json!) as ContentRecord }
      : { seq: row.seq, type: row.type as RecordType, id: row.id, op: 'delete' };

  const readChanges = db.transaction((since: number, limit: number, hallId: string | null): ChangesResult => {
    const rows =
      hallId === null ? sql.changesAll.all(since, limit + 1) : sql.changesForHall.all(since, ...scopesVisibleTo(hallId), limit + 1);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    return { changes: page.map(toFeedChange), to: hasMore ? page[page.length - 1]!.seq : readPosition().seq, hasMore };
  });

  const readSnapshot = db.transaction((hallId: string | null) => {
    const rows = hallId === null ? sql.snapshotAll.all() : sql.snapshotForHall.all(...scopesVisibleTo(hallId));
    const records: SnapshotEntry[] = rows.map((r) => ({
      type: r.type as RecordType,
      id: r.id,
      record: JSON.parse(r.json) as ContentRecord,
    }));
    return { ...readPosition(), records };
  });

  // Byte-level twins of readChanges/readSnapshot: the JSON text is spliced, never parsed.
  const readChangesJson = db.transaction((since: number, limit: number, hallId: string | null) => {
    const rows =
      hallId === null
        ? sql.changesAllBytes.all(since, limit + 1)
        : sql.changesForHallBytes.all(since, ...scopesVisibleTo(hallId), limit + 1);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    return {
      changesJson: changesJsonOf(page),
      count: page.length,
      to: hasMore ? page[page.length - 1]!.seq : readPosition().seq,
      hasMore,
    };
  });

  const readSnapshotJson = db.transaction((hallId: string | null) => {
    const rows = hallId === null ? sql.snapshotAllBytes.all() : sql.snapshotForHallBytes.all(...scopesVisibleTo(hallId));
    return { ...readPosition(), count: rows.length, recordsJson: snapshotJsonOf(rows) };
  });

  const compactTx = db.transaction((now: Date, retentionDays: number): CompactionResult => {
    const { minSeq } = readPosition();
    const cutoffTime = now.getTime() - retentionDays * 86_400_000;
    const cutoff = Math.max(minSeq, sql.lastSeqPublishedBy.get(cutoffTime)?.seq ?? 0);
    // Rows below an earlier cutoff are looked at again: a put kept then may be superseded now.
    const removed = sql.compactLog.run(cutoff).changes;
    sql.setMeta.run(String(cutoff), 'minSeq');
    return { removedChanges: removed, minSeq: cutoff };
  });

  const store: ContentStore = {
    async publish(changes, meta) {
      return publishTx.immediate(changes, meta?.now ?? new Date(), meta?.actor ?? null);
    },

    async position(hallId?: string | null) {
      const position = readPosition();
      if (hallId == null) return position;
      // A hall is up to date once its cursor reaches the newest change it can see. Never below minSeq:
      // compaction may have removed the hall's newest rows (tombstones), and a client at a cursor below
      // minSeq must see head > cursor, ask, and get the 410 that resets it (protocol section 9).
      const hallSeq = sql.hallHead.get(...scopesVisibleTo(hallId))?.seq ?? 0;
      return { seq: Math.max(hallSeq, position.minSeq), minSeq: position.minSeq, epoch: position.epoch };
    },

    async changesSince(since, limit, hallId) {
      return readChanges(since, limit, hallId);
    },

    async snapshot(hallId) {
      return readSnapshot(hallId);
    },

    async changesSinceJson(since, limit, hallId) {
      return readChangesJson(since, limit, hallId);
    },

    async snapshotJson(hallId) {
      return readSnapshotJson(hallId);
    },

    async getRecord<T extends ContentRecord = ContentRecord>(type: RecordType, id: string) {
      const row = sql.getRecord.get(type, id);
      return row && !row.deleted && row.json ? (JSON.parse(row.json) as T) : null;
    },

    async listRecords<T extends ContentRecord = ContentRecord>(type: RecordType) {
      return sql.listRecords.all(type).map((r) => JSON.parse(r.json) as T);
    },

    async compact({ now, retentionDays }) {
      if (!Number.isFinite(retentionDays) || retentionDays < 0) throw new RangeError('retentionDays 必须是非负数');
      return compactTx.immediate(now, retentionDays);
    },

    async putMedia(bytes, type) {
      const ref = checkedMediaRef(bytes, type);
      sql.putMedia.run(ref.sha256, type, bytes.byteLength, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return ref;
    },

    async getMedia(sha256): Promise<StoredMedia | null> {
      const row = sql.getMedia.get(sha256);
      if (!row) return null;
      return { ref: { sha256: row.sha256, type: row.type as MediaRef['type'], size: row.size, alt: '' }, bytes: new Uint8Array(row.bytes) };
    },

    async close() {
      if (db.open) db.close();
    },
  };
  internals.set(store, { db, dataDir: options.dataDir, publishInTransaction: (changes, now, actor) => publishTx(changes, now, actor) });
  return store;
}
