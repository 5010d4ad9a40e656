import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentRecord, RecordOfType, RecordType } from '../../../src/shared/content';
import { clearEmptyQueries, emptyQueryReport, recordEmptyQuery } from '../../../src/kiosk/search/empty-queries';
import { closeSearchDbs, deserialiseIndex, loadIndex, saveIndex, serialiseIndex, storedSize } from '../../../src/kiosk/search/persist';
import { SearchIndex } from '../../../src/kiosk/search/search-index';
import { createSearchService, type AppliedEvent } from '../../../src/kiosk/search/service';
import { fee, guide, smallDataset } from './fixtures';

let dbCounter = 0;
const freshDb = () => `shk-search-test-${++dbCounter}`;
afterEach(() => closeSearchDbs());

function memoryReader(records: ContentRecord[]) {
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    records,
    async allRecords<T extends RecordType>(type: T): Promise<RecordOfType[T][]> {
      reads++;
      return records.filter((r) => r.type === type) as RecordOfType[T][];
    },
  };
}

const QUERIES = ['dibao', '低保', '民政', 'a03', 'kuaiji', '登记费', '戶口遷移'];
const NOW = Date.parse('2026-11-23T10:00:00+08:00');

describe('persistence', () => {
  it('round-trips through serialisation with identical answers', () => {
    const index = SearchIndex.build(smallDataset(), 42);
    const before = index.canonicalState();
    const stored = serialiseIndex(index);
    const restored = deserialiseIndex(structuredClone(stored));
    expect(restored.cursor).toBe(42);
    expect(restored.canonicalState()).toBe(before);
    for (const q of QUERIES) expect(restored.search(q, { nowMs: NOW })).toEqual(index.search(q, { nowMs: NOW }));
    expect(storedSize(stored)).toBeGreaterThan(100);
  });

  it('builds in slices (yielding to the page) the same index as in one go', async () => {
    let yields = 0;
    const sliced = await SearchIndex.buildInSlices(smallDataset(), 3, 0, async () => {
      yields++;
    });
    expect(sliced.canonicalState()).toBe(SearchIndex.build(smallDataset(), 3).canonicalState());
    expect(yields).toBe(0); // fewer than 64 records: one slice
    const many = Array.from({ length: 200 }, (_, i) => fee(`f-${i}`, { name: `工本费${i}` }));
    const slicedMany = await SearchIndex.buildInSlices(many, 1, 0, async () => {
      yields++;
    });
    expect(yields).toBe(3);
    expect(slicedMany.canonicalState()).toBe(SearchIndex.build(many, 1).canonicalState());
  });

  it('saves to IndexedDB and loads only for the same cursor', async () => {
    const db = freshDb();
    const index = SearchIndex.build(smallDataset(), 7);
    await saveIndex(index, db);
    const loaded = await loadIndex(7, db);
    expect(loaded?.search('dibao', { nowMs: NOW }).groups.guide[0]?.id).toBe('g-dibao');
    expect(await loadIndex(8, db)).toBeNull();
    expect(await loadIndex(null, db)).toBeNull();
  });

  it('a restored index keeps taking incremental changes', async () => {
    const db = freshDb();
    await saveIndex(SearchIndex.build(smallDataset(), 7), db);
    const loaded = (await loadIndex(7, db))!;
    const extra = fee('f-extra', { name: '工本费' });
    loaded.applyChanges(
      [
        { seq: 8, type: 'fee', id: 'f-extra', op: 'put', record: extra },
        { seq: 9, type: 'guide', id: 'g-dibao', op: 'delete' },
      ],
      9,
    );
    const rebuilt = SearchIndex.build([...smallDataset().filter((r) => r.id !== 'g-dibao'), extra], 9);
    expect(loaded.canonicalState()).toBe(rebuilt.canonicalState());
  });
});

