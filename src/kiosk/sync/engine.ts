/**
 * The sync loop, running in the page (no Background Sync API):
 *   no cursor -> snapshot (with progress) -> poll head with If-None-Match ->
 *   pages until hasMore=false -> media -> wait pollIntervalSeconds.
 * 410 resets from the snapshot; failures back off with full jitter and honour
 * Retry-After. Nothing is applied before it is verified, and the store writes
 * each page with its cursor atomically, so a failure anywhere keeps the old
 * content on screen.
 */
import { kioskLog } from '../log/kiosk-log';
import { DEFAULT_PAGE_LIMIT, type FeedChange } from '../../shared/feed/protocol';
import type { KioskConfig } from '../../shared/kiosk-config';
import { createServerClock } from '../../shared/time/server-clock';
import { isoWithLocalOffset } from '../../shared/time/zoned';
import type { KioskStore, StorageInfo } from '../store/kiosk-store';
import { StoreError, toStoreError } from '../store/store-errors';
import { backoffDelayMs, pollDelayMs, retryAfterDelayMs } from './backoff';
import { createFeedClient, CursorGoneError, HttpStatusError, NetworkError, type FeedClient } from './feed-client';
import { FeedRejectedError } from './verify';

export type SyncPhase = 'starting' | 'snapshot' | 'idle' | 'syncing' | 'offline' | 'error';

export interface SnapshotProgressStatus {
  loadedBytes: number;
  totalBytes: number | null;
  appliedRecords: number;
  totalRecords: number | null;
}

export interface SyncStatus {
  phase: SyncPhase;
  /** Set while a snapshot downloads and applies; null otherwise. */
  snapshotProgress: SnapshotProgressStatus | null;
  cursor: number | null;
  headSeq: number | null;
  /** Last successful poll, ISO 8601 with offset, by the server-corrected clock. */
  lastSyncAt: string | null;
  /** A sentence staff can act on; null after a clean poll. */
  lastError: string | null;
  /** Whether the last request reached the server. */
  online: boolean;
  storage: StorageInfo;
  clockOffsetMs: number;
  /** Consecutive failed polls (0 after a success). */
  failures: number;
  /** Delay chosen for the next poll after the last cycle, ms (a timer is set only while started; null while a cycle runs). */
  nextPollInMs: number | null;
}

export type AppliedEvent = { kind: 'snapshot'; seq: number } | { kind: 'changes'; changes: FeedChange[]; to: number };

export interface SyncEngine {
  start(): void;
  stop(): void;
  /** Runs one poll cycle now (or joins the one running) and resolves when it ends; never rejects. */
  syncNow(): Promise<void>;
  status(): SyncStatus;
  subscribe(fn: (status: SyncStatus) => void): () => void;
  onApplied(fn: (event: AppliedEvent) => void): () => void;
  /** The kiosk clock corrected by the server's Date header. */
  serverNow(): number;
}

export interface SyncEngineOptions {
  config: KioskConfig;
  store: KioskStore;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  afterPoll?: (status: SyncStatus) => void | Promise<void>;
  /** Changes per page requested (the server may cap it). */
  pageLimit?: number;
}

const MEDIA_CONCURRENCY = 4;

