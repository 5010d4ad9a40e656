/**
 * Feed v2 trust against the real server (real SQLite, real HTTP, real
 * Ed25519) and the kiosk's real engine and store: what every signed body
 * states, the hall head after compaction, a lost key, a damaged database, and
 * a key rotation followed without reconfiguring the kiosk.
 */
import 'fake-indexeddb/auto';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskStore } from '../../../src/kiosk/store/kiosk-store';
import { createSyncEngine } from '../../../src/kiosk/sync/engine';
import { startServer, type RunningServer } from '../../../src/server/app';
import { FeedKeyMissingError, scheduleRotation } from '../../../src/server/feed/signing';
import { ContentDatabaseDamagedError } from '../../../src/server/store/integrity';
import type { ContentRecord } from '../../../src/shared/content';
import type { FeedHead, GoneBody, Snapshot } from '../../../src/shared/feed/protocol';
import type { KioskConfig } from '../../../src/shared/kiosk-config';
import { guide, hall, notice, smallContent } from '../store/fixtures';

const dirs: string[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'shk-trust-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, now?: () => Date) {
  const server = await startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    staticDir: dataDir,
    logger: pino({ level: 'silent' }),
    ...(now ? { now } : {}),
  });
  servers.push(server);
  return server;
}

const publish = (server: RunningServer, records: ContentRecord[]) =>
  server.store.publish(records.map((record) => ({ op: 'put' as const, record })));

const config = (server: RunningServer, publicKey = server.publicKey): KioskConfig => ({
  kioskId: 'kiosk-county-1',
  hallId: 'hall-county',
  feedUrl: `${server.url}/`,
  feedPublicKey: publicKey,
  pollIntervalSeconds: 30,
  idleTimeoutSeconds: 90,
  languages: ['zh-Hans'],
  staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
  theme: 'default',
});

