/**
 * Points of docs/feed-protocol.md the client must follow beyond the happy path:
 * section 11 (skip changes of record types this kiosk does not know, but still
 * reject a page with an invalid record of a known type) and section 6 (full
 * pages may come from the HTTP cache; the head always revalidates with its ETag).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskStore, type KioskStore } from '../../../src/kiosk/store/kiosk-store';
import { createSyncEngine, type AppliedEvent, type SyncEngine } from '../../../src/kiosk/sync/engine';
import type { ContentRecord } from '../../../src/shared/content';
import type { KioskConfig } from '../../../src/shared/kiosk-config';
import { fee, guide, smallContent } from '../store/fixtures';
import { startTestFeedServer, type TestFeedServer } from './support/test-feed-server';

let server: TestFeedServer;
let store: KioskStore;
let n = 0;
const engines: SyncEngine[] = [];

const config = (s: TestFeedServer): KioskConfig => ({
  kioskId: 'kiosk-county-1',
  hallId: 'hall-county',
  feedUrl: s.url,
  feedPublicKey: s.publicKey,
  pollIntervalSeconds: 30,
  idleTimeoutSeconds: 90,
  languages: ['zh-Hans'],
  staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
  theme: 'default',
});

function engine(extra: Partial<Parameters<typeof createSyncEngine>[0]> = {}): SyncEngine {
  const e = createSyncEngine({ config: config(server), store, ...extra });
  engines.push(e);
  return e;
}

/** A record of a type a newer server might add (this kiosk has no schema for it). */
const futureRecord = (id: string) =>
  ({
    type: 'queueTicketMachine',
    id,
    version: 1,
    updatedAt: '2026-11-23T10:00:00+08:00',
    scope: 'global',
    name: '取号机',
  }) as unknown as ContentRecord;

beforeEach(async () => {
  server = await startTestFeedServer();
  store = await openKioskStore({ name: `conformance-${process.pid}-${++n}` });
});

afterEach(async () => {
  for (const e of engines.splice(0)) e.stop();
  store.close();
  await server.close();
});

describe('unknown record types (protocol section 11)', () => {
  it('skips changes of an unknown type, applies the rest of the page and moves the cursor', async () => {
    server.publish(smallContent(2, 2));
    const e = engine();
    await e.syncNow();
    const applied: AppliedEvent[] = [];
    e.onApplied((ev) => applied.push(ev));
    const head = server.publish([guide('g-new'), futureRecord('q-1'), fee('f-new')]);
    await e.syncNow();

    expect(e.status().lastError).toBeNull();
    expect(await store.getCursor()).toBe(head);
    expect((await store.getGuide('g-new'))?.id).toBe('g-new');
    expect((await store.getFees(['f-new'])).map((f) => f.id)).toEqual(['f-new']);
    expect(applied).toHaveLength(1);
    expect(applied[0]!.kind === 'changes' && applied[0]!.changes.map((c) => `${c.type}/${c.id}`)).toEqual(['guide/g-new', 'fee/f-new']);
  });

  it('skips unknown types in a first-run snapshot', async () => {
    const head = server.publish([...smallContent(3, 3), futureRecord('q-1'), futureRecord('q-2')]);
    const e = engine();
    await e.syncNow();
    expect(e.status().lastError).toBeNull();
    expect(await store.getCursor()).toBe(head);
    expect(await store.count('guide')).toBe(3);
    expect(await store.count('fee')).toBe(3);
  });

  it('still rejects the whole page when a record of a known type is invalid', async () => {
    server.publish(smallContent(2, 2));
    const e = engine();
    await e.syncNow();
    const cursor = await store.getCursor();
    server.publish([futureRecord('q-1'), guide('g-same-page'), { ...fee('f-bad'), amount: { kind: 'fixed', fen: -1 } } as never]);
    await e.syncNow();
    expect(e.status().lastError).toMatch(/fee\/f-bad.*amount\.fen/);
    expect(await store.getCursor()).toBe(cursor);
    expect(await store.getGuide('g-same-page')).toBeUndefined();
  });
});

