import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { validateRecord, type ContentRecord } from '../../../src/shared/content';
import type { ChangesPage } from '../../../src/shared/feed/protocol';
import { openKioskStore, type KioskStore } from '../../../src/kiosk/store/kiosk-store';
import { fee, guide, hall, official, smallContent, snapshotOf } from './fixtures';

let dbCounter = 0;
const freshName = () => `store-test-${process.pid}-${++dbCounter}`;

function page(from: number, to: number, changes: ChangesPage['changes']): ChangesPage {
  return { formatVersion: 1, hall: 'hall-county', from, to, hasMore: false, changes };
}

const put = (seq: number, record: ContentRecord) => ({ seq, type: record.type, id: record.id, op: 'put' as const, record });

describe('kiosk store', () => {
  it('fixtures are valid records (so the tests exercise real content)', () => {
    for (const r of smallContent(3, 3)) expect(validateRecord(r)).toMatchObject({ ok: true });
  });

  it('starts empty with no cursor', async () => {
    const store = await openKioskStore({ name: freshName() });
    expect(await store.getCursor()).toBeNull();
    expect(await store.listGuideSummaries()).toEqual([]);
    expect(await store.getGuide('g-1')).toBeUndefined();
    store.close();
  });

  it('applies a snapshot, reports progress, and reads every type back', async () => {
    const store = await openKioskStore({ name: freshName() });
    const progress: [number, number][] = [];
    const records = smallContent(250, 1700);
    await store.applySnapshot(snapshotOf(records, 42), (a, t) => progress.push([a, t]));
    expect(await store.getCursor()).toBe(42);
    expect(progress.at(-1)).toEqual([records.length, records.length]);
    expect(progress.map(([a]) => a)).toEqual([...progress.map(([a]) => a)].sort((x, y) => x - y));
    expect(await store.count('guide')).toBe(250);
    expect(await store.count('fee')).toBe(1700);
    expect((await store.getGuide('g-123'))?.name).toBe('最低生活保障申请 g-123');
    expect((await store.getFees(['f-5', 'missing', 'f-1699'])).map((f) => f.id)).toEqual(['f-5', 'f-1699']);
    expect((await store.listFees('dept-zrzy')).length).toBe(1700);
    expect(await store.listFees('dept-mz')).toEqual([]);
    expect((await store.getHall('hall-county'))?.timezone).toBe('Asia/Shanghai');
    expect((await store.listDepartments()).map((d) => d.id)).toEqual(['dept-mz', 'dept-zrzy']);
    expect((await store.listDutyShifts('hall-county')).length).toBe(1);
    expect(await store.listDutyShifts('point-xihe')).toEqual([]);
    expect((await store.listNotices()).length).toBe(1);
    expect((await store.allRecords('guide')).length).toBe(250);
    store.close();
  });

  it('lists guide summaries filtered and ordered by popularity without whole guides', async () => {
    const store = await openKioskStore({ name: freshName() });
    await store.applySnapshot(snapshotOf(smallContent(10, 1), 1));
    const mz = await store.listGuideSummaries({ departmentId: 'dept-mz' });
    expect(mz.map((g) => g.id)).toEqual(['g-9', 'g-7', 'g-5', 'g-3', 'g-1']);
    expect(mz[0]).not.toHaveProperty('materials');
    expect(await store.listGuideSummaries({ audience: 'legal-entity' })).toEqual([]);
    expect((await store.listGuideSummaries({ topic: '社会救助' })).length).toBe(10);
    store.close();
  });

  it('a second snapshot replaces the content entirely (records missing from it are gone)', async () => {
    const name = freshName();
    const store = await openKioskStore({ name });
    await store.applySnapshot(snapshotOf(smallContent(20, 5), 10));
    await store.applySnapshot(snapshotOf([guide('g-new')], 99));
    expect(await store.getCursor()).toBe(99);
    expect((await store.listGuideSummaries()).map((g) => g.id)).toEqual(['g-new']);
    expect(await store.count('fee')).toBe(0);
    store.close();
    const reopened = await openKioskStore({ name });
    expect(await reopened.getCursor()).toBe(99);
    expect((await reopened.getGuide('g-new'))?.id).toBe('g-new');
    reopened.close();
  });

  it('applies a page of puts and deletes with the cursor, and survives reopening', async () => {
    const name = freshName();
    const store = await openKioskStore({ name });
    await store.applySnapshot(snapshotOf(smallContent(150, 10), 100));
    await store.applyPage(
      page(100, 104, [
        put(101, guide('g-3', { version: 2, name: '改名后的指南' })),
        put(102, guide('g-brand-new')),
        { seq: 103, type: 'fee', id: 'f-2', op: 'delete' },
        { seq: 104, type: 'fee', id: 'never-existed', op: 'delete' },
      ]),
    );
    expect(await store.getCursor()).toBe(104);
    expect((await store.getGuide('g-3'))?.name).toBe('改名后的指南');
    expect((await store.listGuideSummaries()).find((g) => g.id === 'g-3')?.name).toBe('改名后的指南');
    expect(await store.getGuide('g-brand-new')).toBeDefined();
    expect(await store.getFees(['f-2'])).toEqual([]);
    expect(await store.count('guide')).toBe(151);
    store.close();
    const reopened = await openKioskStore({ name });
    expect(await reopened.getCursor()).toBe(104);
    expect((await reopened.getGuide('g-3'))?.version).toBe(2);
    expect(await reopened.count('fee')).toBe(9);
    reopened.close();
  });

  it('refuses a page that does not start at the cursor, changing nothing', async () => {
    const store = await openKioskStore({ name: freshName() });
    await store.applySnapshot(snapshotOf(smallContent(3, 1), 5));
    await expect(store.applyPage(page(7, 9, [put(8, guide('g-x'))]))).rejects.toThrow(/序号 7.*序号 5/);
    expect(await store.getCursor()).toBe(5);
    expect(await store.getGuide('g-x')).toBeUndefined();
    store.close();
  });

  it('refuses a page before any snapshot', async () => {
    const store = await openKioskStore({ name: freshName() });
    await expect(store.applyPage(page(0, 1, [put(1, guide('g-x'))]))).rejects.toThrow(/尚无快照/);
    store.close();
  });

  it('a failure inside the page transaction leaves records and cursor as they were', async () => {
    const name = freshName();
    const store = await openKioskStore({ name });
    await store.applySnapshot(snapshotOf(smallContent(5, 5), 10));
    // The guide block is written first; the fee below cannot be serialised (a BigInt), so the
    // transaction fails after some writes were already queued.
    const poisoned = { ...fee('f-1', { version: 9 }), amount: { kind: 'fixed', fen: 10n } } as unknown as ContentRecord;
    await expect(
      store.applyPage(page(10, 12, [put(11, guide('g-1', { version: 2, name: '不应出现' })), put(12, poisoned)])),
    ).rejects.toThrow(/应用更新失败/);
    expect(await store.getCursor()).toBe(10);
    expect((await store.getGuide('g-1'))?.name).toBe('最低生活保障申请 g-1');
    store.close();
    const reopened = await openKioskStore({ name });
    expect(await reopened.getCursor()).toBe(10);
    expect((await reopened.getGuide('g-1'))?.version).toBe(1);
    expect((await reopened.getFees(['f-1']))[0]?.version).toBe(1);
    reopened.close();
  });

  it('a failed snapshot keeps the previous content and cursor', async () => {
    const store = await openKioskStore({ name: freshName() });
    await store.applySnapshot(snapshotOf(smallContent(5, 5), 10));
    const poisoned = { ...fee('f-bad'), amount: { kind: 'fixed', fen: 1n } } as unknown as ContentRecord;
    await expect(store.applySnapshot(snapshotOf([...smallContent(50, 50), poisoned], 20))).rejects.toThrow(/保存快照失败/);
    expect(await store.getCursor()).toBe(10);
    expect(await store.count('guide')).toBe(5);
    store.close();
  });

  it('tracks referenced media and deletes what nothing references', async () => {
    const store = await openKioskStore({ name: freshName() });
    const h1 = 'a'.repeat(64);
    const h2 = 'b'.repeat(64);
    const photo = (sha256: string) => ({ sha256, type: 'image/png' as const, size: 3, alt: '' });
    await store.applySnapshot(snapshotOf([official('o1', { photo: photo(h1) }), official('o2', { photo: photo(h2) })], 3));
    expect(await store.referencedMedia()).toEqual(new Set([h1, h2]));
    await store.putMedia(h1, new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }));
    await store.putMedia(h2, new Blob([new Uint8Array([4, 5, 6])], { type: 'image/png' }));
    expect(await store.hasMedia(h1)).toBe(true);
    const url = await store.mediaUrl(h1);
    expect(url).toMatch(/^blob:/);
    await store.applyPage(page(3, 4, [{ seq: 4, type: 'official', id: 'o2', op: 'delete' }]));
    const referenced = await store.referencedMedia();
    expect(referenced).toEqual(new Set([h1]));
    expect(await store.deleteMediaExcept(referenced)).toBe(1);
    expect(await store.hasMedia(h2)).toBe(false);
    expect(await store.hasMedia(h1)).toBe(true);
    store.close();
  });

  it("counts a hall's floor plans as referenced media, so the kiosk downloads them", async () => {
    const store = await openKioskStore({ name: freshName() });
    const plan = 'c'.repeat(64);
    const image = { sha256: plan, type: 'image/svg+xml' as const, size: 100, alt: '1楼平面图' };
    await store.applySnapshot(snapshotOf([hall('hall-county', { floorPlans: [{ floor: '1楼', image, places: [] }] })], 2));
    expect(await store.referencedMedia()).toEqual(new Set([plan]));
    store.close();
  });

  it('keeps sync metadata', async () => {
    const name = freshName();
    const store: KioskStore = await openKioskStore({ name });
    expect((await store.meta.read()).lastError).toBeNull();
    await store.meta.write({ lastError: 'x', headSeen: 7, clockOffsetMs: -1200 });
    await store.meta.write({ lastError: null });
    store.close();
    const reopened = await openKioskStore({ name });
    expect(await reopened.meta.read()).toMatchObject({ lastError: null, headSeen: 7, clockOffsetMs: -1200 });
    reopened.close();
  });

  it('a second connection (another tab) sees content applied by the first', async () => {
    const name = freshName();
    const writer = await openKioskStore({ name });
    const reader = await openKioskStore({ name });
    await writer.applySnapshot(snapshotOf(smallContent(3, 1), 5));
    // The other connection learns of it through BroadcastChannel, which delivers asynchronously.
    await expect.poll(async () => (await reader.getGuide('g-1'))?.version).toBe(1);
    await writer.applyPage(page(5, 6, [put(6, guide('g-1', { version: 2 }))]));
    await expect.poll(async () => (await reader.getGuide('g-1'))?.version).toBe(2);
    expect(await reader.getCursor()).toBe(6);
    writer.close();
    reader.close();
  });

  it('closes and reports when a newer version of the database wants to open', async () => {
    const name = freshName();
    let versionChange = 0;
    await openKioskStore({ name, onVersionChange: () => versionChange++ });
    const newer = indexedDB.open(name, 99);
    await new Promise<void>((resolve, reject) => {
      newer.onsuccess = () => {
        newer.result.close();
        resolve();
      };
      newer.onerror = () => reject(newer.error);
    });
    expect(versionChange).toBe(1);
  });
});