describe('feed v2 bodies', () => {
  it('state hall and epoch everywhere, the head carries an expiry, and the 410 is signed and bound to its since', async () => {
    const server = await start(tempDir());
    await publish(server, smallContent(3, 3));
    const head = (await (await fetch(`${server.url}/feed/v2/head?hall=hall-county`)).json()) as FeedHead;
    expect(head).toMatchObject({ formatVersion: 2, hall: 'hall-county', epoch: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(Date.parse(head.expiresAt!)).toBeGreaterThan(Date.now());
    const snapshot = (await (await fetch(`${server.url}/feed/v2/snapshot?hall=hall-county`)).json()) as Snapshot;
    expect(snapshot).toMatchObject({ hall: 'hall-county', epoch: head.epoch });
    const gone = await fetch(`${server.url}/feed/v2/changes?since=999&hall=hall-county`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('X-Feed-Signature')).toBeTruthy();
    expect((await gone.json()) as GoneBody).toMatchObject({ error: 'cursor-ahead', hall: 'hall-county', epoch: head.epoch, since: 999 });
    // The legacy path still serves format 1 for kiosks not yet updated.
    expect(((await (await fetch(`${server.url}/feed/v1/head?hall=hall-county`)).json()) as FeedHead).formatVersion).toBe(1);
  });

  it('never puts a hall head below minSeq, so a kiosk behind a compacted tombstone is told to reset', async () => {
    const server = await start(tempDir());
    await publish(server, [hall(), hall('point-x', { name: '某村服务点' })]);
    await publish(server, [notice('n-x', { scope: 'hall:point-x' })]);
    await server.store.publish([{ op: 'delete', type: 'notice', id: 'n-x' }]);
    await publish(server, [notice('n-county', { scope: 'hall:hall-county' })]);
    await server.store.compact({ now: new Date(Date.now() + 1000), retentionDays: 0 });
    const position = await server.store.position();
    const head = (await (await fetch(`${server.url}/feed/v2/head?hall=point-x`)).json()) as FeedHead;
    // point-x's newest row (the tombstone at seq 3) was compacted away; its head must still reach minSeq.
    expect(head.minSeq).toBe(position.minSeq);
    expect(head.seq).toBeGreaterThanOrEqual(head.minSeq);
  });
});

describe('keys and the database at start', () => {
  it('refuses to start when the key file is lost but the log has changes, saying what to do', async () => {
    const dir = tempDir();
    const server = await start(dir);
    await publish(server, smallContent(2, 2));
    await server.close();
    servers.pop();
    unlinkSync(join(dir, 'feed-key.pem'));
    const error = await start(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedKeyMissingError);
    expect((error as Error).message).toMatch(/feed-key\.pem 不存在.*拒绝启动.*从备份恢复/);
    expect(existsSync(join(dir, 'feed-key.pem'))).toBe(false);
  });

  it('refuses to start on a content.db whose records are not valid JSON', async () => {
    const dir = tempDir();
    const server = await start(dir);
    await publish(server, smallContent(2, 2));
    await server.close();
    servers.pop();
    const db = new Database(join(dir, 'content.db'));
    db.prepare("UPDATE records SET json = substr(json, 1, 20) WHERE type = 'guide'").run();
    db.close();
    const error = await start(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentDatabaseDamagedError);
    expect((error as Error).message).toMatch(/已损坏.*不是有效的 JSON.*备份/);
  });

  it('refuses to start on a file that is not a database', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'content.db'), Buffer.alloc(8192, 7));
    const error = await start(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentDatabaseDamagedError);
  });

  it('a kiosk follows a key rotation announced by the old key, without being reconfigured', async () => {
    const dir = tempDir();
    let server = await start(dir);
    await publish(server, smallContent(3, 3));
    const oldKey = server.publicKey;
    const store = await openKioskStore({ name: `rotation-${process.pid}` });
    const engine = createSyncEngine({ config: config(server, oldKey), store });
    await engine.syncNow();
    expect(engine.status().lastError).toBeNull();

    // Schedule the rotation a few seconds ahead and restart so the server announces it.
    const activeFrom = new Date(Date.now() + 3000);
    const announced = scheduleRotation(dir, activeFrom);
    const port = server.port;
    await server.close();
    servers.pop();
    server = await startServer({
      dataDir: dir,
      port,
      host: '127.0.0.1',
      seedDemo: false,
      staticDir: dir,
      logger: pino({ level: 'silent' }),
    });
    servers.push(server);
    // (A pooled keep-alive socket to the stopped process may fail once: retry as the kiosk's loop would.)
    const headAfterRestart = async () => (await (await fetch(`${server.url}/feed/v2/head?hall=hall-county`)).json()) as FeedHead;
    const head = await headAfterRestart().catch(headAfterRestart);
    expect(head.nextKey).toMatchObject({ keyId: announced.keyId, publicKey: announced.publicKey });
    await publish(server, [guide('g-0', { name: '轮换前' })]);
    await expect
      .poll(async () => {
        await engine.syncNow();
        return engine.status().lastError;
      })
      .toBeNull();

    // After activeFrom the server signs with the new key: the kiosk, configured with the old one, follows.
    await expect.poll(() => server.publicKey, { timeout: 10_000 }).toBe(announced.publicKey);
    await publish(server, [guide('g-0', { name: '轮换后' })]);
    await engine.syncNow();
    expect(engine.status().lastError).toBeNull();
    expect((await store.getGuide('g-0'))?.name).toBe('轮换后');

    // A kiosk that never saw the announcement rejects the new key, naming it.
    const stranger = createSyncEngine({ config: config(server, oldKey), store: await openKioskStore({ name: `stranger-${process.pid}` }) });
    await stranger.syncNow();
    expect(stranger.status().lastError).toMatch(/另一把密钥签名/);
    expect(readFileSync(join(dir, 'feed-key.next.pem'), 'utf8')).toContain('PRIVATE KEY');
    store.close();
  });
});