describe('search service', () => {
  it('builds on the first start and loads (without reading the store) on a cold start', async () => {
    const db = freshDb();
    const reader = memoryReader(smallDataset());
    const first = createSearchService({ reader, currentCursor: () => 12, dbName: db, saveDelayMs: 0 });
    await first.ready;
    expect(first.origin()).toBe('built');
    await first.flush();
    first.dispose();
    const readsAfterBuild = reader.reads;

    const second = createSearchService({ reader, currentCursor: () => 12, dbName: db });
    await second.ready;
    expect(second.origin()).toBe('loaded');
    expect(reader.reads).toBe(readsAfterBuild);
    expect(second.search('dibao', { nowMs: NOW })?.groups.guide[0]?.id).toBe('g-dibao');
    second.dispose();

    // The store moved on while the index was not saved: rebuild rather than show stale results.
    const third = createSearchService({ reader, currentCursor: () => 13, dbName: db });
    await third.ready;
    expect(third.origin()).toBe('built');
    third.dispose();
  });

  it('does not save while someone is searching, and saves once the screen is quiet', async () => {
    // Fake clocks, so "typing every 30 ms" stays true on a loaded machine. IndexedDB (fake-indexeddb)
    // runs on setImmediate, which stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const db = freshDb();
      const service = createSearchService({
        reader: memoryReader(smallDataset()),
        currentCursor: () => 4,
        dbName: db,
        saveDelayMs: 20,
        quietBeforeSaveMs: 150,
      });
      let ready = false;
      void service.ready.then(() => (ready = true));
      // The screen opened and someone started typing while the index was built, and goes on typing
      // a letter every 30 ms for well over the quiet period after it is ready.
      for (let typed = 0; !ready || typed < 20; typed++) {
        service.search('d');
        await vi.advanceTimersByTimeAsync(30);
        await new Promise((r) => setImmediate(r));
      }
      expect(await loadIndex(4, db)).toBeNull();
      // Quiet from now on: the save runs once quietBeforeSaveMs has passed.
      await vi.waitFor(async () => expect(await loadIndex(4, db)).not.toBeNull());
      service.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows applied pages in place and rebuilds after a snapshot', async () => {
    const records = smallDataset();
    const reader = memoryReader(records);
    let emit: (e: AppliedEvent) => void = () => {};
    const service = createSearchService({
      reader,
      currentCursor: () => 1,
      onApplied: (fn) => ((emit = fn), () => {}),
      dbName: freshDb(),
      saveDelayMs: 60_000,
    });
    await service.ready;
    let notified = 0;
    service.subscribe(() => notified++);
    const readsBefore = reader.reads;

    const added = guide('g-new', { name: '高龄津贴申领', plainName: '高龄补贴' });
    emit({ kind: 'changes', changes: [{ seq: 2, type: 'guide', id: 'g-new', op: 'put', record: added }], to: 2 });
    expect(service.search('gaoling')?.groups.guide[0]?.id).toBe('g-new');
    expect(service.index()?.cursor).toBe(2);
    expect(reader.reads).toBe(readsBefore);
    expect(notified).toBe(1);

    records.push(guide('g-snap', { name: '生育登记', plainName: '生孩子登记' }));
    emit({ kind: 'snapshot', seq: 10 });
    await vi.waitFor(() => expect(service.search('shengyu')?.groups.guide[0]?.id).toBe('g-snap'));
    service.dispose();
  });
});

