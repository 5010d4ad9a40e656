import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordValidationError, VersionConflictError, type ContentStore } from '../../../src/server/store/content-store';
import { openSqliteStore } from '../../../src/server/store/sqlite-store';
import type { ContentRecord, FeeItem, ServiceGuide } from '../../../src/shared/content';
import { fee, guide, notice, puts, smallDataset } from '../support/fixtures';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const NOW = new Date('2026-11-23T02:00:00Z');

async function allChanges(store: ContentStore, hall: string | null = null) {
  return (await store.changesSince(0, 100_000, hall)).changes;
}

describe('sqlite store: publish', () => {
  it('writes a batch with consecutive seqs, version 1 and updatedAt stamped with an offset', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    const result = await store.publish(puts(smallDataset()), { now: NOW, actor: 'tester' });
    expect(result.fromSeq).toBe(1);
    expect(result.toSeq).toBe(smallDataset().length);
    const changes = await allChanges(store);
    expect(changes.map((c) => c.seq)).toEqual(Array.from({ length: result.toSeq }, (_, i) => i + 1));
    const stored = await store.getRecord<FeeItem>('fee', 'fee-a');
    expect(stored?.version).toBe(1);
    expect(stored?.updatedAt).toBe('2026-11-23T10:00:00.000+08:00');
    expect(await store.position()).toMatchObject({ seq: result.toSeq, minSeq: 0 });
    await store.close();
  });

  it('increments the version on every update and continues it after delete and re-create', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish(puts([fee('fee-a', 100)]));
    await store.publish(puts([fee('fee-a', 200)]));
    expect((await store.getRecord<FeeItem>('fee', 'fee-a'))?.version).toBe(2);
    await store.publish([{ op: 'delete', type: 'fee', id: 'fee-a' }]);
    expect(await store.getRecord('fee', 'fee-a')).toBeNull();
    expect(await store.listRecords('fee')).toEqual([]);
    const recreated = await store.publish(puts([fee('fee-a', 300)]));
    expect(recreated.records[0]?.version).toBe(4);
    const log = await allChanges(store);
    expect(log.map((c) => [c.seq, c.op])).toEqual([
      [1, 'put'],
      [2, 'put'],
      [3, 'delete'],
      [4, 'put'],
    ]);
    await store.close();
  });

  it('keeps everything across close and reopen', async () => {
    const dir = tempDir();
    const first = openSqliteStore({ dataDir: dir });
    await first.publish(puts(smallDataset()));
    const snapshot = await first.snapshot(null);
    await first.close();
    const second = openSqliteStore({ dataDir: dir });
    expect(await second.snapshot(null)).toEqual(snapshot);
    const next = await second.publish(puts([notice('notice-2')]));
    expect(next.fromSeq).toBe(snapshot.seq + 1);
    await second.close();
  });

  it('refuses a stale expectedVersion and writes nothing from the batch', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish(puts([fee('fee-a', 100), fee('fee-b', 100)]));
    await store.publish(puts([fee('fee-a', 200)]));
    const before = await store.position();
    const attempt = store.publish([
      { op: 'put', record: fee('fee-b', 999), expectedVersion: 1 },
      { op: 'put', record: fee('fee-a', 999), expectedVersion: 1 },
    ]);
    await expect(attempt).rejects.toThrow(VersionConflictError);
    await expect(attempt).rejects.toThrow(/fee\/fee-a: expected version 1, stored version is 2/);
    expect(await store.position()).toMatchObject(before);
    expect((await store.getRecord<FeeItem>('fee', 'fee-b'))?.amount).toEqual({ kind: 'fixed', fen: 100 });
    // The right version goes through; 0 means "must not exist yet".
    await store.publish([{ op: 'put', record: fee('fee-a', 300), expectedVersion: 2 }]);
    await expect(store.publish([{ op: 'put', record: fee('fee-a', 1), expectedVersion: 0 }])).rejects.toThrow(VersionConflictError);
    await store.publish([{ op: 'put', record: fee('fee-new', 1), expectedVersion: 0 }]);
    await store.close();
  });

  it('refuses deleting a record that does not exist and the same record twice in one batch', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await expect(store.publish([{ op: 'delete', type: 'fee', id: 'nope' }])).rejects.toThrow(/fee\/nope: id: 记录不存在或已删除/);
    await expect(store.publish(puts([fee('fee-a'), fee('fee-a')]))).rejects.toThrow(/同一次发布中同一条记录只能出现一次/);
    expect((await store.position()).seq).toBe(0);
    await store.close();
  });
});

