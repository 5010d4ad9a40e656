/**
 * The kiosk's offline store: implements ContentReader for the screens and the
 * write side used by the sync engine. Layout and its reasons: ./layout.ts.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type {
  Department,
  DutyException,
  DutyShift,
  FeeItem,
  Hall,
  Notice,
  Official,
  RecordOfType,
  RecordType,
  ServiceGuide,
} from '../../shared/content';
import type { ChangesPage, Snapshot } from '../../shared/feed/protocol';
import { MEDIA_RECORD_TYPES } from '../../shared/content/media-refs';
import { BlockWriter } from './block-writer';
import { departmentOrder, feeOrder, guideSummaryOrder, hallOrder, noticeOrder, officialOrder } from './record-order';
import type { ContentReader, GuideFilter, GuideSummary } from './content-reader';
import {
  DB_VERSION,
  DEFAULT_DB_NAME,
  EMPTY_SYNC_META,
  emptyIndex,
  otherGenerationRanges,
  type ContentState,
  type KioskDB,
  type SyncMeta,
  type TypeIndex,
} from './layout';
import { blocksOfRecords, type SnapshotBlockEvent } from './snapshot-blocks';
import { StoreError, toStoreError } from './store-errors';

export type { SyncMeta } from './layout';
export type { SnapshotBlockEvent } from './snapshot-blocks';

export interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

export interface OpenKioskStoreOptions {
  name?: string;
  /** Another tab holds an older version of the database open; staff must close it. */
  onBlocked?: (msg: string) => void;
  /** A newer version of the app wants to upgrade the database: this connection was closed, reload. */
  onVersionChange?: () => void;
}

export interface KioskStore extends ContentReader {
  /** Replaces all content with the snapshot, atomically with its cursor. Progress is reported per committed chunk. */
  applySnapshot(snapshot: Snapshot, onProgress?: (appliedRecords: number, totalRecords: number) => void): Promise<void>;
  /**
   * The same for a snapshot prepared elsewhere (the sync engine's snapshot worker): blocks are staged as
   * they arrive and the switch happens only after the source ended cleanly. A source that throws (a
   * rejected signature or record) leaves the old content and cursor, and its error is rethrown as is.
   */
  applySnapshotBlocks(
    source: AsyncIterable<SnapshotBlockEvent>,
    onProgress?: (appliedRecords: number, totalRecords: number) => void,
  ): Promise<{ seq: number; records: number }>;
  /** Applies one verified page and moves the cursor to page.to in ONE transaction; on failure nothing changes. */
  applyPage(page: ChangesPage): Promise<{ applied: number }>;
  getCursor(): Promise<number | null>;
  /** The cursor with the feed epoch it belongs to (null epoch: none recorded). */
  getFeedState(): Promise<{ cursor: number | null; epoch: string | null }>;
  /** Media hashes referenced by any stored record. */
  referencedMedia(): Promise<Set<string>>;
  putMedia(sha256: string, blob: Blob): Promise<void>;
  /** Stores several files in one transaction (a bundle's worth: one commit instead of dozens). */
  putMediaMany(files: { sha256: string; blob: Blob }[]): Promise<void>;
  hasMedia(sha256: string): Promise<boolean>;
  /** Which of these hashes the store lacks, with one read of the stored keys. */
  missingMedia(wanted: Iterable<string>): Promise<string[]>;
  /** Deletes every stored media file not in `referenced`; returns how many were deleted. */
  deleteMediaExcept(referenced: Set<string>): Promise<number>;
  meta: {
    read(): Promise<SyncMeta>;
    write(patch: Partial<SyncMeta>): Promise<SyncMeta>;
  };
  storageInfo(): Promise<StorageInfo>;
  close(): void;
}

const STATE_KEY = 'state';
const SYNC_KEY = 'sync';
const INITIAL_STATE: ContentState = { generation: 1, cursor: null, snapshotSeq: null, hall: null };
/**
 * A write transaction that has not finished after this long is treated as stuck: Chromium has been
 * seen to leave a transaction pending instead of failing it when the disk is full.
 */
const STALL_MS = 60_000;

