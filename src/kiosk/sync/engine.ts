/**
 * The sync loop, running in the page (no Background Sync API):
 *   no cursor -> snapshot (with progress) -> poll head with If-None-Match ->
 *   pages until hasMore=false -> media -> wait pollIntervalSeconds.
 * A verified 410 resets from the snapshot; failures back off with full jitter
 * and honour Retry-After. Nothing is applied before it is verified, and the
 * store writes each page with its cursor atomically, so a failure anywhere
 * keeps the old content on screen.
 *
 * Feed v2 trust rules (docs/feed-protocol.md section 9): a new epoch in a
 * verified, unexpired head resets from the snapshot; a snapshot older than the
 * cursor is refused unless a verified 410 'cursor-ahead' proves the server went
 * back; only an unexpired signed head confirms the content is current, and
 * without one for staleAfterSeconds the kiosk says how old its data is. After
 * a verification failure the next requests bypass the HTTP cache.
 */
import { kioskLog } from '../log/kiosk-log';
import { DEFAULT_PAGE_LIMIT, type AnnouncedKey, type FeedChange } from '../../shared/feed/protocol';
import { MEDIA_BUNDLE_MAX_FILES } from '../../shared/feed/media-bundle';
import type { KioskConfig } from '../../shared/kiosk-config';
import { createServerClock } from '../../shared/time/server-clock';
import { isoWithLocalOffset } from '../../shared/time/zoned';
import type { KioskStore, StorageInfo } from '../store/kiosk-store';
import { StoreError, toStoreError } from '../store/store-errors';
import { backoffDelayMs, pollDelayMs, retryAfterDelayMs } from './backoff';
import {
  createFeedClient,
  CursorGoneError,
  HttpStatusError,
  NetworkError,
  type CacheMode,
  type FeedClient,
  type VerifiedHead,
} from './feed-client';
import type { SnapshotBlockEvent } from '../store/snapshot-blocks';
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
  /** Seconds since a fresh signed head last confirmed the content (lastSyncAt); null before the first. */
  dataAgeSeconds: number | null;
  /** No fresh signed head for longer than staleAfterSeconds: the screens show the data age prominently. */
  stale: boolean;
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
    dataAgeSeconds: null,
    stale: false,
  };
  const staleAfterMs = (config.staleAfterSeconds ?? 3600) * 1000;
  /** The last verified head: a 304 confirms freshness only while it has not expired. */
  let heldHead: VerifiedHead | null = null;
  /** Set by a verification failure: until a clean cycle, requests bypass the browser's HTTP cache. */
  let distrustCache = false;
  /** Keys learned from a rotation announced in a verified head. */
  let learnedKeys: AnnouncedKey[] = [];
  /** See SyncMeta.reloadPagesUpTo. */
  let reloadPagesUpTo: number | null = null;
  /** Things staff should know that are not failures (a reset the server forced), shown until the next cycle. */
  let notices: string[] = [];
  const statusListeners = new Set<(s: SyncStatus) => void>();
  const appliedListeners = new Set<(e: AppliedEvent) => void>();
  let etag: string | null = null;
  let mediaPending = true;
  /** False once the feed answered that it has no bundles (a static host): then files come one by one. */
  let bundlesWork = true;
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
      learnedKeys = meta.trustedKeys ?? [];
      reloadPagesUpTo = meta.reloadPagesUpTo ?? null;
      update({ cursor, headSeq: meta.headSeen, lastSyncAt: meta.lastSyncAt, lastError: meta.lastError, clockOffsetMs: clock.offsetMs() });
      update(freshness());
      client = createFeedClient({
        config,
        fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
        clock,
        now,
        extraKeys: () => learnedKeys,
      });
      if (!meta.persistRequested && typeof navigator !== 'undefined' && navigator.storage?.persist) {
        // Ask once, on first run: a persisted origin is not evicted under storage pressure.
        await navigator.storage.persist().catch(() => false);
        await store.meta.write({ persistRequested: true });
      }
    })();
    return loaded;
  }

  /** Data age from the last confirmation by a fresh signed head, by the server-corrected clock. */
  function freshness(): Pick<SyncStatus, 'dataAgeSeconds' | 'stale'> {
    const at = status.lastSyncAt ? Date.parse(status.lastSyncAt) : Number.NaN;
    if (!Number.isFinite(at)) return { dataAgeSeconds: null, stale: false };
    const ageMs = Math.max(0, clock.now() - at);
    return { dataAgeSeconds: Math.round(ageMs / 1000), stale: ageMs > staleAfterMs };
  }

  interface SnapshotRules {
    /** The epoch a verified head or 410 named this cycle; null on a first start. */
    expectEpoch: string | null;
    /** A verified answer proved that going back is due (a new epoch, or 410 cursor-ahead). */
    allowBelowCursor: boolean;
  }

  /** Checks the snapshot's signed header (hall, epoch, seq) before the store may switch to it. */
  async function* guarded(
    source: AsyncIterable<SnapshotBlockEvent>,
    rules: SnapshotRules,
    before: { cursor: number | null; epoch: string | null },
  ): AsyncGenerator<SnapshotBlockEvent> {
    for await (const event of source) {
      if (event.kind === 'start') {
        if (event.hall !== config.hallId)
          throw new FeedRejectedError(
            'binding',
            event.hall === null
              ? `快照是整个内容源（所有大厅）的数据，不是本大厅 ${config.hallId} 的，已拒绝。`
              : `快照属于大厅 ${event.hall}，本终端属于 ${config.hallId}，已拒绝。`,
          );
        if (!event.epoch) throw new FeedRejectedError('format', '快照缺少日志纪元（epoch），已拒绝。');
        if (rules.expectEpoch !== null && event.epoch !== rules.expectEpoch)
          throw new FeedRejectedError('binding', `快照属于日志纪元 ${event.epoch}，服务器当前的纪元是 ${rules.expectEpoch}，已拒绝。`);
        if (before.cursor !== null && rules.expectEpoch === null && before.epoch !== null && event.epoch !== before.epoch)
          throw new FeedRejectedError(
            'binding',
            `快照属于另一个日志纪元 ${event.epoch}（本机为 ${before.epoch}），没有服务器的确认，已拒绝。`,
          );
        if (before.cursor !== null && !rules.allowBelowCursor && event.epoch === before.epoch && event.seq < before.cursor)
          throw new FeedRejectedError(
            'rollback',
            `快照停在序号 ${event.seq}，比本机已有的序号 ${before.cursor} 旧（可能是重放的旧快照），已拒绝，继续显示原有内容。`,
          );
      }
      yield event;
    }
  }

  async function takeSnapshot(feed: FeedClient, rules: SnapshotRules): Promise<void> {
    const before = await store.getFeedState();
    const progress: SnapshotProgressStatus = { loadedBytes: 0, totalBytes: null, appliedRecords: 0, totalRecords: null };
    update({ phase: 'snapshot', snapshotProgress: { ...progress } });
    const source = await feed.snapshot(
      (p) => update({ snapshotProgress: { ...progress, loadedBytes: p.loadedBytes, totalBytes: p.totalBytes } }),
      () => mark('shk:snapshot-fetched', {}),
    );
    const fetched = status.snapshotProgress ?? progress;
    // Verification, validation and staging overlap (snapshot-source.ts); the store switches only at the end.
    const snapshot = await store.applySnapshotBlocks(guarded(source, rules, before), (applied, total) =>
      update({ snapshotProgress: { ...fetched, appliedRecords: applied, totalRecords: total } }),
    );
    mark('shk:snapshot-applied', { records: snapshot.records });
    mediaPending = true;
    const patch: Partial<SyncStatus> = {
      cursor: snapshot.seq,
      snapshotProgress: null,
      headSeq: Math.max(status.headSeq ?? 0, snapshot.seq),
    };
    // A first snapshot is current as of now: say so at once (and keep it), so a kiosk that goes offline
    // right after it does not claim to have no data. A reset waits for the head's confirmation instead.
    if (before.cursor === null) patch.lastSyncAt = isoWithLocalOffset(clock.now());
    update(patch);
    await store.meta.write({ lastSyncAt: status.lastSyncAt, headSeen: status.headSeq }).catch(() => {});
    emitApplied({ kind: 'snapshot', seq: snapshot.seq });
  }

  /** The head, verified and unexpired; a 304 counts only while the head it confirms is unexpired. */
  async function pollHead(feed: FeedClient): Promise<VerifiedHead> {
    const fresh = distrustCache;
    let result = await feed.head(fresh ? null : etag, fresh);
    if (!result.changed && heldHead && heldHead.expiresAtMs > clock.now()) return heldHead;
    if (!result.changed || result.head.expiresAtMs <= clock.now()) {
      // A 304 for an expired (or unknown) head, or an expired head that may come from a cache: ask past every cache once.
      if (!fresh) result = await feed.head(null, true);
      if (!result.changed)
        throw new FeedRejectedError('expired', '内容服务器对更新状态只回答“未变化”（304），无法确认内容是否最新，继续显示已保存的内容。');
      if (result.head.expiresAtMs <= clock.now())
        throw new FeedRejectedError(
          'expired',
          `内容服务器返回的更新状态已于 ${isoWithLocalOffset(result.head.expiresAtMs)} 过期：镜像或代理可能停在旧数据上。继续显示已保存的内容。`,
        );
    }
    etag = result.etag;
    heldHead = result.head;
    update({ headSeq: result.head.seq });
    if (result.head.nextKey) await learnKey(result.head.nextKey);
    return result.head;
  }

  /** A rotation announced by a head signed with a trusted key: trust the next key too (at most three kept). */
  async function learnKey(key: AnnouncedKey): Promise<void> {
    if (key.publicKey === config.feedPublicKey || learnedKeys.some((k) => k.keyId === key.keyId)) return;
    learnedKeys = [...learnedKeys, key].slice(-3);
    await store.meta.write({ trustedKeys: learnedKeys }).catch(() => {});
  }

  async function fetchPage(feed: FeedClient, cursor: number, target: number) {
    // Pages the abandoned timeline of a restored log may have left in the HTTP cache are fetched past it.
    const mode: CacheMode = distrustCache || (reloadPagesUpTo !== null && cursor <= reloadPagesUpTo) ? 'reload' : 'default';
    let page;
    try {
      page = await feed.changes(cursor, pageLimit, mode);
    } catch (err) {
      // A page that failed verification may be a copy in the HTTP cache: ask the server itself once.
      if (!(err instanceof FeedRejectedError) || mode === 'reload') throw err;
      distrustCache = true;
      page = await feed.changes(cursor, pageLimit, 'reload');
    }
    // Full pages come from the HTTP cache when they can (they never change). A tail page may be up to
    // max-age (2 s) old: if it stops short of the head just seen, ask the server again.
    if (!page.hasMore && page.to < target) page = await feed.changes(cursor, pageLimit, distrustCache ? 'reload' : 'no-cache');
    return page;
  }

  async function pullChanges(feed: FeedClient, head: VerifiedHead): Promise<void> {
    let { cursor, epoch } = await store.getFeedState();
    const target = head.seq;
    const logSeq = head.logSeq ?? target;
    let raced = 0;
    let resets = 0;
    // A cursor above the whole log's head: the server went back (restored). Ask; only a verified 410 may reset.
    let askAhead = cursor !== null && cursor > logSeq;
    while (cursor !== null && (cursor < target || askAhead)) {
      askAhead = false;
      let page;
      try {
        page = await fetchPage(feed, cursor, target);
      } catch (err) {
        if (!(err instanceof CursorGoneError)) throw err;
        // One reset per cycle: a server that answers 410 right after its own snapshot is broken, not behind.
        if (++resets > 1) throw new FeedRejectedError('format', '服务器在提供快照后仍要求重新下载（410），已停止本轮同步，稍后重试。');
        const gone = err.body;
        if (gone.epoch !== head.epoch)
          throw new FeedRejectedError('binding', `重置要求（410）属于日志纪元 ${gone.epoch}，更新状态属于 ${head.epoch}，已拒绝。`);
        const ahead = gone.error === 'cursor-ahead';
        if (ahead && !(gone.seq! < cursor))
          throw new FeedRejectedError('format', `重置要求（410）称本机序号 ${cursor} 超前，但服务器的序号是 ${String(gone.seq)}，已拒绝。`);
        if (ahead) {
          reloadPagesUpTo = Math.max(reloadPagesUpTo ?? 0, cursor);
          await store.meta.write({ reloadPagesUpTo }).catch(() => {});
        }
        if (ahead)
          notices.push(
            `本机数据（序号 ${cursor}）比内容服务器（序号 ${gone.seq}）新：服务器可能已从较早的备份恢复。已按服务器的数据重新下载全部内容。`,
          );
        etag = null;
        await takeSnapshot(feed, { expectEpoch: gone.epoch, allowBelowCursor: ahead });
        ({ cursor, epoch } = await store.getFeedState());
        continue;
      }
      if (page.epoch !== epoch)
        throw new FeedRejectedError('binding', `更新页属于日志纪元 ${page.epoch}，本机数据属于 ${String(epoch)}，已拒绝。`);
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

  /** Stores what bundles bring (sorted lists, so kiosks of a hall ask caches for the same URLs); returns the hashes still missing. */
  async function fetchBundled(feed: FeedClient, missing: string[]): Promise<string[]> {
    if (!bundlesWork || missing.length < 2) return missing;
    const sorted = [...missing].sort();
    const left: string[] = [];
    for (let i = 0; i < sorted.length; i += MEDIA_BUNDLE_MAX_FILES) {
      const batch = sorted.slice(i, i + MEDIA_BUNDLE_MAX_FILES);
      let got: Map<string, Blob> | null;
      try {
        got = distrustCache ? null : await feed.mediaBundle(batch);
      } catch (err) {
        if (err instanceof NetworkError) throw err;
        // A refused or failing bundle: the files come one by one, which names any problem per file.
        got = new Map();
      }
      if (got === null) {
        if (!distrustCache) bundlesWork = false;
        return [...left, ...sorted.slice(i)];
      }
      const arrived = batch.flatMap((sha256) => {
        const blob = got.get(sha256);
        return blob ? [{ sha256, blob }] : [];
      });
      await store.putMediaMany(arrived);
      left.push(...batch.filter((hash) => !got.has(hash)));
    }
    return left;
  }

  /** Downloads media that records reference and the store lacks; deletes what nothing references. Returns a problem or null. */
  async function syncMedia(feed: FeedClient): Promise<string | null> {
    if (!mediaPending) return null;
    const referenced = await store.referencedMedia();
    const missing = await store.missingMedia(referenced);
    if (missing.length > 0) mark('shk:media-start', { files: missing.length });
    const problems: string[] = [];
    // Bundles first: on a slow, far link the round trips cost more than the bytes. What a bundle
    // did not bring (no bundles here, a file missing or damaged) is fetched one by one below.
    const single = await fetchBundled(feed, missing);
    let next = 0;
    const worker = async () => {
      while (next < single.length) {
        const hash = single[next++]!;
        try {
          let blob: Blob;
          try {
            blob = await feed.media(hash, distrustCache ? 'reload' : 'default');
          } catch (err) {
            // Bytes that do not match their hash may be a cached copy: fetch once more past the cache.
            if (!(err instanceof FeedRejectedError)) throw err;
            blob = await feed.media(hash, 'reload');
          }
          await store.putMedia(hash, blob);
        } catch (err) {
          // Offline or hung: stop this round (the cycle fails, backs off and says so); other problems are listed.
          if (err instanceof NetworkError || err instanceof StoreError) throw err;
          problems.push((err as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(MEDIA_CONCURRENCY, single.length) }, worker));
    await store.deleteMediaExcept(referenced);
    if (problems.length === 0) {
      mediaPending = false;
      if (missing.length > 0) mark('shk:media-synced', { files: missing.length, single: single.length });
      return null;
    }
    return problems.length === 1 ? `媒体文件下载失败：${problems[0]!}` : `${problems.length} 个媒体文件下载失败，例如：${problems[0]}`;
  }

  async function cycle(): Promise<void> {
    await loadPersisted();
    const feed = client!;
    let delay: number;
    notices = [];
    try {
      let { cursor, epoch } = await store.getFeedState();
      update({ phase: cursor === null ? 'snapshot' : 'syncing', cursor });
      if (cursor === null) {
        await takeSnapshot(feed, { expectEpoch: null, allowBelowCursor: true });
        ({ cursor, epoch } = await store.getFeedState());
      }
      const head = await pollHead(feed);
      if (cursor !== null && epoch !== head.epoch) {
        // A new epoch: the server's log was re-created or replaced. (No epoch: data kept by a format 1 kiosk.)
        if (epoch !== null)
          notices.push(`内容服务器的日志纪元已变化（${epoch} → ${head.epoch}）：服务器数据已重建或从备份恢复。已重新下载全部内容。`);
        etag = null;
        await takeSnapshot(feed, { expectEpoch: head.epoch, allowBelowCursor: true });
      } else if (cursor !== null && cursor < head.minSeq) {
        // Too far behind: the changes were compacted away. Reset cleanly instead of asking for a 410.
        await takeSnapshot(feed, { expectEpoch: head.epoch, allowBelowCursor: false });
      }
      await pullChanges(feed, head);
      const mediaProblem = await syncMedia(feed);
      const lastSyncAt = isoWithLocalOffset(clock.now());
      distrustCache = false;
      const messages = [...notices, ...(mediaProblem ? [mediaProblem] : [])];
      update({
        phase: 'idle',
        online: true,
        failures: 0,
        lastError: messages.length > 0 ? messages.join(' ') : null,
        lastSyncAt,
        snapshotProgress: null,
      });
      delay = pollDelayMs(config.pollIntervalSeconds, random);
    } catch (err) {
      const failures = status.failures + 1;
      const offline = err instanceof NetworkError;
      const retryAfterMs = err instanceof HttpStatusError ? err.retryAfterMs : null;
      // The browser may hold the bad answer in its HTTP cache: the next requests go past it.
      if (err instanceof FeedRejectedError) distrustCache = true;
      update({
        phase: offline ? 'offline' : 'error',
        online: !offline,
        failures,
        lastError: [...notices, describeSyncError(err)].join(' '),
        snapshotProgress: null,
      });
      delay = retryAfterMs != null ? retryAfterDelayMs(retryAfterMs, random) : backoffDelayMs(failures, random);
    }
    const fresh = freshness();
    if (fresh.stale)
      update({
        lastError: `内容已有 ${formatAge(fresh.dataAgeSeconds!)}未与服务器确认为最新（最后确认 ${status.lastSyncAt}）。${status.lastError ? ` ${status.lastError}` : ''}`,
      });
    const storage = await store.storageInfo().catch(() => status.storage);
    update({
      ...fresh,
      storage,
      clockOffsetMs: clock.offsetMs(),
      nextPollInMs: delay,
      cursor: await store.getCursor().catch(() => status.cursor),
    });
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

/** "3 小时 " / "2 天 " / "5 分钟 ": data age for staff and the heartbeat. */
export function formatAge(seconds: number): string {
  if (seconds >= 2 * 86400) return `${Math.floor(seconds / 86400)} 天`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} 小时`;
  return `${Math.max(1, Math.floor(seconds / 60))} 分钟`;
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