describe('sqlite store: atomicity', () => {
  it('a record failing validation in the middle of a batch leaves seq and content unchanged', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish(puts(smallDataset()));
    const before = await store.snapshot(null);
    const bad = { ...fee('fee-bad'), amount: { kind: 'fixed', fen: 12.5 } } as unknown as ContentRecord;
    const badGuide = { ...guide('guide-bad'), fees: { kind: 'items', feeItemIds: [] } } as unknown as ContentRecord;
    const error = await store.publish(puts([fee('fee-ok-1'), bad, fee('fee-a', 4242), badGuide, fee('fee-ok-2')])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordValidationError);
    const problems = (error as RecordValidationError).problems;
    // Every problem of the batch is reported at once, with its position in the batch.
    expect(problems.map((p) => [p.index, p.id])).toEqual([
      [1, 'fee-bad'],
      [3, 'guide-bad'],
    ]);
    expect(problems[0]!.problems).toContainEqual({ field: 'amount.fen', message: '金额必须是整数（单位：分）' });
    expect(problems[1]!.problems).toContainEqual({ field: 'fees.feeItemIds', message: '收费事项至少列出一项收费标准，否则应标明不收费' });
    expect(await store.snapshot(null)).toEqual(before);
    await store.close();
  });

  it('an exception thrown mid-transaction rolls back every row, and the next publish has no gap', async () => {
    const dir = tempDir();
    let explode = true;
    const store = openSqliteStore({
      dataDir: dir,
      onChangeWritten: (seq) => {
        if (explode && seq === 3) throw new Error('simulated crash');
      },
    });
    await expect(store.publish(puts([fee('f1'), fee('f2'), fee('f3'), fee('f4')]))).rejects.toThrow('simulated crash');
    expect(await store.position()).toMatchObject({ seq: 0, minSeq: 0 });
    expect(await store.listRecords('fee')).toEqual([]);
    explode = false;
    const ok = await store.publish(puts([fee('f1')]));
    expect([ok.fromSeq, ok.toSeq]).toEqual([1, 1]);
    await store.close();
  });

  it('a process killed (SIGKILL) in the middle of a publish leaves nothing half-published', async () => {
    const dir = tempDir();
    const seed = openSqliteStore({ dataDir: dir });
    await seed.publish(puts(smallDataset()));
    const before = await seed.snapshot(null);
    await seed.close();

    const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), dir, '150', '300'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).not.toContain('publish finished');

    const reopened = openSqliteStore({ dataDir: dir });
    expect(await reopened.snapshot(null)).toEqual(before);
    const next = await reopened.publish(puts([fee('after-crash')]));
    expect(next.fromSeq).toBe(before.seq + 1);
    const seqs = (await allChanges(reopened)).map((c) => c.seq);
    expect(seqs).toEqual(Array.from({ length: before.seq + 1 }, (_, i) => i + 1));
    await reopened.close();
  });
});

describe('sqlite store: hall scoping', () => {
  it('a hall sees global records and its own only', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish(puts([...smallDataset(), notice('notice-county', 'hall:hall-county')]));
    const county = (await store.snapshot('hall-county')).records.map((r) => r.id);
    const village = (await store.snapshot('point-dongshan')).records.map((r) => r.id);
    expect(county).toContain('notice-county');
    expect(county).not.toContain('guide-village');
    expect(county).not.toContain('fee-c');
    expect(village).toContain('guide-village');
    expect(village).toContain('fee-c');
    expect(village).not.toContain('notice-county');
    expect(village).toContain('guide-dibao');
    await store.close();
  });

  it('moving a record out of a hall logs a tombstone that hall sees, before the put elsewhere', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish(puts([notice('n1', 'hall:hall-county'), notice('n2')]));
    const { toSeq } = await store.publish(puts([notice('n1', 'hall:point-dongshan'), notice('n2', 'hall:point-xihe')]));
    const countyTail = (await store.changesSince(2, 100, 'hall-county')).changes;
    expect(countyTail.map((c) => [c.id, c.op])).toEqual([
      ['n1', 'delete'],
      ['n2', 'delete'],
    ]);
    const dongshanTail = (await store.changesSince(2, 100, 'point-dongshan')).changes;
    // n2 was global: dongshan had it too and must drop it; n1 arrives there.
    expect(dongshanTail.map((c) => [c.id, c.op])).toEqual([
      ['n1', 'put'],
      ['n2', 'delete'],
    ]);
    const xiheTail = (await store.changesSince(2, 100, 'point-xihe')).changes;
    expect(xiheTail.map((c) => [c.id, c.op])).toEqual([
      ['n2', 'delete'],
      ['n2', 'put'],
    ]);
    expect(toSeq).toBe(6);
    // Back to global: nobody loses it, so no tombstone.
    const back = await store.publish(puts([notice('n1')]));
    expect(back.toSeq - back.fromSeq).toBe(0);
    await store.close();
  });

  it('position(hall) is the newest change that hall can see', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish(puts([notice('n1'), notice('n2', 'hall:point-xihe')]));
    expect(await store.position('hall-county')).toMatchObject({ seq: 1, minSeq: 0 });
    expect(await store.position('point-xihe')).toMatchObject({ seq: 2, minSeq: 0 });
    expect(await store.position()).toMatchObject({ seq: 2, minSeq: 0 });
    await store.close();
  });
});