async function commitOrStall(tx: { done: Promise<void>; abort(): void }, doing: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        tx.abort();
      } catch {
        // finished just now
      }
      reject(
        new StoreError('quota', `${doing}失败：写入本地存储 ${STALL_MS / 1000} 秒仍未完成（常见原因是设备存储空间已满），已保留原有内容。`),
      );
    }, STALL_MS);
  });
  try {
    await Promise.race([tx.done, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** Records per snapshot write transaction: big enough to amortise the commit, small enough for a live progress bar. */
const SNAPSHOT_CHUNK_RECORDS = 5000;

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

export async function openKioskStore(options: OpenKioskStoreOptions = {}): Promise<KioskStore> {
  let store: IdbKioskStore | undefined;
  const db = await openDB<KioskDB>(options.name ?? DEFAULT_DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('blocks');
      db.createObjectStore('indexes');
      db.createObjectStore('meta');
      db.createObjectStore('media');
    },
    blocked() {
      options.onBlocked?.('本地数据库正被另一个已打开的终端页面占用，无法升级。请关闭其他页面后重新加载。');
    },
    blocking() {
      // A newer app version is waiting: step aside so its upgrade can run, then tell the app to reload.
      store?.close();
      options.onVersionChange?.();
    },
    terminated() {
      options.onVersionChange?.();
    },
  });
  store = new IdbKioskStore(db, options.name ?? DEFAULT_DB_NAME);
  await store.init();
  return store;
}

class IdbKioskStore implements KioskStore {
  private state: ContentState = INITIAL_STATE;
  private readonly indexCache = new Map<string, TypeIndex>();
  private readonly blockCache = new Map<string, unknown[]>();
  private readonly mediaUrls = new Map<string, string>();
  private closed = false;
  /** Tells other tabs of the same kiosk (e.g. a staff tab) that the content moved, so they drop stale caches. */
  private readonly channel: BroadcastChannel | null;

  constructor(
    private readonly db: IDBPDatabase<KioskDB>,
    private readonly name: string,
  ) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`shk-kiosk-store:${name}`) : null;
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent<ContentState>) => {
        if (event.data && typeof event.data.generation === 'number') this.switchTo(event.data);
      };
    }
  }

  async init(): Promise<void> {
    this.state = ((await this.db.get('meta', STATE_KEY)) as ContentState | undefined) ?? INITIAL_STATE;
    // Staged blocks of a snapshot that was interrupted (power cut, crash) are garbage; but if another
    // tab holds the write lock it may be staging one right now, so leave them to the next start.
    await this.withWriteLock(() => this.clearOtherGenerations(this.state.generation), true);
  }

  /**
   * Serialises writers across tabs with the Web Locks API where it exists: two tabs of one kiosk
   * must not stage snapshots into the same generation or clear each other's staged blocks.
   */
  private async withWriteLock<T>(fn: () => Promise<T>, ifAvailable = false): Promise<T | undefined> {
    const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
    if (!locks) return fn();
    return locks.request(`shk-kiosk-store-write:${this.name}`, { ifAvailable }, async (lock) => (lock ? fn() : undefined));
  }

  private publishState(state: ContentState): void {
    this.switchTo(state);
    try {
      this.channel?.postMessage(state);
    } catch {
      // another tab simply refreshes later
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel?.close();
    this.db.close();
    for (const url of this.mediaUrls.values()) URL.revokeObjectURL(url);
    this.mediaUrls.clear();
  }

  // ---- write side -------------------------------------------------------

  async getCursor(): Promise<number | null> {
    const state = (await this.db.get('meta', STATE_KEY)) as ContentState | undefined;
    return state?.cursor ?? null;
  }

  async getFeedState(): Promise<{ cursor: number | null; epoch: string | null }> {
    const state = (await this.db.get('meta', STATE_KEY)) as ContentState | undefined;
    return { cursor: state?.cursor ?? null, epoch: state?.epoch ?? null };
  }

  async applySnapshot(snapshot: Snapshot, onProgress?: (applied: number, total: number) => void): Promise<void> {
    const events = blocksOfRecords(
      snapshot.seq,
      snapshot.hall,
      snapshot.records.map((e) => e.record),
      SNAPSHOT_CHUNK_RECORDS,
      snapshot.epoch ?? null,
    );
    // The records come from this caller, so a record that cannot be stored is a storage failure.
    await this.withWriteLock(() => this.applySnapshotBlocksLocked(toAsync(events), onProgress, true));
  }

  async applySnapshotBlocks(
    source: AsyncIterable<SnapshotBlockEvent>,
    onProgress?: (applied: number, total: number) => void,
  ): Promise<{ seq: number; records: number }> {
    return (await this.withWriteLock(() => this.applySnapshotBlocksLocked(source, onProgress, false)))!;
  }

  private async applySnapshotBlocksLocked(
    source: AsyncIterable<SnapshotBlockEvent>,
    onProgress: ((applied: number, total: number) => void) | undefined,
    sourceFailuresAreStoreFailures: boolean,
  ): Promise<{ seq: number; records: number }> {
    // Another tab may have moved on since this one opened.
    const current = ((await this.db.get('meta', STATE_KEY)) as ContentState | undefined) ?? INITIAL_STATE;
    const oldGeneration = current.generation;
    const generation = oldGeneration + 1;
    let sourceError: unknown = undefined;
    let header: Extract<SnapshotBlockEvent, { kind: 'start' }> | undefined;
    let applied = 0;
    try {
      await this.clearOtherGenerations(oldGeneration);
      let indexes: [RecordType, TypeIndex][] | undefined;
      // Up to two block transactions in flight: the next batch is verified, validated and
      // serialised (in the snapshot worker where there is one) while the previous one commits.
      const inflight: Promise<void>[] = [];
      const iterator = source[Symbol.asyncIterator]();
      try {
        for (;;) {
          let step: IteratorResult<SnapshotBlockEvent>;
          try {
            step = await iterator.next();
          } catch (err) {
            sourceError = err;
            throw err;
          }
          if (step.done) break;
          const event = step.value;
          if (event.kind === 'start') header = event;
          else if (event.kind === 'end') indexes = event.indexes;
          else if (event.blocks.length > 0) {
            const tx = this.db.transaction('blocks', 'readwrite');
            for (const block of event.blocks)
              tx.store.put({ ids: block.ids, json: block.json }, [generation, block.type, block.n]).catch(() => {});
            const done = commitOrStall(tx, '保存快照').then(() => {
              applied += event.records;
              // The start's total is the expected count (the server's, with split workers); applied is exact.
              onProgress?.(applied, Math.max(header?.total ?? 0, applied));
            });
            done.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
            inflight.push(done);
            if (inflight.length >= 2) await inflight.shift();
          }
        }
      } finally {
        // Stops the producer (the snapshot worker) when the store fails first.
        if (sourceError === undefined) await iterator.return?.().catch(() => {});
        await Promise.allSettled(inflight);
      }
      await Promise.all(inflight);
      if (!header || !indexes) throw new StoreError('failed', '保存快照失败：快照数据不完整，已保留原有内容。');

      // The switch: indexes of the new generation and the pointer to it, in one transaction.
      const next: ContentState = {
        generation,
        cursor: header.seq,
        snapshotSeq: header.seq,
        hall: header.hall,
        epoch: header.epoch ?? null,
      };
      const tx = this.db.transaction(['indexes', 'meta'], 'readwrite');
      for (const [type, index] of indexes)
        tx.objectStore('indexes')
          .put(index, [generation, type])
          .catch(() => {});
      tx.objectStore('meta')
        .put(next, STATE_KEY)
        .catch(() => {});
      await commitOrStall(tx, '保存快照');
      this.publishState(next);
      if (applied === 0) onProgress?.(0, 0);
    } catch (err) {
      // Old generation untouched; drop whatever was staged.
      await this.clearOtherGenerations(oldGeneration).catch(() => {});
      // A rejected snapshot (bad signature, bad record) keeps its own message for staff.
      if (err === sourceError && !sourceFailuresAreStoreFailures) throw err;
      throw toStoreError(err, '保存快照');
    }
    await this.clearOtherGenerations(generation).catch(() => {});
    return { seq: header.seq, records: applied };
  }

  async applyPage(page: ChangesPage): Promise<{ applied: number }> {
    return (await this.withWriteLock(() => this.applyPageLocked(page)))!;
  }

  private async applyPageLocked(page: ChangesPage): Promise<{ applied: number }> {
    const tx = this.db.transaction(['blocks', 'indexes', 'meta'], 'readwrite');
    try {
      const state = ((await tx.objectStore('meta').get(STATE_KEY)) as ContentState | undefined) ?? INITIAL_STATE;
      if (state.cursor === null) throw new StoreError('no-snapshot', '本地尚无快照，不能应用增量更新。');
      if (page.from !== state.cursor) {
        throw new StoreError('cursor-mismatch', `更新页从序号 ${page.from} 开始，但本地数据停在序号 ${state.cursor}。`);
      }
      const writer = new BlockWriter(tx, state.generation);
      for (const change of page.changes) {
        if (change.op === 'put') await writer.put(change.record);
        else await writer.delete(change.type, change.id);
      }
      writer.flush();
      const next: ContentState = { ...state, cursor: page.to };
      tx.objectStore('meta')
        .put(next, STATE_KEY)
        .catch(() => {});
      await commitOrStall(tx, '应用更新');
      this.publishState(next);
      return { applied: page.changes.length };
    } catch (err) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      await tx.done.catch(() => {});
      throw toStoreError(err, '应用更新');
    }
  }

  private switchTo(state: ContentState): void {
    this.state = state;
    this.indexCache.clear();
    this.blockCache.clear();
  }

  private async clearOtherGenerations(keep: number): Promise<void> {
    const tx = this.db.transaction(['blocks', 'indexes'], 'readwrite');
    for (const range of otherGenerationRanges(keep)) {
      tx.objectStore('blocks')
        .delete(range)
        .catch(() => {});
      tx.objectStore('indexes')
        .delete(range)
        .catch(() => {});
    }
    await tx.done;
  }

  // ---- media -------------------------------------------------------------

  async referencedMedia(): Promise<Set<string>> {
    const out = new Set<string>();
    // Every type that can hold media: a type left out here is never downloaded (floor plans once were).
    for (const type of MEDIA_RECORD_TYPES) {
      const index = await this.index(type);
      for (const hashes of Object.values(index.media ?? {})) for (const h of hashes) out.add(h);
    }
    return out;
  }

  async putMedia(sha256: string, blob: Blob): Promise<void> {
    const bytes = await blob.arrayBuffer();
    try {
      await this.db.put('media', { type: blob.type, bytes }, sha256);
    } catch (err) {
      throw toStoreError(err, '保存媒体文件');
    }
  }

  async putMediaMany(files: { sha256: string; blob: Blob }[]): Promise<void> {
    // Bytes first: an IndexedDB transaction closes when it waits on anything else.
    const rows = await Promise.all(files.map(async (f) => ({ sha256: f.sha256, type: f.blob.type, bytes: await f.blob.arrayBuffer() })));
    try {
      const tx = this.db.transaction('media', 'readwrite');
      await Promise.all([...rows.map((r) => tx.store.put({ type: r.type, bytes: r.bytes }, r.sha256)), tx.done]);
    } catch (err) {
      throw toStoreError(err, '保存媒体文件');
    }
  }

  async missingMedia(wanted: Iterable<string>): Promise<string[]> {
    const stored = new Set(await this.db.getAllKeys('media'));
    return [...wanted].filter((h) => !stored.has(h));
  }

  async hasMedia(sha256: string): Promise<boolean> {
    return (await this.db.getKey('media', sha256)) !== undefined;
  }

  async deleteMediaExcept(referenced: Set<string>): Promise<number> {
    const tx = this.db.transaction('media', 'readwrite');
    const keys = await tx.store.getAllKeys();
    let deleted = 0;
    for (const key of keys) {
      if (referenced.has(key)) continue;
      tx.store.delete(key).catch(() => {});
      deleted++;
      const url = this.mediaUrls.get(key);
      if (url) URL.revokeObjectURL(url);
      this.mediaUrls.delete(key);
    }
    await tx.done;
    return deleted;
  }

  async mediaUrl(sha256: string): Promise<string | undefined> {
    const cached = this.mediaUrls.get(sha256);
    if (cached) return cached;
    const stored = await this.db.get('media', sha256);
    if (!stored) return undefined;
    const url = URL.createObjectURL(new Blob([stored.bytes], { type: stored.type }));
    this.mediaUrls.set(sha256, url);
    return url;
  }

  async mediaFile(sha256: string): Promise<{ bytes: Uint8Array; type: string } | undefined> {
    const stored = await this.db.get('media', sha256);
    return stored ? { bytes: new Uint8Array(stored.bytes), type: stored.type } : undefined;
  }

  // ---- meta --------------------------------------------------------------

  readonly meta = {
    read: async (): Promise<SyncMeta> => ({ ...EMPTY_SYNC_META, ...((await this.db.get('meta', SYNC_KEY)) as SyncMeta | undefined) }),
    write: async (patch: Partial<SyncMeta>): Promise<SyncMeta> => {
      const tx = this.db.transaction('meta', 'readwrite');
      const next = { ...EMPTY_SYNC_META, ...((await tx.store.get(SYNC_KEY)) as SyncMeta | undefined), ...patch };
      tx.store.put(next, SYNC_KEY).catch(() => {});
      await tx.done;
      return next;
    },
  };

  async storageInfo(): Promise<StorageInfo> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    const estimate = await storage?.estimate?.().catch(() => undefined);
    const persisted = await storage?.persisted?.().catch(() => null);
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null };
  }

  // ---- read side ---------------------------------------------------------

  private async index(type: RecordType): Promise<TypeIndex> {
    const generation = this.state.generation;
    const key = `${generation}:${type}`;
    let index = this.indexCache.get(key);
    if (!index) {
      index = (await this.db.get('indexes', [generation, type])) ?? emptyIndex(type);
      if (this.state.generation === generation) this.indexCache.set(key, index);
    }
    return index;
  }

  private async blockRecords(type: RecordType, n: number): Promise<unknown[]> {
    const generation = this.state.generation;
    const key = `${generation}:${type}:${n}`;
    let records = this.blockCache.get(key);
    if (!records) {
      const block = await this.db.get('blocks', [generation, type, n]);
      records = block ? (JSON.parse(block.json) as unknown[]) : [];
      if (this.state.generation === generation) this.blockCache.set(key, records);
    }
    return records;
  }

  private async getRecord<T extends RecordType>(type: T, id: string): Promise<RecordOfType[T] | undefined> {
    const index = await this.index(type);
    const n = index.blockOf[id];
    if (n === undefined) return undefined;
    const records = (await this.blockRecords(type, n)) as RecordOfType[T][];
    return records.find((r) => r.id === id);
  }

  async allRecords<T extends RecordType>(type: T): Promise<RecordOfType[T][]> {
    const generation = this.state.generation;
    const index = await this.index(type);
    const out: RecordOfType[T][] = [];
    const missing: number[] = [];
    index.blockSizes.forEach((size, n) => {
      if (size > 0 && !this.blockCache.has(`${generation}:${type}:${n}`)) missing.push(n);
    });
    if (missing.length > 0) {
      // One read transaction for every uncached block of the type.
      const tx = this.db.transaction('blocks', 'readonly');
      const blocks = await Promise.all(missing.map((n) => tx.store.get([generation, type, n])));
      blocks.forEach((block, i) => {
        if (block && this.state.generation === generation)
          this.blockCache.set(`${generation}:${type}:${missing[i]}`, JSON.parse(block.json) as unknown[]);
      });
    }
    for (let n = 0; n < index.blockSizes.length; n++) {
      if ((index.blockSizes[n] ?? 0) === 0) continue;
      out.push(...((await this.blockRecords(type, n)) as RecordOfType[T][]));
    }
    return out;
  }

  async count(type: RecordType): Promise<number> {
    return Object.keys((await this.index(type)).blockOf).length;
  }

  getHall(id: string): Promise<Hall | undefined> {
    return this.getRecord('hall', id);
  }

  async listHalls(): Promise<Hall[]> {
    return (await this.allRecords('hall')).sort(hallOrder);
  }

  async listDepartments(): Promise<Department[]> {
    return (await this.allRecords('department')).sort(departmentOrder);
  }

  getDepartment(id: string): Promise<Department | undefined> {
    return this.getRecord('department', id);
  }

  async listGuideSummaries(filter: GuideFilter = {}): Promise<GuideSummary[]> {
    const index = await this.index('guide');
    return Object.values(index.summaries ?? {})
      .filter(
        (g) =>
          (!filter.departmentId || g.departmentId === filter.departmentId) &&
          (!filter.audience || g.audience.includes(filter.audience)) &&
          (!filter.topic || g.topics.includes(filter.topic)) &&
          (!filter.lifeEvent || g.lifeEvents.includes(filter.lifeEvent)),
      )
      .sort(guideSummaryOrder);
  }

  getGuide(id: string): Promise<ServiceGuide | undefined> {
    return this.getRecord('guide', id);
  }

  async getFees(ids: string[]): Promise<FeeItem[]> {
    const fees = await Promise.all(ids.map((id) => this.getRecord('fee', id)));
    return fees.filter((f): f is FeeItem => f !== undefined);
  }

  async listFees(departmentId?: string): Promise<FeeItem[]> {
    return (await this.allRecords('fee')).filter((f) => !departmentId || f.departmentId === departmentId).sort(feeOrder);
  }

  async listOfficials(): Promise<Official[]> {
    return (await this.allRecords('official')).sort(officialOrder);
  }

  getOfficial(id: string): Promise<Official | undefined> {
    return this.getRecord('official', id);
  }

  async listDutyShifts(hallId: string): Promise<DutyShift[]> {
    return (await this.allRecords('dutyShift')).filter((s) => s.hallId === hallId);
  }

  async listDutyExceptions(hallId: string): Promise<DutyException[]> {
    return (await this.allRecords('dutyException')).filter((e) => e.hallId === hallId);
  }

  async listNotices(): Promise<Notice[]> {
    return (await this.allRecords('notice')).sort(noticeOrder);
  }
}