describe('search service rebuild (the remote action)', () => {
  it('swaps in an index built from the store, answering from the old one meanwhile, and keeps pages applied during it', async () => {
    const records = smallDataset();
    const base = memoryReader(records);
    // The store read can be held open, to look at the service in the middle of a rebuild.
    let gate: Promise<void> | null = null;
    let reading = 0;
    const reader = {
      async allRecords<T extends RecordType>(type: T): Promise<RecordOfType[T][]> {
        reading++;
        if (gate) await gate;
        return base.allRecords(type);
      },
    };
    let emit: (e: AppliedEvent) => void = () => {};
    const db = freshDb();
    const service = createSearchService({
      reader,
      currentCursor: () => 1,
      onApplied: (fn) => ((emit = fn), () => {}),
      dbName: db,
      saveDelayMs: 60_000,
    });
    await service.ready;
    let notified = 0;
    service.subscribe(() => notified++);

    // The store changed under the index with no page applied (what a rebuild is for).
    records.push(guide('g-quiet', { name: '高龄津贴申领', plainName: '高龄补贴' }));
    expect(service.search('gaoling', { nowMs: NOW })?.total).toBe(0);

    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const readsBefore = reading;
    const rebuilt = service.rebuild();
    await vi.waitFor(() => expect(reading).toBeGreaterThan(readsBefore));
    // Mid-rebuild: the old index answers, and a page arrives.
    expect(service.search('dibao', { nowMs: NOW })?.groups.guide[0]?.id).toBe('g-dibao');
    expect(service.search('gaoling', { nowMs: NOW })?.total).toBe(0);
    const born = guide('g-page', { name: '殡葬补助金申领', plainName: '丧葬补助' });
    emit({ kind: 'changes', changes: [{ seq: 2, type: 'guide', id: 'g-page', op: 'put', record: born }], to: 2 });
    expect(service.search('binzang', { nowMs: NOW })?.total).toBe(0);
    expect(notified).toBe(0);

    open();
    const { index, saved } = await rebuilt;
    expect(saved).toBe(true);
    expect(service.index()).toBe(index);
    expect(service.origin()).toBe('built');
    expect(service.search('gaoling', { nowMs: NOW })?.groups.guide[0]?.id).toBe('g-quiet');
    expect(service.search('binzang', { nowMs: NOW })?.groups.guide[0]?.id).toBe('g-page');
    expect(index.cursor).toBe(2);
    expect(notified).toBeGreaterThan(0);
    // Saved in place of the stored index, with the page on top.
    const stored = await loadIndex(2, db);
    expect(stored?.canonicalState()).toBe(index.canonicalState());
    service.dispose();
  });

  it('a rebuild asked for during a snapshot rebuild runs after it, from the store as it is then', async () => {
    const records = smallDataset();
    let emit: (e: AppliedEvent) => void = () => {};
    const service = createSearchService({
      reader: memoryReader(records),
      currentCursor: () => 5,
      onApplied: (fn) => ((emit = fn), () => {}),
      dbName: freshDb(),
      saveDelayMs: 60_000,
    });
    await service.ready;
    emit({ kind: 'snapshot', seq: 5 });
    const rebuilt = service.rebuild();
    records.push(guide('g-late', { name: '高龄津贴申领', plainName: '高龄补贴' }));
    const { index } = await rebuilt;
    expect(index.search('gaoling', { nowMs: NOW }).groups.guide[0]?.id).toBe('g-late');
    expect(service.search('gaoling', { nowMs: NOW })?.groups.guide[0]?.id).toBe('g-late');
    service.dispose();
  });
});

describe('empty queries', () => {
  it('are counted per folded query and reported most frequent first', async () => {
    const db = freshDb();
    await clearEmptyQueries(db);
    await recordEmptyQuery('殡葬补贴', new Date('2026-11-23T01:00:00Z'), db);
    await recordEmptyQuery('殯葬補貼', new Date('2026-11-23T02:00:00Z'), db);
    await recordEmptyQuery('XYZ', new Date('2026-11-23T03:00:00Z'), db);
    await recordEmptyQuery('  ', new Date(), db);
    expect(await emptyQueryReport(db)).toEqual([
      { query: '殡葬补贴', count: 2, firstAt: '2026-11-23T01:00:00.000Z', lastAt: '2026-11-23T02:00:00.000Z' },
      { query: 'xyz', count: 1, firstAt: '2026-11-23T03:00:00.000Z', lastAt: '2026-11-23T03:00:00.000Z' },
    ]);
  });
});