describe('sqlite store: compaction', () => {
  const day = 86_400_000;

  it('drops superseded rows and tombstones older than the retention window and raises minSeq', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    const t0 = new Date('2026-01-01T00:00:00Z');
    await store.publish(puts([fee('a', 1), fee('b', 1), fee('c', 1)]), { now: t0 }); // 1-3
    await store.publish(puts([fee('a', 2)]), { now: new Date(t0.getTime() + 10 * day) }); // 4
    await store.publish([{ op: 'delete', type: 'fee', id: 'b' }], { now: new Date(t0.getTime() + 20 * day) }); // 5
    await store.publish(puts([fee('c', 2)]), { now: new Date(t0.getTime() + 200 * day) }); // 6
    const snapshotBefore = await store.snapshot(null);
    const tailBefore = await store.changesSince(5, 10, null);

    const result = await store.compact({ now: new Date(t0.getTime() + 115 * day), retentionDays: 90 });
    // Cutoff is seq 5 (the last published by day 25). Removed: a@1, b@2 and c@3 (superseded; c@3 only by
    // seq 6, after the cutoff, which still counts) and the tombstone b@5. a@4 is current: it stays.
    expect(result).toEqual({ removedChanges: 4, minSeq: 5 });
    expect((await allChanges(store)).map((c) => c.seq)).toEqual([4, 6]);
    expect(await store.position()).toMatchObject({ seq: 6, minSeq: 5 });
    expect(await store.snapshot(null)).toEqual({ ...snapshotBefore, minSeq: 5 });
    expect(await store.changesSince(5, 10, null)).toEqual(tailBefore);
    // Compaction never lowers minSeq and a later publish continues the seqs.
    expect((await store.compact({ now: t0, retentionDays: 90 })).minSeq).toBe(5);
    expect((await store.publish(puts([fee('d')]))).fromSeq).toBe(7);
    await store.close();
  });

  it('never reuses a seq even when the newest row was a compacted tombstone', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    const t0 = new Date('2026-01-01T00:00:00Z');
    await store.publish(puts([fee('a')]), { now: t0 });
    await store.publish([{ op: 'delete', type: 'fee', id: 'a' }], { now: t0 });
    await store.compact({ now: new Date(t0.getTime() + 100 * day), retentionDays: 90 });
    expect(await allChanges(store)).toEqual([]);
    expect((await store.publish(puts([fee('b')]))).fromSeq).toBe(3);
    await store.close();
  });
});

describe('sqlite store: media', () => {
  it('stores bytes content-addressed by SHA-256 and deduplicates', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    const bytes = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const ref = await store.putMedia(bytes, 'image/svg+xml');
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ref.size).toBe(bytes.byteLength);
    expect(await store.putMedia(bytes, 'image/svg+xml')).toEqual(ref);
    const got = await store.getMedia(ref.sha256);
    expect(Buffer.from(got!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(got!.ref.type).toBe('image/svg+xml');
    expect(await store.getMedia('0'.repeat(64))).toBeNull();
    await store.close();
  });

  it('refuses empty files and unsupported types, naming the field', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await expect(store.putMedia(new Uint8Array(), 'image/png')).rejects.toThrow(/bytes: 文件不能为空/);
    await expect(store.putMedia(new Uint8Array([1]), 'text/html' as 'image/png')).rejects.toThrow(/type: 不支持的媒体类型/);
    await store.close();
  });
});

describe('sqlite store: reads', () => {
  it('listRecords returns the live records of one type, getRecord the stored form', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish(puts(smallDataset()));
    expect((await store.listRecords<ServiceGuide>('guide')).map((g) => g.id)).toEqual(['guide-dibao', 'guide-village']);
    expect(await store.getRecord('guide', 'missing')).toBeNull();
    await store.close();
  });
});

describe('sqlite store: serialised fast paths', () => {
  it('changesSinceJson and snapshotJson are byte-identical to JSON.stringify of the object reads', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish(puts([...smallDataset(), notice('n-village', 'hall:point-dongshan')]));
    await store.publish([{ op: 'delete', type: 'fee', id: 'fee-b' }]);
    await store.publish(puts([{ ...notice('n-move'), title: '标题 "引号" \\ 反斜杠 \u2028 行分隔' }]));
    await store.publish(puts([notice('n-move', 'hall:hall-county')]));
    for (const hall of [null, 'hall-county', 'point-dongshan']) {
      for (const [since, limit] of [
        [0, 3],
        [0, 1000],
        [5, 2],
        [13, 10],
      ] as const) {
        const objects = await store.changesSince(since, limit, hall);
        const bytes = await store.changesSinceJson!(since, limit, hall);
        expect(Buffer.from(bytes.changesJson).toString('utf8')).toBe(JSON.stringify(objects.changes));
        expect([bytes.count, bytes.to, bytes.hasMore]).toEqual([objects.changes.length, objects.to, objects.hasMore]);
      }
      const snapshot = await store.snapshot(hall);
      const fast = await store.snapshotJson!(hall);
      expect(Buffer.from(fast.recordsJson).toString('utf8')).toBe(JSON.stringify(snapshot.records));
      expect([fast.seq, fast.minSeq, fast.count]).toEqual([snapshot.seq, snapshot.minSeq, snapshot.records.length]);
    }
    await store.close();
  });
});
