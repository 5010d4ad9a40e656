/**
 * The sync engine in real Chromium against the real feed server:
 *  - a page whose bytes are altered on the way (a proxying route flips one byte) is rejected, the content stays;
 *  - the browser is SIGKILLed while large pages are being applied; after a restart with the same profile,
 *    the store is exactly at one of the cursors a page could leave it at, with content to match.
 * The page under test is a small harness exposing the same store and engine modules the kiosk app uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import type { ContentRecord } from '../../src/shared/content';
import type { KioskConfig } from '../../src/shared/kiosk-config';
import { buildSyncHarness } from './sync-harness/build-harness';
import { guide, smallContent } from '../kiosk/store/fixtures';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/browser';

let server: RunningServer;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'shk-sync-e2e-'));
  await buildSyncHarness(join(work, 'static'));
  server = await startServer({
    dataDir: join(work, 'data'),
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    staticDir: join(work, 'static'),
    logger: pino({ level: 'silent' }),
  });
  await publish(smallContent(300, 300));
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function publish(records: ContentRecord[]): Promise<{ fromSeq: number; toSeq: number }> {
  return server.store.publish(records.map((record) => ({ op: 'put' as const, record })));
}

function config(): KioskConfig {
  return {
    kioskId: 'kiosk-county-1',
    hallId: 'hall-county',
    feedUrl: '/',
    feedPublicKey: server.publicKey,
    pollIntervalSeconds: 30,
    idleTimeoutSeconds: 90,
    languages: ['zh-Hans'],
    staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
    theme: 'default',
  };
}

async function launch(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

async function openHarness(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}/sync-harness.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return page;
}

/** Starts an engine in the page (kept on window.engine) and runs one cycle; resolves with its status. */
async function syncInPage(page: Page, pageLimit = 500) {
  return page.evaluate(
    async ({ config, pageLimit }) => {
      const w = window as unknown as { store?: unknown; engine?: ReturnType<typeof window.shk.createSyncEngine> };
      if (!w.engine) {
        const store = await window.shk.openKioskStore();
        w.store = store;
        w.engine = window.shk.createSyncEngine({ config, store, pageLimit });
      }
      await w.engine.syncNow();
      return w.engine.status();
    },
    { config: config(), pageLimit },
  );
}

/** Reads what survived in the profile's IndexedDB through the store module (no engine, no network). */
async function readStored(page: Page, ids: string[]) {
  return page.evaluate(async (ids) => {
    const store = await window.shk.openKioskStore();
    const cursor = await store.getCursor();
    const names: Record<string, string | null> = {};
    for (const id of ids) names[id] = (await store.getGuide(id))?.name ?? null;
    const count = await store.count('guide');
    store.close();
    return { cursor, names, count };
  }, ids);
}

/** The browser's main process for this profile (started by this test): the one with our user-data-dir and no --type. */
function browserPid(userDataDir: string): number {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const main = lines.find((l) => l.includes(`--user-data-dir=${userDataDir}`) && !l.includes('--type='));
  if (!main) throw new Error(`no browser process for ${userDataDir}`);
  return Number(main.trim().split(/\s+/)[0]);
}

