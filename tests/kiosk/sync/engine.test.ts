import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openKioskStore, type KioskStore } from '../../../src/kiosk/store/kiosk-store';
import { BACKOFF_CAP_MS, backoffCeilingMs, backoffDelayMs, parseRetryAfter } from '../../../src/kiosk/sync/backoff';
import { createSyncEngine, type AppliedEvent, type SyncEngine, type SyncStatus } from '../../../src/kiosk/sync/engine';
import type { KioskConfig } from '../../../src/shared/kiosk-config';
import { fee, guide, official, smallContent } from '../store/fixtures';
import { startTestFeedServer, type TestFeedServer } from './support/test-feed-server';

let server: TestFeedServer;
let store: KioskStore;
let dbCounter = 0;
let dbName: string;
const engines: SyncEngine[] = [];

function configFor(s: TestFeedServer): KioskConfig {
  return {
    kioskId: 'kiosk-county-1',
    hallId: 'hall-county',
    feedUrl: s.url,
    feedPublicKey: s.publicKey,
    pollIntervalSeconds: 30,
    idleTimeoutSeconds: 90,
    languages: ['zh-Hans'],
    staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
    theme: 'default',
  };
}

function engine(extra: Partial<Parameters<typeof createSyncEngine>[0]> = {}): SyncEngine {
  const e = createSyncEngine({ config: configFor(server), store, ...extra });
  engines.push(e);
  return e;
}

beforeEach(async () => {
  server = await startTestFeedServer();
  dbName = `sync-test-${process.pid}-${++dbCounter}`;
  store = await openKioskStore({ name: dbName });
});

afterEach(async () => {
  for (const e of engines.splice(0)) e.stop();
  store.close();
  await server.close();
});

