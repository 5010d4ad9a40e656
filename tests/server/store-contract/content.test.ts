/** ContentStore contract: the same cases on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { RecordValidationError, VersionConflictError } from '../../../src/server/store/content-store';
import type { FeeItem } from '../../../src/shared/content';
import { fee, guide, notice, puts, smallDataset } from '../support/fixtures';
import { DIALECTS, openDialect } from './dialects';

const NOW = new Date('2026-11-23T02:00:00Z');

describe.each(DIALECTS)('content store contract (%s)', (dialect) => {
  it('publishes a batch with consecutive seqs, version 1 and updatedAt with an offset', async () => {
    const { content } = await openDialect(dialect);
    const result = await content.publish(puts(smallDataset()), { now: NOW, actor: 'tester' });
    expect(result).toMatchObject({ fromSeq: 1, toSeq: smallDataset().length });
    const { changes } = await content.changesSince(0, 10_000, null);
    expect(changes.map((c) => c.seq)).toEqual(Array.from({ length: result.toSeq }, (_, i) => i + 1));
    const stored = await content.getRecord<FeeItem>('fee', 'fee-a');
    expect(stored).toMatchObject({ version: 1, updatedAt: '2026-11-23T10:00:00.000+08:00' });
    expect(await content.position()).toMatchObject({ seq: result.toSeq, minSeq: 0, epoch: expect.stringMatching(/^[0-9a-f]{24}$/) });
  });

  it('continues versions after delete and re-create, and keeps the log in order', async () => {
    const { content } = await openDialect(dialect);
    await content.publish(puts([fee('fee-a', 100)]));
    await content.publish(puts([fee('fee-a', 200)]));
    await content.publish([{ op: 'delete', type: 'fee', id: 'fee-a' }]);
    expect(await content.getRecord('fee', 'fee-a')).toBeNull();
    expect(await content.listRecords('fee')).toEqual([]);
    const recreated = await content.publish(puts([fee('fee-a', 300)]));
    expect(recreated.records[0]?.version).toBe(4);
    const { changes } = await content.changesSince(0, 100, null);
    expect(changes.map((c) => [c.seq, c.op])).toEqual([
      [1, 'put'],
      [2, 'put'],
      [3, 'delete'],
      [4, 'put'],
    ]);
  });

  it('refuses an invalid batch or a stale version whole, writing nothing', async () => {
    const { content } = await openDialect(dialect);
    await content.publish(puts([fee('fee-a', 100)]));
    const bad = { ...fee('fee-b', 100), name: '' };
    await expect(content.publish(puts([fee('fee-c', 1), bad]))).rejects.toBeInstanceOf(RecordValidationError);
    await expect(content.publish([{ op: 'put', record: fee('fee-a', 5), expectedVersion: 7 }])).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    await expect(content.publish([{ op: 'delete', type: 'fee', id: 'fee-none' }])).rejects.toBeInstanceOf(RecordValidationError);
    expect(await content.getRecord('fee', 'fee-c')).toBeNull();
    expect((await content.position()).seq).toBe(1);
    const ok = await content.publish([{ op: 'put', record: fee('fee-a', 5), expectedVersion: 1 }]);
    expect(ok).toMatchObject({ fromSeq: 2, toSeq: 2 });
  });

  it('scopes changes and snapshots per hall and writes a tombstone when a record leaves a hall', async () => {
    const { content } = await openDialect(dialect);
    await content.publish(puts([notice('n-global'), notice('n-county', 'hall:hall-county'), notice('n-town', 'hall:hall-town')]));
    const county = await content.changesSince(0, 100, 'hall-county');
    expect(county.changes.map((c) => c.id).sort()).toEqual(['n-county', 'n-global']);
    expect((await content.position('hall-town')).seq).toBe(3);
    expect((await content.position('hall-county')).seq).toBe(2);
    await content.publish(puts([notice('n-county', 'hall:hall-town')]));
    const after = await content.changesSince(3, 100, 'hall-county');
    expect(after.changes).toEqual([{ seq: 4, type: 'notice', id: 'n-county', op: 'delete' }]);
    const snapshot = await content.snapshot('hall-town');
    expect(snapshot.records.map((r) => r.id).sort()).toEqual(['n-county', 'n-global', 'n-town']);
    expect(snapshot.seq).toBe(5);
  });

  it('pages the log with a cursor and serves the byte fast paths exactly as JSON.stringify would', async () => {
    const { content } = await openDialect(dialect);
    await content.publish(puts(smallDataset()));
    await content.publish([{ op: 'delete', type: 'fee', id: 'fee-a' }]);
    const page = await content.changesSince(1, 2, null);
    expect(page).toMatchObject({ hasMore: true, to: 3 });
    const fast = await content.changesSinceJson!(1, 2, null);
    expect(Buffer.from(fast.changesJson).toString()).toBe(JSON.stringify(page.changes));
    const all = await content.changesSince(0, 1000, null);
    const allFast = await content.changesSinceJson!(0, 1000, null);
    expect(Buffer.from(allFast.changesJson).toString()).toBe(JSON.stringify(all.changes));
    expect(allFast).toMatchObject({ to: all.to, hasMore: false });
    const snapshot = await content.snapshot('hall-county');
    const snapshotFast = await content.snapshotJson!('hall-county');
    expect(Buffer.from(snapshotFast.recordsJson).toString()).toBe(JSON.stringify(snapshot.records));
    expect(snapshotFast.seq).toBe(snapshot.seq);
  });

  it('compacts superseded versions and old tombstones and raises minSeq', async () => {
    const { content } = await openDialect(dialect);
    const old = new Date('2026-01-01T00:00:00Z');
    await content.publish(puts([fee('fee-a', 1), fee('fee-b', 1)]), { now: old });
    await content.publish(puts([fee('fee-a', 2)]), { now: old });
    await content.publish([{ op: 'delete', type: 'fee', id: 'fee-b' }], { now: old });
    await content.publish(puts([guide('guide-new')]), { now: NOW });
    const result = await content.compact({ now: NOW, retentionDays: 30 });
    expect(result).toEqual({ removedChanges: 3, minSeq: 4 });
    const { changes } = await content.changesSince(0, 100, null);
    expect(changes.map((c) => c.seq)).toEqual([3, 5]);
    expect(await content.position()).toMatchObject({ seq: 5, minSeq: 4 });
  });

  it('stores media once by content hash and refuses empty files', async () => {
    const { content } = await openDialect(dialect);
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const ref = await content.putMedia(bytes, 'image/png');
    expect(await content.putMedia(bytes, 'image/png')).toEqual(ref);
    expect(Array.from((await content.getMedia(ref.sha256))!.bytes)).toEqual(Array.from(bytes));
    expect(await content.getMedia('0'.repeat(64))).toBeNull();
    await expect(content.putMedia(new Uint8Array(), 'image/png')).rejects.toBeInstanceOf(RecordValidationError);
  });

  it('keeps everything for a second store opened on the same data', async () => {
    const first = await openDialect(dialect);
    await first.content.publish(puts(smallDataset()));
    const second = await first.reopen();
    expect(await second.content.snapshot(null)).toEqual(await first.content.snapshot(null));
    const next = await second.content.publish(puts([notice('notice-2')]));
    expect(next.fromSeq).toBe(smallDataset().length + 1);
  });
});
