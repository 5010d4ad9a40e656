/**
 * The static feed export (docs/feed-protocol.md section 17) with the real server, the real kiosk sync
 * engine and store (fake IndexedDB, as the other engine tests) and Debian's nginx as a child process:
 * the layout and its signatures, atomic writes, a kiosk syncing from nginx as a static host and through
 * nginx as a caching proxy in front of the origin, and a stale export reported through the head's expiry.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cachingProxyConfig, startNginx, staticHostConfig, type NginxProcess } from '../../../scripts/nginx/nginx-process';
import { openKioskStore } from '../../../src/kiosk/store/kiosk-store';
import { createSyncEngine } from '../../../src/kiosk/sync/engine';
import { verifySignature } from '../../../src/kiosk/sync/verify';
import { startServer, type RunningServer } from '../../../src/server/app';
import { createFeedExporter } from '../../../src/server/feed/export/export-feed';
import { loadOrCreateSigner } from '../../../src/server/feed/signing';
import type { ContentRecord } from '../../../src/shared/content';
import {
  STATIC_KEYS_PATH,
  STATIC_PAGES_DIR,
  STATIC_SNAPSHOTS_DIR,
  staticHeadPath,
  type SignedEnvelope,
  type StaticFeedHead,
} from '../../../src/shared/feed/static-feed';
import type { KioskConfig } from '../../../src/shared/kiosk-config';
import { guide, official, smallContent } from '../../kiosk/store/fixtures';

let server: RunningServer;
let dir: string;
let exportDir: string;
let staticHost: NginxProcess;
let portraitSha: string;

const publish = (records: ContentRecord[]) => server.store.publish(records.map((record) => ({ op: 'put' as const, record })));

function readHead(hall = 'hall-county'): { envelope: SignedEnvelope; head: StaticFeedHead } {
  const envelope = JSON.parse(readFileSync(join(exportDir, staticHeadPath(hall)), 'utf8')) as SignedEnvelope;
  return { envelope, head: JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as StaticFeedHead };
}

/** The after-publish export has caught up with the log. */
async function exported(): Promise<StaticFeedHead> {
  const seq = (await server.store.position()).seq;
  await vi.waitFor(
    () => {
      if (!existsSync(join(exportDir, staticHeadPath('hall-county'))) || readHead().head.logSeq !== seq) throw new Error('export behind');
    },
    { timeout: 30_000, interval: 100 },
  );
  return readHead().head;
}

const config = (feedUrl: string): KioskConfig => ({
  kioskId: 'kiosk-county-1',
  hallId: 'hall-county',
  feedUrl,
  feedPublicKey: server.publicKey,
  pollIntervalSeconds: 30,
  idleTimeoutSeconds: 90,
  languages: ['zh-Hans'],
  staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
  theme: 'default',
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shk-static-feed-'));
  exportDir = join(dir, 'export');
  server = await startServer({
    dataDir: join(dir, 'data'),
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    staticDir: dir,
    logger: pino({ level: 'silent' }),
    feedExportDir: exportDir,
  });
  const portrait = await server.store.putMedia(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 9, 9, 9]), 'image/png');
  portraitSha = portrait.sha256;
  // More than one page of 500 changes, so the head links a full page and a tail.
  await publish([...smallContent(300, 300), official('o-photo', { photo: { ...portrait, alt: '照片' } })]);
  await exported();
  staticHost = await startNginx(staticHostConfig(exportDir));
}, 60_000);

