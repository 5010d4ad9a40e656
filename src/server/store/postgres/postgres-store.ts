/**
 * ContentStore on PostgreSQL. The same tables and rules as the SQLite store
 * (sqlite-store.ts); what differs is how concurrency is handled, since
 * several server processes may publish at once:
 * - A publish first locks the headSeq row (SELECT … FOR UPDATE). Publishers
 *   thus run one after another, seqs are handed out in commit order with no
 *   gaps, and what a publish validates against cannot change under it.
 * - Reads that must agree with the head (a page and its cursor, a snapshot and
 *   its seq) run in one REPEATABLE READ transaction.
 */
import type { Pool, PoolClient } from 'pg';
import type { ContentRecord, LexiconEntry, MediaRef, RecordType } from '../../../shared/content';
import type { FeedChange, SnapshotEntry } from '../../../shared/feed/protocol';
import { isoWithOffset } from '../../time';
import type { ChangeInput, ChangesResult, ContentStore, LogPosition, PublishResult, StoredMedia } from '../content-store';
import { changesJsonOf, checkedMediaRef, snapshotJsonOf } from '../feed-json';
import { checkVersions, keysOf, planPublish, type StoredRow } from '../publish-plan';
import { scopesVisibleTo } from '../scope';
import { randomBytes } from 'node:crypto';
import { row, rows, run, transaction, type Queryable } from './sql';

interface ChangeRow {
  seq: number;
  type: string;
  id: string;
  op: 'put' | 'delete';
  json: string | null;
}

/** What the console's PostgreSQL publish store needs: the pool, and the publish as a step inside its transaction. */
export interface PostgresContentInternals {
  pool: Pool;
  publishInTransaction(client: PoolClient, changes: ChangeInput[], now: Date, actor: string | null): Promise<PublishResult>;
}
const internals = new WeakMap<ContentStore, PostgresContentInternals>();
export const postgresInternalsOf = (store: ContentStore): PostgresContentInternals | undefined => internals.get(store);

async function readPosition(db: Queryable): Promise<LogPosition> {
  const meta = await rows<{ key: string; value: string }>(db, "SELECT key, value FROM meta WHERE key IN ('headSeq', 'minSeq', 'epoch')");
  const get = (key: string) => meta.find((m) => m.key === key)?.value;
  return { seq: Number(get('headSeq')), minSeq: Number(get('minSeq')), epoch: get('epoch')! };
}

/** Runs fn in a read-only snapshot: every query in it sees the same committed state. */
async function consistentRead<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return transaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return fn(client);
  });
}

async function readChangeRows(db: Queryable, since: number, limit: number, hallId: string | null): Promise<ChangeRow[]> {
  return hallId === null
    ? rows<ChangeRow>(db, 'SELECT seq, type, id, op, json FROM changes WHERE seq > ? ORDER BY seq LIMIT ?', [since, limit + 1])
    : rows<ChangeRow>(db, 'SELECT seq, type, id, op, json FROM changes WHERE seq > ? AND scope IN (?, ?) ORDER BY seq LIMIT ?', [
        since,
        ...scopesVisibleTo(hallId),
        limit + 1,
      ]);
}

async function readSnapshotRows(db: Queryable, hallId: string | null) {
  return hallId === null
    ? rows<{ type: string; id: string; json: string }>(db, 'SELECT type, id, json FROM records WHERE deleted = 0 ORDER BY type, id')
    : rows<{ type: string; id: string; json: string }>(
        db,
        'SELECT type, id, json FROM records WHERE deleted = 0 AND scope IN (?, ?) ORDER BY type, id',
        scopesVisibleTo(hallId),
      );
}

/** The log's epoch is made once, with the log (the first store to open an empty database makes it). */
export async function ensurePostgresLogEpoch(pool: Pool): Promise<void> {
  await run(pool, "INSERT INTO meta (key, value) VALUES ('epoch', ?) ON CONFLICT (key) DO NOTHING", [randomBytes(12).toString('hex')]);
}