function mark(name: string, detail: unknown): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') {
    try {
      performance.mark(name, { detail });
    } catch {
      // marks are for benchmarks only
    }
  }
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { config, store } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const pageLimit = options.pageLimit ?? DEFAULT_PAGE_LIMIT;
  let clock = createServerClock({ now });
  let client: FeedClient | undefined;

  let status: SyncStatus = {
    phase: 'starting',
    snapshotProgress: null,
    cursor: null,
    headSeq: null,
    lastSyncAt: null,
    lastError: null,
    online: typeof navigator === 'undefined' || navigator.onLine !== false,
    storage: { usage: null, quota: null, persisted: null },
    clockOffsetMs: 0,
    failures: 0,
    nextPollInMs: null,
  };
  const statusListeners = new Set<(s: SyncStatus) => void>();
  const appliedListeners = new Set<(e: AppliedEvent) => void>();
  let etag: string | null = null;
  let mediaPending = true;
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  let loaded: Promise<void> | null = null;

  function update(patch: Partial<SyncStatus>): void {
    status = { ...status, ...patch };
    for (const fn of statusListeners) {
      try {
        fn(status);
      } catch (err) {
        kioskLog.error('sync status listener failed', err);
      }
    }
  }

  function emitApplied(event: AppliedEvent): void {
    for (const fn of appliedListeners) {
      try {
        fn(event);
      } catch (err) {
        kioskLog.error('applied-changes listener failed', err);
      }
    }
  }

  /** Restores what the last session knew, so the staff panel and clock are right while offline. */
  function loadPersisted(): Promise<void> {
    loaded ??= (async () => {
      const [meta, cursor] = await Promise.all([store.meta.read(), store.getCursor()]);
      // Offline after a restart, the last measured offset is still the best guess.
      clock = createServerClock({ now, initialOffsetMs: meta.clockOffsetMs });
      update({ cursor, headSeq: meta.headSeen, lastSyncAt: meta.lastSyncAt, lastError: meta.lastError, clockOffsetMs: clock.offsetMs() });
      client = createFeedClient({ config, fetch: options.fetch ?? globalThis.fetch.bind(globalThis), clock, now });
      if (!meta.persistRequested && typeof navigator !== 'undefined' && navigator.storage?.persist) {
        // Ask once, on first run: a persisted origin is not evicted under storage pressure.
        await navigator.storage.persist().catch(() => false);
        await store.meta.write({ persistRequested: true });
      }
    })();
    return loaded;
  }

  async function takeSnapshot(feed: FeedClient): Promise<void> {
    const progress: SnapshotProgressStatus = { loadedBytes: 0, totalBytes: null, appliedRecords: 0, totalRecords: null };
    update({ phase: 'snapshot', snapshotProgress: { ...progress } });
    const source = await feed.snapshot(
      (p) => update({ snapshotProgress: { ...progress, loadedBytes: p.loadedBytes, totalBytes: p.totalBytes } }),
      () => mark('shk:snapshot-fetched', {}),
    );
    const fetched = status.snapshotProgress ?? progress;
    // Verification, validation and staging overlap (snapshot-source.ts); the store switches only at the end.
    const snapshot = await store.applySnapshotBlocks(source, (applied, total) =>
      update({ snapshotProgress: { ...fetched, appliedRecords: applied, totalRecords: total } }),
    );
    mark('shk:snapshot-applied', { records: snapshot.records });
    mediaPending = true;
    // The content is current as of now: say so at once (and keep it), not only when the whole cycle with
    // its media downloads ends, so a kiosk that goes offline right after its first snapshot does not
    // claim to have no data.
    const lastSyncAt = isoWithLocalOffset(clock.now());
    update({ cursor: snapshot.seq, snapshotProgress: null, headSeq: Math.max(status.headSeq ?? 0, snapshot.seq), lastSyncAt });
    await store.meta.write({ lastSyncAt, headSeen: status.headSeq }).catch(() => {});
    emitApplied({ kind: 'snapshot', seq: snapshot.seq });
  }

  async function pullChanges(feed: FeedClient, target: number): Promise<void> {
    let cursor = await store.getCursor();
    let raced = 0;
    let resets = 0;
    while (cursor !== null && cursor < target) {
      let page;
      try {
        page = await feed.changes(cursor, pageLimit);
        // Full pages come from the HTTP cache when they can (they never change). A tail page may be up to
        // max-age (2 s) old: if it stops short of the head just seen, ask the server again.
        if (!page.hasMore && page.to < target) page = await feed.changes(cursor, pageLimit, 'no-cache');
      } catch (err) {
        if (!(err instanceof CursorGoneError)) throw err;
        // One reset per cycle: a server that answers 410 right after its own snapshot is broken, not behind.
        if (++resets > 1) throw new FeedRejectedError('format', '服务器在提供快照后仍要求重新下载（410），已停止本轮同步，稍后重试。');
        etag = null;
        await takeSnapshot(feed);
        cursor = await store.getCursor();
        continue;
      }
      if (page.from !== cursor)
        throw new FeedRejectedError('format', `服务器返回的更新页从序号 ${page.from} 开始，请求的是 ${cursor}，已拒绝。`);
      if (page.hasMore && page.to <= cursor)
        throw new FeedRejectedError('format', `服务器返回的更新页没有前进（序号停在 ${cursor}），已停止本轮同步。`);
      try {
        await store.applyPage(page);
      } catch (err) {
        // Another tab of this kiosk applied pages meanwhile: carry on from where the store is now.
        if (err instanceof StoreError && err.code === 'cursor-mismatch' && ++raced <= 3) {
          cursor = await store.getCursor();
          continue;
        }
        throw err;
      }
      mark('shk:page-applied', { to: page.to, count: page.changes.length });
      cursor = page.to;
      if (page.changes.length > 0) mediaPending = true;
      update({ cursor, headSeq: Math.max(status.headSeq ?? 0, page.to) });
      emitApplied({ kind: 'changes', changes: page.changes, to: page.to });
      if (!page.hasMore) break;
    }
  }

  /** Downloads media that records reference and the store lacks; deletes what nothing references. Returns a problem or null. */
  async function syncMedia(feed: FeedClient): Promise<string | null> {
    if (!mediaPending) return null;
    const referenced = await store.referencedMedia();
    const missing: string[] = [];
    for (const hash of referenced) if (!(await store.hasMedia(hash))) missing.push(hash);
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const hash = missing[next++]!;
        try {
          await store.putMedia(hash, await feed.media(hash));
        } catch (err) {
          if (err instanceof NetworkError || err instanceof StoreError) throw err;
          problems.push((err as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(MEDIA_CONCURRENCY, missing.length) }, worker));
    await store.deleteMediaExcept(referenced);
    if (problems.length === 0) {
      mediaPending = false;
      return null;
    }
    return problems.length === 1 ? problems[0]! : `${problems.length} 个媒体文件下载失败，例如：${problems[0]}`;
  }

  async function cycle(): Promise<void> {
    await loadPersisted();
    const feed = client!;
    let delay: number;
    try {
      let cursor = await store.getCursor();
      update({ phase: cursor === null ? 'snapshot' : 'syncing', cursor });
      if (cursor === null) {
        await takeSnapshot(feed);
        cursor = await store.getCursor();
      }
      const head = await feed.head(etag);
      if (head.changed) {
        etag = head.etag;
        update({ headSeq: head.head.seq });
        if (cursor !== null && cursor < head.head.minSeq) {
          // Too far behind: the changes were compacted away. Reset cleanly instead of asking for a 410.
          await takeSnapshot(feed);
        }
      }
      await pullChanges(feed, status.headSeq ?? 0);
      const mediaProblem = await syncMedia(feed);
      const lastSyncAt = isoWithLocalOffset(clock.now());
      update({ phase: 'idle', online: true, failures: 0, lastError: mediaProblem, lastSyncAt, snapshotProgress: null });
      delay = pollDelayMs(config.pollIntervalSeconds, random);
    } catch (err) {
      const failures = status.failures + 1;
      const offline = err instanceof NetworkError;
      const retryAfterMs = err instanceof HttpStatusError ? err.retryAfterMs : null;
      update({
        phase: offline ? 'offline' : 'error',
        online: !offline,
        failures,
        lastError: describeSyncError(err),
        snapshotProgress: null,
      });
      delay = retryAfterMs != null ? retryAfterDelayMs(retryAfterMs, random) : backoffDelayMs(failures, random);
    }
    const storage = await store.storageInfo().catch(() => status.storage);
    update({ storage, clockOffsetMs: clock.offsetMs(), nextPollInMs: delay, cursor: await store.getCursor().catch(() => status.cursor) });
    await store.meta
      .write({
        lastSyncAt: status.lastSyncAt,
        lastError: status.lastError,
        headSeen: status.headSeq,
        clockOffsetMs: clock.measured() ? clock.offsetMs() : null,
      })
      .catch(() => {});
    try {
      await options.afterPoll?.(status);
    } catch (err) {
      kioskLog.error('afterPoll hook failed', err);
    }
    if (started) schedule(delay);
  }

  function schedule(delay: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => void syncNow(), delay);
  }

  function syncNow(): Promise<void> {
    if (running) return running;
    clearTimeout(timer);
    update({ nextPollInMs: null });
    running = cycle()
      .catch((err) => {
        // cycle() handles its own failures; this only guards against a bug leaving the loop dead.
        kioskLog.error('sync cycle failed unexpectedly', err);
        update({ phase: 'error', lastError: describeSyncError(err) });
        if (started) schedule(backoffDelayMs(status.failures + 1, random));
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  const onOnline = () => {
    if (status.phase === 'offline' || status.phase === 'error') void syncNow();
  };

  return {
    start() {
      if (started) return;
      started = true;
      if (typeof window !== 'undefined') window.addEventListener('online', onOnline);
      void syncNow();
    },
    stop() {
      started = false;
      clearTimeout(timer);
      if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
      update({ nextPollInMs: null });
    },
    syncNow,
    status: () => status,
    subscribe(fn) {
      statusListeners.add(fn);
      void loadPersisted().catch(() => {});
      return () => statusListeners.delete(fn);
    },
    onApplied(fn) {
      appliedListeners.add(fn);
      return () => appliedListeners.delete(fn);
    },
    serverNow: () => clock.now(),
  };
}

/** One sentence for the staff panel; says what happened and what is kept. */
export function describeSyncError(err: unknown): string {
  if (err instanceof NetworkError) return `${err.message}。继续显示已保存的内容。`;
  if (err instanceof HttpStatusError || err instanceof FeedRejectedError || err instanceof StoreError) return err.message;
  if (err instanceof CursorGoneError) return '本地数据过旧，需要重新下载全部内容。';
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'InvalidStateError' || name === 'QuotaExceededError') return toStoreError(err, '同步').message;
  return `同步出错，已保留原有内容：${err instanceof Error ? err.message : String(err)}`;
}
