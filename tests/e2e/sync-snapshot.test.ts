/**
 * Snapshot and page fetching in real Chromium against the real feed server:
 *  - the snapshot is checked in the dedicated worker: a body with one flipped byte, or one signed
 *    correctly but holding an invalid record, is rejected with nothing stored; a good one applies;
 *  - full changes pages (marked immutable by the server) come from the browser's HTTP cache when a
 *    second store walks the same pages, while the head always goes to the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import { loadOrCreateSigner } from '../../src/server/feed/signing';
import type { ContentRecord } from '../../src/shared/content';
import type { KioskConfig } from '../../src/shared/kiosk-config';
import { buildSyncHarness } from './sync-harness/build-harness';
import { guide, smallContent } from '../kiosk/store/fixtures';
import { launchChromium } from './support/browser';

let server: RunningServer;
let work: string;
let browser: Browser;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'shk-sync-snapshot-e2e-'));
  await buildSyncHarness(join(work, 'static'));
  server = await startServer({
    dataDir: join(work, 'data'),
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    staticDir: join(work, 'static'),
    logger: pino({ level: 'silent' }),
  });
  await publish(smallContent(200, 400));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function publish(records: ContentRecord[]) {
  return server.store.publish(records.map((record) => ({ op: 'put' as const, record })));
}

const config = (): KioskConfig => ({
  kioskId: 'kiosk-county-1',
  hallId: 'hall-county',
  feedUrl: '/',
  feedPublicKey: server.publicKey,
  pollIntervalSeconds: 30,
  idleTimeoutSeconds: 90,
  languages: ['zh-Hans'],
  staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
  theme: 'default',
});

async function openHarness(page: Page): Promise<void> {
  await page.goto(`${server.url}/sync-harness.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
}

/** One sync cycle for the store named `name` (engines kept per store on window); returns status and what is stored. */
async function sync(page: Page, name: string, pageLimit = 500) {
  return page.evaluate(
    async ({ config, name, pageLimit }) => {
      const w = window as unknown as {
        engines?: Record<string, ReturnType<typeof window.shk.createSyncEngine>>;
        stores?: Record<string, Awaited<ReturnType<typeof window.shk.openKioskStore>>>;
      };
      w.engines ??= {};
      w.stores ??= {};
      if (!w.engines[name]) {
        w.stores[name] = await window.shk.openKioskStore({ name });
        w.engines[name] = window.shk.createSyncEngine({ config, store: w.stores[name], pageLimit });
      }
      await w.engines[name]!.syncNow();
      const store = w.stores[name]!;
      return {
        status: w.engines[name]!.status(),
        cursor: await store.getCursor(),
        guides: await store.count('guide'),
        fees: await store.count('fee'),
      };
    },
    { config: config(), name, pageLimit },
  );
}

describe('snapshot in the worker, pages from the HTTP cache (Chromium, real server)', () => {
  it('rejects a tampered or invalid snapshot in the worker with nothing stored, then applies the good one', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const workers: string[] = [];
      page.on('worker', (w) => workers.push(w.url()));
      await openHarness(page);
      const signer = loadOrCreateSigner(join(work, 'data'));
      let mode: 'flip' | 'bad-record' = 'flip';
      await page.route('**/feed/v2/snapshot*', async (route) => {
        const response = await route.fetch();
        let body = Buffer.from(await response.body());
        const headers = { ...response.headers() };
        delete headers['content-encoding'];
        delete headers['content-length'];
        if (mode === 'flip') {
          body[Math.floor(body.length / 2)]! ^= 0x20;
        } else {
          // Correctly signed (the server's own key), but one fee breaks the schema: validation must catch it.
          const snapshot = JSON.parse(body.toString('utf8')) as { records: { type: string; record: { amount?: unknown } }[] };
          snapshot.records.filter((r) => r.type === 'fee').at(-1)!.record.amount = { kind: 'fixed', fen: -1 };
          body = Buffer.from(JSON.stringify(snapshot));
          headers['x-feed-signature'] = signer.sign(body);
        }
        await route.fulfill({ status: response.status(), headers, body });
      });

      const flipped = await sync(page, 'kiosk-a');
      expect(flipped.status.lastError).toMatch(/快照签名校验失败/);
      expect(flipped).toMatchObject({ cursor: null, guides: 0, fees: 0 });
      expect(workers.some((url) => /snapshot-worker/.test(url))).toBe(true);

      mode = 'bad-record';
      const invalid = await sync(page, 'kiosk-a');
      expect(invalid.status.lastError).toMatch(/records\[\d+\] \(fee\/.+\) 不符合数据规范：amount\.fen/);
      expect(invalid).toMatchObject({ cursor: null, guides: 0, fees: 0 });

      await page.unroute('**/feed/v2/snapshot*');
      const good = await sync(page, 'kiosk-a');
      expect(good.status.lastError).toBeNull();
      expect(good).toMatchObject({ cursor: (await server.store.position()).seq, guides: 200, fees: 400 });
    } finally {
      await context.close();
    }
  });

  it('takes full pages from the HTTP cache for a second store; the head always reaches the server', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const urls = new Map<string, string>();
      const fromCache: string[] = [];
      const fromServer: string[] = [];
      cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
      cdp.on('Network.responseReceived', (e) => {
        const path = new URL(e.response.url).pathname + new URL(e.response.url).search;
        (e.response.fromDiskCache || e.response.fromPrefetchCache ? fromCache : fromServer).push(`${e.response.status} ${path}`);
      });
      await cdp.send('Network.enable');
      await openHarness(page);
      await sync(page, 'first', 3);
      await sync(page, 'second', 3);
      const { toSeq } = await publish(Array.from({ length: 8 }, (_, i) => guide(`cached-${i}`)));
      fromCache.length = 0;
      fromServer.length = 0;

      const first = await sync(page, 'first', 3);
      expect(first.cursor).toBe(toSeq);
      const firstPages = fromServer.filter((r) => r.includes('/feed/v2/changes'));
      expect(firstPages).toHaveLength(3); // 3 + 3 + 2 changes
      expect(fromCache).toEqual([]);

      fromServer.length = 0;
      const second = await sync(page, 'second', 3);
      expect(second.cursor).toBe(toSeq);
      expect(second.guides).toBe(208);
      // The two full pages never change: the browser reuses them without asking. (The tail page may come
      // from the cache too within its 2 s max-age; it still reached the head, as the cursor shows.)
      const since = (r: string) => new URL(r.split(' ')[1]!, 'http://x').searchParams.get('since');
      const cachedPages = fromCache.filter((r) => r.includes('/feed/v2/changes')).map(since);
      expect(cachedPages).toEqual(expect.arrayContaining([String(toSeq - 8), String(toSeq - 5)]));
      expect(fromServer.filter((r) => r.includes('/feed/v2/changes')).map(since)).not.toContain(String(toSeq - 8));
      expect(fromServer.some((r) => r.includes('/feed/v2/head'))).toBe(true);
      expect(fromCache.some((r) => r.includes('/feed/v2/head'))).toBe(false);
    } finally {
      await context.close();
    }
  });
});