export function createPostgresStore(pool: Pool, options: { ownsPool?: boolean } = {}): ContentStore {
  const publishInTransaction = async (client: PoolClient, changes: ChangeInput[], now: Date, actor: string | null) => {
    // The publish lock: concurrent publishers (other processes too) queue here.
    const head = Number((await row<{ value: string }>(client, "SELECT value FROM meta WHERE key = 'headSeq' FOR UPDATE"))!.value);

    const keys = keysOf(changes);
    const storedRows = keys.length
      ? await rows<StoredRow>(
          client,
          'SELECT type, id, scope, version, deleted, json FROM records WHERE (type, id) IN (SELECT * FROM unnest(?::text[], ?::text[]))',
          [keys.map((k) => k.type), keys.map((k) => k.id)],
        )
      : [];
    const byKey = new Map(storedRows.map((r) => [`${r.type}/${r.id}`, r]));
    const lexicon = keys.some((k) => k.type === 'lexicon')
      ? (await rows<{ json: string }>(client, "SELECT json FROM records WHERE type = 'lexicon' AND deleted = 0 ORDER BY id")).map(
          (r) => JSON.parse(r.json) as LexiconEntry,
        )
      : [];
    const state = { stored: (type: string, id: string) => byKey.get(`${type}/${id}`), lexicon: () => lexicon };
    const planned = planPublish(changes, isoWithOffset(now), state);
    checkVersions(changes, state);

    const changeRows: { seq: number; type: string; id: string; op: string; scope: string; json: string | null }[] = [];
    const recordRows: { type: string; id: string; scope: string; version: number; deleted: number; json: string | null }[] = [];
    let seq = head;
    for (const write of planned) {
      if (write.kind === 'delete') {
        changeRows.push({ seq: ++seq, type: write.type, id: write.id, op: 'delete', scope: write.scope, json: null });
        recordRows.push({ type: write.type, id: write.id, scope: write.scope, version: write.version, deleted: 1, json: null });
        continue;
      }
      // The tombstone goes first: a kiosk that sees both applies delete, then put.
      if (write.tombstoneScope)
        changeRows.push({ seq: ++seq, type: write.type, id: write.id, op: 'delete', scope: write.tombstoneScope, json: null });
      changeRows.push({ seq: ++seq, type: write.type, id: write.id, op: 'put', scope: write.scope, json: write.json });
      recordRows.push({ type: write.type, id: write.id, scope: write.scope, version: write.version, deleted: 0, json: write.json });
    }
    if (changeRows.length > 0) {
      // One statement per table however large the publish (the demo seed is thousands of records).
      await run(
        client,
        `INSERT INTO changes (seq, type, id, op, scope, json, published_at, actor)
         SELECT s, t, i, o, sc, j, ?, ? FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(s, t, i, o, sc, j)`,
        [
          now.getTime(),
          actor,
          changeRows.map((c) => c.seq),
          changeRows.map((c) => c.type),
          changeRows.map((c) => c.id),
          changeRows.map((c) => c.op),
          changeRows.map((c) => c.scope),
          changeRows.map((c) => c.json),
        ],
      );
      await run(
        client,
        `INSERT INTO records (type, id, scope, version, deleted, json)
         SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[])
         ON CONFLICT (type, id) DO UPDATE SET scope = excluded.scope, version = excluded.version, deleted = excluded.deleted, json = excluded.json`,
        [
          recordRows.map((r) => r.type),
          recordRows.map((r) => r.id),
          recordRows.map((r) => r.scope),
          recordRows.map((r) => r.version),
          recordRows.map((r) => r.deleted),
          recordRows.map((r) => r.json),
        ],
      );
      await run(client, "UPDATE meta SET value = ? WHERE key = 'headSeq'", [String(seq)]);
    }
    return {
      fromSeq: planned.length > 0 ? head + 1 : head,
      toSeq: seq,
      records: planned.flatMap((w) => (w.kind === 'put' ? [w.record] : [])),
    };
  };

  const toFeedChange = (r: ChangeRow): FeedChange =>
    r.op === 'put'
      ? { seq: r.seq, type: r.type as RecordType, id: r.id, op: 'put', record: JSON.parse(r.json!) as ContentRecord }
      : { seq: r.seq, type: r.type as RecordType, id: r.id, op: 'delete' };

  const store: ContentStore = {
    async publish(changes, meta) {
      return transaction(pool, (client) => publishInTransaction(client, changes, meta?.now ?? new Date(), meta?.actor ?? null));
    },

    async position(hallId?: string | null) {
      return consistentRead(pool, async (client) => {
        const position = await readPosition(client);
        if (hallId == null) return position;
        // As on SQLite: the newest change the hall can see, never below minSeq (protocol section 9).
        const hall = await row<{ seq: number | null }>(
          client,
          'SELECT max(seq) AS seq FROM changes WHERE scope IN (?, ?)',
          scopesVisibleTo(hallId),
        );
        return { seq: Math.max(hall?.seq ?? 0, position.minSeq), minSeq: position.minSeq, epoch: position.epoch };
      });
    },

    async changesSince(since, limit, hallId): Promise<ChangesResult> {
      return consistentRead(pool, async (client) => {
        const found = await readChangeRows(client, since, limit, hallId);
        const hasMore = found.length > limit;
        const page = hasMore ? found.slice(0, limit) : found;
        return { changes: page.map(toFeedChange), to: hasMore ? page[page.length - 1]!.seq : (await readPosition(client)).seq, hasMore };
      });
    },

    async snapshot(hallId) {
      return consistentRead(pool, async (client) => {
        const found = await readSnapshotRows(client, hallId);
        const records: SnapshotEntry[] = found.map((r) => ({
          type: r.type as RecordType,
          id: r.id,
          record: JSON.parse(r.json) as ContentRecord,
        }));
        return { ...(await readPosition(client)), records };
      });
    },

    async changesSinceJson(since, limit, hallId) {
      return consistentRead(pool, async (client) => {
        const found = await readChangeRows(client, since, limit, hallId);
        const hasMore = found.length > limit;
        const page = hasMore ? found.slice(0, limit) : found;
        return {
          changesJson: changesJsonOf(page.map((r) => ({ ...r, json: r.json === null ? null : Buffer.from(r.json) }))),
          count: page.length,
          to: hasMore ? page[page.length - 1]!.seq : (await readPosition(client)).seq,
          hasMore,
        };
      });
    },

    async snapshotJson(hallId) {
      return consistentRead(pool, async (client) => {
        const found = await readSnapshotRows(client, hallId);
        return {
          ...(await readPosition(client)),
          count: found.length,
          recordsJson: snapshotJsonOf(found.map((r) => ({ ...r, json: Buffer.from(r.json) }))),
        };
      });
    },

    async getRecord<T extends ContentRecord = ContentRecord>(type: RecordType, id: string) {
      const r = await row<StoredRow>(pool, 'SELECT deleted, json FROM records WHERE type = ? AND id = ?', [type, id]);
      return r && !r.deleted && r.json ? (JSON.parse(r.json) as T) : null;
    },

    async listRecords<T extends ContentRecord = ContentRecord>(type: RecordType) {
      return (await rows<{ json: string }>(pool, 'SELECT json FROM records WHERE type = ? AND deleted = 0 ORDER BY id', [type])).map(
        (r) => JSON.parse(r.json) as T,
      );
    },

    async compact({ now, retentionDays }) {
      if (!Number.isFinite(retentionDays) || retentionDays < 0) throw new RangeError('retentionDays 必须是非负数');
      return transaction(pool, async (client) => {
        // Same lock as publish: compaction never interleaves with a publish.
        await client.query("SELECT value FROM meta WHERE key = 'headSeq' FOR UPDATE");
        const { minSeq } = await readPosition(client);
        const cutoffTime = now.getTime() - retentionDays * 86_400_000;
        const last = await row<{ seq: number | null }>(client, 'SELECT max(seq) AS seq FROM changes WHERE published_at <= ?', [cutoffTime]);
        const cutoff = Math.max(minSeq, last?.seq ?? 0);
        const removed = await run(
          client,
          `DELETE FROM changes WHERE seq <= ? AND (op = 'delete' OR EXISTS (
             SELECT 1 FROM changes later WHERE later.type = changes.type AND later.id = changes.id AND later.seq > changes.seq))`,
          [cutoff],
        );
        await run(client, "UPDATE meta SET value = ? WHERE key = 'minSeq'", [String(cutoff)]);
        return { removedChanges: removed, minSeq: cutoff };
      });
    },

    async putMedia(bytes, type) {
      const ref = checkedMediaRef(bytes, type);
      await run(pool, 'INSERT INTO media (sha256, type, size, bytes) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
        ref.sha256,
        type,
        bytes.byteLength,
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      ]);
      return ref;
    },

    async getMedia(sha256): Promise<StoredMedia | null> {
      const r = await row<{ sha256: string; type: string; size: number; bytes: Buffer }>(
        pool,
        'SELECT sha256, type, size, bytes FROM media WHERE sha256 = ?',
        [sha256],
      );
      if (!r) return null;
      return { ref: { sha256: r.sha256, type: r.type as MediaRef['type'], size: r.size, alt: '' }, bytes: new Uint8Array(r.bytes) };
    },

    async close() {
      if (options.ownsPool) await pool.end();
    },
  };
  internals.set(store, { pool, publishInTransaction });
  return store;
}