afterAll(async () => {
  await staticHost?.stop();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the static export', () => {
  it('names pages and snapshots by the hash of their bytes, signs them as the origin does, and writes the head last', async () => {
    await exported();
    const { envelope, head } = readHead();
    const key = server.publicKey;
    await verifySignature(Buffer.from(envelope.payload, 'base64'), { signature: envelope.signature, keyId: envelope.keyId }, key, 'head');
    expect(head).toMatchObject({ formatVersion: 2, hall: 'hall-county', seq: expect.any(Number) });
    expect(Date.parse(head.expiresAt!)).toBeGreaterThan(Date.now());
    expect(head.static.pages.length).toBeGreaterThanOrEqual(2);
    expect(head.static.pages[0]!.from).toBe(0);
    expect(head.static.pages.at(-1)!.to).toBe(head.logSeq);

    for (const link of [head.static.snapshot, ...head.static.pages]) {
      const bytes = readFileSync(join(exportDir, link.path));
      expect(link.path).toContain(createHash('sha256').update(bytes).digest('hex'));
      await verifySignature(bytes, { signature: link.signature, keyId: envelope.keyId }, key, link.path);
    }
    // A page is byte-identical to what the origin serves for the same question.
    const page = head.static.pages[0]!;
    const origin = await fetch(`${server.url}/feed/v2/changes?since=${page.from}&limit=500&hall=hall-county`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    expect(Buffer.from(await origin.arrayBuffer()).equals(readFileSync(join(exportDir, page.path)))).toBe(true);

    expect(readFileSync(join(exportDir, 'media', portraitSha)).length).toBe(11);
    expect(JSON.parse(readFileSync(join(exportDir, STATIC_KEYS_PATH), 'utf8'))).toMatchObject({ keys: [{ publicKey: key }] });
    for (const sub of [STATIC_PAGES_DIR, STATIC_SNAPSHOTS_DIR, 'media'])
      expect(readdirSync(join(exportDir, sub)).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('never shows a reader half a head while exports run after publishes', async () => {
    let reads = 0;
    let torn = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        try {
          readHead();
        } catch {
          torn++;
        }
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 5; i++) await publish([guide(`g-atomic-${i}`)]);
    await exported();
    stop = true;
    await reader;
    expect(reads).toBeGreaterThan(10);
    expect(torn).toBe(0);
  });

  it('refuses an unknown hall with a message naming it', async () => {
    const signer = loadOrCreateSigner(join(dir, 'data'), { logHasChanges: true });
    const exporter = createFeedExporter({ store: server.store, signer, outDir: join(dir, 'other') });
    await expect(exporter.run(['hall-nowhere'])).rejects.toThrow(/hall-nowhere/);
  });
});

describe('a kiosk on the static export served by nginx', () => {
  it('syncs by its feedUrl alone, gets the next publish, and rejects a tampered page', async () => {
    const store = await openKioskStore({ name: `static-${process.pid}` });
    const engine = createSyncEngine({ config: config(`${staticHost.url}/`), store });
    await engine.syncNow();
    expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null });
    expect(await store.count('guide')).toBeGreaterThanOrEqual(300);
    expect(await store.hasMedia(portraitSha)).toBe(true);

    await publish([guide('g-after-export', { name: '静态导出之后发布的事项' })]);
    const head = await exported();
    await engine.syncNow();
    expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null, cursor: head.logSeq });
    expect((await store.getGuide('g-after-export'))?.name).toBe('静态导出之后发布的事项');

    // A byte changed in the tail page on the host: the signature from the head does not match; nothing applied.
    await publish([guide('g-tampered', { name: '原名' })]);
    const next = await exported();
    const tail = join(exportDir, next.static.pages.at(-1)!.path);
    const original = readFileSync(tail);
    const bad = Buffer.from(original.toString('utf8').replace('原名', '假名'));
    writeFileSync(tail, bad);
    await engine.syncNow();
    expect(engine.status().lastError).toMatch(/签名校验失败/);
    expect(await store.getGuide('g-tampered')).toBeUndefined();
    writeFileSync(tail, original);
    await engine.syncNow();
    expect((await store.getGuide('g-tampered'))?.name).toBe('原名');
    store.close();
  });

  it('reports an export that stopped updating once its head has expired', async () => {
    const store = await openKioskStore({ name: `static-stale-${process.pid}` });
    const engine = createSyncEngine({ config: config(`${staticHost.url}/`), store });
    await engine.syncNow();
    expect(engine.status().lastError).toBeNull();
    // The export as it was written two hours ago, and never again since.
    const signer = loadOrCreateSigner(join(dir, 'data'), { logHasChanges: true });
    const past = () => new Date(Date.now() - 2 * 3600_000);
    await createFeedExporter({ store: server.store, signer, outDir: exportDir, now: past, headTtlSeconds: 3600 }).run(['hall-county']);
    await engine.syncNow();
    expect(engine.status().phase).toBe('error');
    expect(engine.status().lastError).toMatch(/已于 .* 过期/);
    // The content stays.
    expect(await store.count('guide')).toBeGreaterThanOrEqual(300);
    store.close();
    // Put a current head back for the other tests.
    await publish([guide('g-fresh-again')]);
    await exported();
  });
});

describe('a kiosk through nginx as a caching proxy in front of the origin', () => {
  it('syncs with the signatures intact, and repeated head polls are answered by the cache', async () => {
    const proxy = await startNginx(cachingProxyConfig(server.url));
    try {
      const store = await openKioskStore({ name: `proxy-${process.pid}` });
      const engine = createSyncEngine({ config: config(`${proxy.url}/`), store });
      await engine.syncNow();
      expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null, cursor: (await server.store.position()).seq });
      expect(await store.hasMedia(portraitSha)).toBe(true);
      await publish([guide('g-through-proxy')]);
      await expect
        .poll(
          async () => {
            await engine.syncNow();
            return (await store.getGuide('g-through-proxy'))?.id;
          },
          { timeout: 15_000 },
        )
        .toBe('g-through-proxy');
      store.close();

      const statuses: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${proxy.url}/feed/v2/head?hall=hall-county`);
        await res.arrayBuffer();
        statuses.push(res.headers.get('X-Cache-Status') ?? '');
      }
      expect(statuses).toContain('HIT');
    } finally {
      await proxy.stop();
    }
  });
});