describe('HTTP cache use (protocol section 6)', () => {
  interface Sent {
    path: string;
    cache: RequestCache | undefined;
    ifNoneMatch: string | null;
  }

  /**
   * A fetch with a browser-like HTTP cache in front of the test server: with cache 'default' a stored
   * response is reused without asking the server (as a browser does for an immutable full page, or a
   * tail page younger than its max-age); 'no-store' and 'no-cache' always reach the server.
   */
  function cachingFetch(sent: Sent[]): typeof fetch {
    const stored = new Map<string, { body: ArrayBuffer; init: ResponseInit }>();
    return async (input, init) => {
      const url = String(input);
      const path = new URL(url).pathname + new URL(url).search;
      const ifNoneMatch = new Headers(init?.headers).get('If-None-Match');
      sent.push({ path, cache: init?.cache, ifNoneMatch });
      const hit = stored.get(url);
      if (init?.cache === 'default' && hit) return new Response(hit.body.slice(0), hit.init);
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      const out: ResponseInit = { status: res.status, headers: res.headers };
      // (The test server sends no Cache-Control: every page counts as fresh, as a tail page within its 2 s max-age would.)
      if (res.status === 200 && path.startsWith('/feed/v2/changes') && init?.cache !== 'no-store') stored.set(url, { body, init: out });
      return new Response(res.status === 304 ? null : body.slice(0), out);
    };
  }

  it('lets pages come from the HTTP cache, while the head bypasses it and revalidates with its ETag', async () => {
    server.publish(smallContent(2, 2));
    const sent: Sent[] = [];
    const e = engine({ fetch: cachingFetch(sent), pageLimit: 2 });
    await e.syncNow();
    await e.syncNow();
    const heads = sent.filter((s) => s.path.startsWith('/feed/v2/head'));
    expect(heads.map((h) => h.cache)).toEqual(['no-store', 'no-store']);
    expect(heads[1]!.ifNoneMatch).toMatch(/^"h-/);
    expect(sent.find((s) => s.path.startsWith('/feed/v2/snapshot'))?.cache).toBe('no-store');

    server.publish([guide('p-1'), guide('p-2'), guide('p-3'), guide('p-4'), guide('p-5')]);
    sent.length = 0;
    await e.syncNow();
    const pages = sent.filter((s) => s.path.startsWith('/feed/v2/changes'));
    expect(pages.length).toBe(3);
    expect(pages.every((p) => p.cache === 'default')).toBe(true);
    expect(await store.count('guide')).toBe(7);
  });

  it('asks the server again when a cached tail page stops short of the head', async () => {
    server.publish(smallContent(2, 2));
    const sent: Sent[] = [];
    const sharedCache = cachingFetch(sent);
    // Two kiosk stores in one browser profile share its HTTP cache; both start at the same cursor.
    const storeB = await openKioskStore({ name: `conformance-b-${process.pid}-${n}` });
    try {
      const a = engine({ fetch: sharedCache });
      const b = createSyncEngine({ config: config(server), store: storeB, fetch: sharedCache });
      engines.push(b);
      await a.syncNow();
      await b.syncNow();
      server.publish([guide('first')]);
      await a.syncNow(); // caches the tail page since the common cursor
      const head = server.publish([guide('second')]);
      sent.length = 0;
      await b.syncNow(); // the cached tail page stops one change short of the head

      const pages = sent.filter((s) => s.path.startsWith('/feed/v2/changes'));
      expect(pages.map((p) => p.cache)).toEqual(['default', 'no-cache']);
      expect(b.status().lastError).toBeNull();
      expect(await storeB.getCursor()).toBe(head);
      expect((await storeB.getGuide('second'))?.id).toBe('second');
    } finally {
      storeB.close();
    }
  });
});