describe('sync engine: first run and polling', () => {
  it('takes the snapshot on first run with progress, then reads the content', async () => {
    const head = server.publish(smallContent(40, 80));
    const e = engine();
    const seen: SyncStatus[] = [];
    e.subscribe((s) => seen.push(s));
    const applied: AppliedEvent[] = [];
    e.onApplied((ev) => applied.push(ev));
    await e.syncNow();

    const s = e.status();
    expect(s.phase).toBe('idle');
    expect(s.cursor).toBe(head);
    expect(s.headSeq).toBe(head);
    expect(s.lastError).toBeNull();
    expect(s.lastSyncAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(applied).toEqual([{ kind: 'snapshot', seq: head }]);
    expect(await store.count('guide')).toBe(40);

    const phases = seen.map((x) => x.phase);
    expect(phases).toContain('snapshot');
    const progress = seen.map((x) => x.snapshotProgress).filter((p) => p !== null);
    const downloaded = progress.filter((p) => p.totalBytes !== null && p.loadedBytes === p.totalBytes);
    expect(downloaded.length).toBeGreaterThan(0);
    expect(progress.some((p) => p.totalRecords === 126 && p.appliedRecords === 126)).toBe(true);
    expect(server.requests.filter((r) => r.path.startsWith('/feed/v2/changes'))).toEqual([]);
  });

  it.each([-5_000, 5_000, 50 * 1024 ** 3])(
    'takes the whole snapshot when the declared uncompressed length is off by %i bytes',
    async (error) => {
      const head = server.publish(smallContent(120, 300));
      server.snapshotLengthError = error;
      const e = engine();
      await e.syncNow();
      expect(e.status()).toMatchObject({ phase: 'idle', cursor: head, lastError: null });
      expect(await store.count('guide')).toBe(120);
      expect(await store.count('fee')).toBe(300);
    },
  );

  it('polls head with the ETag, does nothing on 304, and pages through new changes', async () => {
    server.publish(smallContent(5, 5));
    const e = engine({ pageLimit: 500 });
    await e.syncNow();
    server.requests.length = 0;

    await e.syncNow();
    expect(server.requests.map((r) => [r.path.split('?')[0], r.status])).toEqual([['/feed/v2/head', 304]]);
    expect(server.requests[0]!.ifNoneMatch).toMatch(/^"h-/);

    const applied: AppliedEvent[] = [];
    e.onApplied((ev) => applied.push(ev));
    const before = server.head();
    const head = server.publish(Array.from({ length: 1200 }, (_, i) => fee(`new-${i}`)));
    server.requests.length = 0;
    await e.syncNow();

    const pages = server.requests.filter((r) => r.path.startsWith('/feed/v2/changes'));
    expect(pages.map((r) => new URL(r.path, 'http://x').searchParams.get('since'))).toEqual([
      String(before),
      String(before + 500),
      String(before + 1000),
    ]);
    expect(applied.map((a) => (a.kind === 'changes' ? [a.changes.length, a.to] : a))).toEqual([
      [500, before + 500],
      [500, before + 1000],
      [200, head],
    ]);
    expect(await store.getCursor()).toBe(head);
    expect(await store.count('fee')).toBe(1205);
    expect(e.status().phase).toBe('idle');
  });

  it('applies deletes so removed items stop showing', async () => {
    server.publish(smallContent(5, 5));
    const e = engine();
    await e.syncNow();
    server.remove('guide', 'g-2');
    await e.syncNow();
    expect(await store.getGuide('g-2')).toBeUndefined();
    expect((await store.listGuideSummaries()).map((g) => g.id)).not.toContain('g-2');
  });

  it('resets from the snapshot when head says the cursor was compacted away', async () => {
    server.publish(smallContent(5, 5));
    const e = engine();
    await e.syncNow();
    server.remove('guide', 'g-1');
    server.publish([guide('g-late')]);
    server.compact(server.head());
    const applied: AppliedEvent[] = [];
    e.onApplied((ev) => applied.push(ev));
    await e.syncNow();
    expect(applied).toEqual([{ kind: 'snapshot', seq: server.head() }]);
    expect(await store.getGuide('g-1')).toBeUndefined();
    expect(await store.getGuide('g-late')).toBeDefined();
    expect(await store.getCursor()).toBe(server.head());
  });

  it('resets from the snapshot on 410 from the changes feed', async () => {
    server.publish(smallContent(5, 5));
    server.headReportsMinSeq = false;
    const e = engine();
    await e.syncNow();
    server.remove('fee', 'f-0');
    server.publish([guide('g-after-compaction')]);
    server.compact(server.head() - 1);
    server.requests.length = 0;
    await e.syncNow();
    expect(server.requests.map((r) => [r.path.split('?')[0], r.status])).toEqual([
      ['/feed/v2/head', 200],
      ['/feed/v2/changes', 410],
      ['/feed/v2/snapshot', 200],
    ]);
    expect(await store.getFees(['f-0'])).toEqual([]);
    expect(await store.getGuide('g-after-compaction')).toBeDefined();
    expect(e.status()).toMatchObject({ phase: 'idle', cursor: server.head(), lastError: null });
  });

  it('calls afterPoll after every cycle, success or failure, and emits performance marks', async () => {
    server.publish(smallContent(3, 3));
    const polls: SyncStatus[] = [];
    const e = engine({ afterPoll: (s) => void polls.push(s) });
    performance.clearMarks();
    await e.syncNow();
    server.publish([guide('g-z')]);
    await e.syncNow();
    server.failNext(500);
    await e.syncNow();
    expect(polls.map((p) => p.phase)).toEqual(['idle', 'idle', 'error']);
    expect(performance.getEntriesByName('shk:snapshot-fetched')).toHaveLength(1);
    const applied = performance.getEntriesByName('shk:snapshot-applied') as PerformanceMark[];
    expect(applied[0]!.detail).toEqual({ records: 12 });
    const page = performance.getEntriesByName('shk:page-applied') as PerformanceMark[];
    expect(page.map((m) => m.detail)).toEqual([{ to: server.head(), count: 1 }]);
  });
});

describe('sync engine: failures', () => {
  it('backs off with full jitter after failures, within growing bounds', async () => {
    server.publish(smallContent(2, 2));
    const e1 = engine({ random: () => 0.999999 });
    await e1.syncNow();
    server.failNext(500, { count: 3 });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await e1.syncNow();
      expect(e1.status().phase).toBe('error');
      delays.push(e1.status().nextPollInMs!);
    }
    expect(e1.status().failures).toBe(3);
    expect(delays).toEqual([1, 2, 3].map((n) => Math.floor(0.999999 * backoffCeilingMs(n))));
    expect(delays).toEqual([1999, 3999, 7999]);
    expect(delays[1]! / delays[0]!).toBeCloseTo(2, 1);
    expect(e1.status().lastError).toMatch(/HTTP 500/);
    await e1.syncNow();
    expect(e1.status()).toMatchObject({ phase: 'idle', failures: 0, lastError: null });
    expect(e1.status().nextPollInMs).toBeGreaterThanOrEqual(27_000);
    expect(e1.status().nextPollInMs).toBeLessThanOrEqual(33_000);
  });

  it('full jitter stays within [floor, ceiling] and the ceiling is capped', () => {
    for (let failures = 1; failures <= 20; failures++) {
      const ceiling = backoffCeilingMs(failures);
      expect(ceiling).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      for (const r of [0, 0.25, 0.5, 0.999999]) {
        const d = backoffDelayMs(failures, () => r);
        expect(d).toBeGreaterThanOrEqual(250);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
    expect(backoffCeilingMs(20)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelayMs(1, () => 0.5)).toBe(1000);
  });

  it('honours Retry-After on 503 (seconds) and 429 (HTTP date)', async () => {
    server.publish(smallContent(2, 2));
    const e = engine({ random: () => 0 });
    await e.syncNow();
    server.failNext(503, { retryAfter: '120' });
    await e.syncNow();
    expect(e.status().nextPollInMs).toBe(120_000);
    expect(e.status().lastError).toMatch(/繁忙.*120 秒/);

    const e2 = engine({ random: () => 1 });
    server.failNext(429, { retryAfter: new Date(Date.now() + 60_000).toUTCString() });
    await e2.syncNow();
    expect(e2.status().nextPollInMs).toBeGreaterThanOrEqual(55_000 * 1.2);
    expect(e2.status().nextPollInMs).toBeLessThanOrEqual(61_000 * 1.2);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('goes offline when the server is unreachable and keeps the content', async () => {
    server.publish(smallContent(4, 4));
    const e = engine();
    await e.syncNow();
    const cursor = await store.getCursor();
    await server.close();
    await e.syncNow();
    expect(e.status()).toMatchObject({ phase: 'offline', online: false, cursor });
    expect(e.status().lastError).toMatch(/无法连接内容服务器/);
    expect(await store.count('guide')).toBe(4);
    server = await startTestFeedServer(); // for afterEach
  });

  it('reports a snapshot download cut mid-way as a connection problem and recovers', async () => {
    server.publish(smallContent(50, 200));
    server.dropSnapshotAfterBytes = 2_000;
    const e = engine();
    await e.syncNow();
    expect(e.status()).toMatchObject({ phase: 'offline', cursor: null, snapshotProgress: null });
    expect(e.status().lastError).toMatch(/下载快照时连接中断/);
    expect(await store.count('guide')).toBe(0);
    await e.syncNow();
    expect(e.status()).toMatchObject({ phase: 'idle', cursor: server.head(), lastError: null });
  });

  it('rejects a page with one flipped byte: content and cursor unchanged, lastError set', async () => {
    server.publish(smallContent(4, 4));
    const e = engine();
    await e.syncNow();
    const cursor = await store.getCursor();
    server.publish([guide('g-1', { version: 2, name: '被篡改前的新名称' })]);
    server.tamperPages = true;
    const applied: AppliedEvent[] = [];
    e.onApplied((ev) => applied.push(ev));
    await e.syncNow();
    expect(e.status().phase).toBe('error');
    expect(e.status().lastError).toMatch(/签名校验失败/);
    expect(await store.getCursor()).toBe(cursor);
    expect((await store.getGuide('g-1'))?.version).toBe(1);
    expect(applied).toEqual([]);

    server.tamperPages = false;
    await e.syncNow();
    expect((await store.getGuide('g-1'))?.name).toBe('被篡改前的新名称');
    expect(e.status().lastError).toBeNull();
  });

  it('rejects a head whose signature does not verify, without touching content', async () => {
    server.publish(smallContent(2, 2));
    const e = engine();
    await e.syncNow();
    const cursor = await store.getCursor();
    server.publish([guide('g-after-forged-head')]);
    server.tamperHead = true;
    await e.syncNow();
    expect(e.status().phase).toBe('error');
    expect(e.status().lastError).toMatch(/更新状态（head）签名校验失败/);
    expect(await store.getCursor()).toBe(cursor);
    expect(server.requests.some((r) => r.path.startsWith('/feed/v2/changes'))).toBe(false);
  });

  it('rejects a snapshot signed by another key and says which key', async () => {
    server.publish(smallContent(2, 2));
    server.wrongKey = true;
    const e = engine();
    await e.syncNow();
    expect(e.status().phase).toBe('error');
    expect(e.status().lastError).toMatch(/签名校验失败/);
    expect(await store.getCursor()).toBeNull();
  });

  it('rejects a whole page when one record breaks the schema, naming the field', async () => {
    server.publish(smallContent(2, 2));
    const e = engine();
    await e.syncNow();
    const cursor = await store.getCursor();
    const bad = { ...fee('f-bad'), amount: { kind: 'fixed', fen: -5 } } as never;
    server.publish([guide('g-good-but-same-page'), bad]);
    await e.syncNow();
    expect(e.status().lastError).toMatch(/fee\/f-bad.*amount\.fen: 金额不能为负数/);
    expect(await store.getCursor()).toBe(cursor);
    expect(await store.getGuide('g-good-but-same-page')).toBeUndefined();
  });
});

describe('sync engine: storage full', () => {
  it('reports QuotaExceededError by name and keeps the old content when a snapshot does not fit', async () => {
    server.publish(smallContent(5, 5));
    const e = engine();
    await e.syncNow();
    const cursor = await store.getCursor();
    server.publish([guide('g-big')]);
    server.compact(server.head()); // forces a new snapshot

    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'blocks') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      await e.syncNow();
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(e.status().phase).toBe('error');
    expect(e.status().lastError).toMatch(/存储空间已满（QuotaExceededError）.*已保留原有内容/);
    expect(await store.getCursor()).toBe(cursor);
    expect(await store.count('guide')).toBe(5);
    expect(await store.getGuide('g-big')).toBeUndefined();

    await e.syncNow(); // space freed: the next attempt succeeds
    expect(await store.getGuide('g-big')).toBeDefined();
  });
});

describe('sync engine: media and clock', () => {
  it('fetches referenced media, checks its hash, and deletes media nothing references', async () => {
    const good = server.addMedia(new Uint8Array([137, 80, 78, 71, 1, 2, 3]));
    const bad = server.addMedia(new Uint8Array([137, 80, 78, 71, 9, 9, 9]));
    server.corruptMedia(bad);
    const photo = (sha256: string) => ({ sha256, type: 'image/png' as const, size: 7, alt: '照片' });
    server.publish([...smallContent(1, 1), official('o-good', { photo: photo(good) }), official('o-bad', { photo: photo(bad) })]);
    const e = engine();
    await e.syncNow();
    expect(await store.hasMedia(good)).toBe(true);
    expect(await store.hasMedia(bad)).toBe(false);
    expect(e.status().lastError).toMatch(/SHA-256 与内容不符/);
    expect(e.status().phase).toBe('idle');

    server.remove('official', 'o-good');
    server.remove('official', 'o-bad');
    await e.syncNow();
    expect(await store.hasMedia(good)).toBe(false);
    expect(e.status().lastError).toBeNull();
  });

  it('corrects the kiosk clock from the server Date header and keeps the offset offline', async () => {
    server.publish(smallContent(1, 1));
    server.dateSkewMs = 3 * 3600_000;
    const e = engine();
    await e.syncNow();
    expect(Math.abs(e.serverNow() - (Date.now() + 3 * 3600_000))).toBeLessThan(2_000);
    expect(e.status().clockOffsetMs).toBeGreaterThan(3 * 3600_000 - 2_000);

    await server.close();
    const restarted = engine();
    await restarted.syncNow(); // offline: nothing measured this session
    expect(restarted.status().phase).toBe('offline');
    expect(Math.abs(restarted.serverNow() - (Date.now() + 3 * 3600_000))).toBeLessThan(2_000);
    server = await startTestFeedServer();
  });

  it('restores status (cursor, last sync, last error) from the store after a restart', async () => {
    server.publish(smallContent(1, 1));
    const e = engine();
    await e.syncNow();
    const before = e.status();
    const again = engine();
    const seen: SyncStatus[] = [];
    again.subscribe((s) => seen.push(s));
    // The status is read back from the store asynchronously; subscribers hear of it.
    const restored = { cursor: before.cursor, lastSyncAt: before.lastSyncAt, headSeq: before.headSeq };
    await vi.waitFor(() => expect(again.status()).toMatchObject(restored));
    expect(seen.at(-1)).toMatchObject(restored);
  });

  it('start() polls on its own at the configured interval', async () => {
    server.publish(smallContent(1, 1));
    const e = createSyncEngine({ config: { ...configFor(server), pollIntervalSeconds: 1 }, store });
    engines.push(e);
    e.start();
    await expect.poll(() => store.getCursor(), { timeout: 5_000 }).toBe(server.head());
    const head = server.publish([guide('g-polled')]);
    await expect.poll(() => store.getCursor(), { timeout: 5_000 }).toBe(head);
    expect(await store.getGuide('g-polled')).toBeDefined();
    e.stop();
  });
});

describe('sync engine: freshness after a first snapshot', () => {
  it('records the sync time as soon as the snapshot is applied, even if the rest of the cycle fails', async () => {
    server.publish(smallContent(3, 3));
    server.failNext(503, { path: '/feed/v2/head' });
    const e = engine();
    await e.syncNow();
    expect(e.status().phase).toBe('error');
    expect(await store.count('guide')).toBe(3);
    const meta = await store.meta.read();
    expect(meta.lastSyncAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/);
    expect(e.status().lastSyncAt).toBe(meta.lastSyncAt);
  });
});