describe('sync in Chromium against the real feed server', () => {
  it('rejects a page with one byte flipped in transit and keeps the content', async () => {
    const profile = mkdtempSync(join(work, 'profile-tamper-'));
    const context = await launch(profile);
    try {
      const page = await openHarness(context);
      const first = await syncInPage(page);
      expect(first).toMatchObject({ phase: 'idle', lastError: null });
      // The staff panel's storage line: estimate() figures and whether persist() was granted.
      expect(first.storage.quota).toBeGreaterThan(0);
      expect(first.storage.usage).toBeGreaterThan(0);
      expect(typeof first.storage.persisted).toBe('boolean');
      const cursor = first.cursor!;

      const { toSeq } = await publish([guide('g-7', { name: '篡改测试：新名称' })]);
      let tampered = 0;
      await page.route('**/feed/v2/changes*', async (route) => {
        const response = await route.fetch();
        const body = Buffer.from(await response.body());
        body[Math.floor(body.length / 2)]! ^= 0x20;
        tampered++;
        await route.fulfill({ response, body });
      });
      const rejected = await syncInPage(page);
      // The first rejection makes the engine ask once more past the HTTP cache; that copy is tampered too.
      expect(tampered).toBe(2);
      expect(rejected.phase).toBe('error');
      expect(rejected.lastError).toMatch(/签名校验失败/);
      expect(rejected.cursor).toBe(cursor);
      const kept = await readStored(page, ['g-7']);
      expect(kept.cursor).toBe(cursor);
      expect(kept.names['g-7']).toBe('最低生活保障申请 g-7');

      await page.unroute('**/feed/v2/changes*');
      const healed = await syncInPage(page);
      expect(healed).toMatchObject({ phase: 'idle', lastError: null, cursor: toSeq });
      expect((await readStored(page, ['g-7'])).names['g-7']).toBe('篡改测试：新名称');
    } finally {
      await context.close();
    }
  });

  it('after a SIGKILL while large pages are being applied, restarts at a page boundary with matching content', async () => {
    const profile = mkdtempSync(join(work, 'profile-kill-'));
    let context = await launch(profile);
    let page = await openHarness(context);
    const first = await syncInPage(page, 1000);
    expect(first.phase).toBe('idle');
    let cursor = first.cursor!;
    const outcomes: string[] = [];
    // Kill points defined by what the kiosk has received (not by elapsed time, which a loaded machine
    // stretches): the n-th page of changes answered, or its body wholly received and being applied.
    const killPoints = [
      { pageNo: 1, bodyReceived: false, label: 'as the first page arrived' },
      { pageNo: 1, bodyReceived: true, label: 'once the first page was wholly received' },
      { pageNo: 2, bodyReceived: false, label: 'as the second page arrived' },
      { pageNo: 3, bodyReceived: false, label: 'as the third page arrived' },
    ];

    for (const [round, killPoint] of killPoints.entries()) {
      // 2,500 guide updates of ~1.6 KB: pages of 1,000 changes (~1.6 MB each) with the cursor.
      const ids = Array.from({ length: 2500 }, (_, i) => `g-${i % 300}-r${round}-${Math.floor(i / 300)}`);
      const { fromSeq, toSeq } = await publish(ids.map((id) => guide(id, { name: `第 ${round} 轮 ${id}` })));
      const boundaries = [cursor, fromSeq - 1 + 1000, fromSeq - 1 + 2000, toSeq];

      let pagesSeen = 0;
      const nthPage = page.waitForResponse((r) => r.url().includes('/feed/v2/changes') && ++pagesSeen === killPoint.pageNo);
      void page.evaluate(() => (window as unknown as { engine: { syncNow(): Promise<void> } }).engine.syncNow()).catch(() => {});
      const response = await nthPage;
      if (killPoint.bodyReceived) await response.finished();
      process.kill(browserPid(profile), 'SIGKILL');
      await context.close().catch(() => {});

      context = await launch(profile);
      page = await openHarness(context);
      const stored = await readStored(page, ids);
      expect(boundaries).toContain(stored.cursor);
      // Content matches the cursor exactly: every change at or below it is there, none above it.
      ids.forEach((id, i) => {
        const seq = fromSeq + i;
        expect(stored.names[id], `${id} (seq ${seq}) with cursor ${stored.cursor}`).toBe(
          seq <= stored.cursor! ? `第 ${round} 轮 ${id}` : null,
        );
      });
      outcomes.push(
        `round ${round}: killed ${killPoint.label} -> cursor ${stored.cursor} (${boundaries.indexOf(stored.cursor!)} of ${boundaries.length - 1} pages applied)`,
      );

      // The restarted kiosk carries on from where it stopped.
      const resumed = await syncInPage(page, 1000);
      expect(resumed).toMatchObject({ phase: 'idle', cursor: toSeq, lastError: null });
      cursor = toSeq;
    }
    await context.close();
    console.info(outcomes.join('\n'));
  }, 180_000);
});
