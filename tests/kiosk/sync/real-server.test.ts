/**
 * The sync engine against the real central server (src/server/app.ts) over
 * loopback HTTP: snapshot, ETag polling, hall scoping, deletes, media and a
 * compaction reset, with the server's own signatures.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKioskStore } from '../../../src/kiosk/store/kiosk-store';
import { createSyncEngine } from '../../../src/kiosk/sync/engine';
import { startServer, type RunningServer } from '../../../src/server/app';
import type { ContentRecord } from '../../../src/shared/content';
import type { KioskConfig } from '../../../src/shared/kiosk-config';
import { guide, official, smallContent } from '../store/fixtures';

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shk-sync-real-'));
  server = await startServer({
    dataDir: dir,
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    staticDir: dir,
    logger: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const publish = (records: ContentRecord[]) => server.store.publish(records.map((record) => ({ op: 'put' as const, record })));
const config = (): KioskConfig => ({
  kioskId: 'kiosk-county-1',
  hallId: 'hall-county',
  feedUrl: `${server.url}/`,
  feedPublicKey: server.publicKey,
  pollIntervalSeconds: 30,
  idleTimeoutSeconds: 90,
  languages: ['zh-Hans'],
  staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
  theme: 'default',
});

describe('sync against the real feed server', () => {
  it('snapshot, polling, hall scope, deletes, media, and a reset after compaction', async () => {
    const portrait = await server.store.putMedia(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3, 4]), 'image/png');
    await publish([...smallContent(20, 20), official('o-photo', { photo: { ...portrait, alt: '照片' } })]);
    const store = await openKioskStore({ name: `real-${process.pid}` });
    const engine = createSyncEngine({ config: config(), store });

    await engine.syncNow();
    expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null });
    expect(await store.count('guide')).toBe(20);
    expect(await store.hasMedia(portrait.sha256)).toBe(true);
    const first = engine.status().cursor!;

    await engine.syncNow(); // nothing new: the head answers 304
    expect(engine.status().cursor).toBe(first);

    await publish([guide('g-other-hall', { scope: 'hall:point-xihe' }), guide('g-county', { scope: 'hall:hall-county' })]);
    await server.store.publish([{ op: 'delete', type: 'guide', id: 'g-4' }]);
    await engine.syncNow();
    expect(await store.getGuide('g-other-hall')).toBeUndefined();
    expect(await store.getGuide('g-county')).toBeDefined();
    expect(await store.getGuide('g-4')).toBeUndefined();

    await server.store.publish([{ op: 'delete', type: 'official', id: 'o-photo' }]);
    await engine.syncNow();
    expect(await store.hasMedia(portrait.sha256)).toBe(false);

    // Compaction far in the future drops every tombstone and raises minSeq past the kiosk's cursor.
    const applied: string[] = [];
    engine.onApplied((e) => applied.push(e.kind));
    await publish([guide('g-after')]);
    await server.store.publish([{ op: 'delete', type: 'guide', id: 'g-5' }]);
    const compacted = await server.store.compact({ now: new Date(Date.now() + 400 * 86_400_000), retentionDays: 90 });
    expect((await server.store.position()).minSeq).toBeGreaterThan(engine.status().cursor!);
    await engine.syncNow();
    expect(compacted.removedChanges).toBeGreaterThan(0);
    expect(applied).toEqual(['snapshot']);
    expect(await store.getGuide('g-5')).toBeUndefined();
    expect(await store.getGuide('g-after')).toBeDefined();
    expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null });
    store.close();
  });
});
