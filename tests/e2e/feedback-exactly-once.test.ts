/**
 * Exactly once in real Chromium: residents rate a guide and write to its
 * department through the real dialog; the kiosk's own outbox (IndexedDB) and
 * sender post to the real server while the network misbehaves — batches
 * refused before they leave, batches stored whose answer is lost
 * (connection reset after the server answered), the browser offline (CDP
 * network emulation), the server stopped and started again, and the page
 * reloaded while sealed batches wait. The server ends with every item the
 * kiosk ever sent, each exactly once: the ratings the residents gave, one case
 * per bad rating and per message, and usage counts that were not added twice.
 * (tests/server/feedback/exactly-once.test.ts runs 100 drops and SIGKILLs in Node.)
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BatchReceipt } from '../../src/shared/feedback';
import { createFleet } from '../../src/server/console/fleet/fleet';
import { openSqliteConsoleStore } from '../../src/server/console/store/sqlite-console-store';
import type { User } from '../../src/server/console/types';
import { launchChromium } from './support/browser';
import { PORTRAIT, startKioskServer, storePairedConfig, waitForContent, type KioskServer } from './kiosk-support';

const KIOSK_ID = 'kiosk-county-9';
const GUIDE = 'guide-mz-dibao';
const admin: User = {
  id: 'u-e2e',
  username: 'e2e',
  displayName: 'e2e',
  role: 'admin',
  departments: null,
  halls: null,
  disabled: false,
  createdAt: '',
};

let browser: Browser;
let server: KioskServer;
let pairedConfig: object = {};

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  // Registered as staff would (same fleet service as the console route); the kiosk starts as a
  // paired one, with its configuration, token included, in its own storage.
  const consoleStore = openSqliteConsoleStore({ dataDir: server.dataDir });
  const fleet = createFleet({
    content: server.server.store,
    consoleStore,
    now: () => new Date(),
    feedPublicKey: async () => server.server.publicKey,
  });
  const { config } = await fleet.register(admin, {
    id: KIOSK_ID,
    hallId: 'hall-county',
    name: 'e2e 9',
    staffPin: '246813',
    feedUrl: '/',
    pollIntervalSeconds: 30,
  });
  await consoleStore.close();
  pairedConfig = config;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

interface SentItem {
  id: string;
  kind: string;
  level?: number;
  event?: string;
  results?: number | null;
}

type Mode = 'pass' | 'refuse' | 'lose-answer';

/** Every batch the kiosk sends passes here: the test decides what the network does to it. */
async function flakyNetwork(context: BrowserContext) {
  const sent = new Map<string, SentItem>();
  const receipts: BatchReceipt[] = [];
  let cycle: Mode[] = ['pass'];
  let count = 0;
  const outcomes = { pass: 0, refuse: 0, 'lose-answer': 0 };
  const handler = async (route: Route) => {
    const body = route.request().postDataJSON() as { items: SentItem[] };
    for (const item of body.items) sent.set(item.id, item);
    const mode = cycle[count++ % cycle.length]!;
    outcomes[mode]++;
    if (mode === 'refuse') return route.abort('internetdisconnected');
    try {
      const response = await route.fetch();
      const receipt = response.ok() ? ((await response.json()) as BatchReceipt) : null;
      // Stored on the server, but the kiosk never hears it: it must retry with the same ids.
      if (mode === 'lose-answer') return await route.abort('connectionreset');
      if (receipt) receipts.push(receipt);
      return await route.fulfill({ response });
    } catch {
      // The server is down: the connection is refused.
      return route.abort('connectionrefused').catch(() => undefined);
    }
  };
  const pattern = '**/api/kiosk/feedback';
  await context.route(pattern, handler);
  return {
    sent,
    receipts,
    outcomes,
    set(modes: Mode[]) {
      cycle = modes;
      count = 0;
    },
    /** Interception comes before Chromium's network emulation: step aside while the browser is offline. */
    detach: () => context.unroute(pattern, handler),
    attach: () => context.route(pattern, handler),
  };
}

async function outboxPending(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('shk-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('items')) return resolve(-1);
          const req = db.transaction('items').objectStore('items').count();
          req.onsuccess = () => {
            resolve(req.result);
            db.close();
          };
        };
      }),
  );
}

async function sealedInOutbox(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('shk-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('items').objectStore('items').getAll();
          req.onsuccess = () => {
            resolve((req.result as { attempts: number }[]).filter((e) => e.attempts > 0).length);
            db.close();
          };
        };
      }),
  );
}

/** A resident rates the open guide through the dialog; bad levels tick a reason. */
async function rate(page: Page, level: 1 | 2 | 3 | 4 | 5) {
  await page.getByTestId('rate-button').click();
  const dialog = page.getByTestId('feedback-dialog');
  await dialog.locator(`[data-level="${level}"]`).click();
  if (level <= 2) await dialog.getByTestId('rating-reasons').locator('button').first().click();
  await dialog.getByTestId('feedback-submit').click();
  await dialog.getByTestId('feedback-thanks').waitFor();
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await dialog.waitFor({ state: 'detached' });
}

/** A resident writes a 建议 to the guide's department, typing on the dialog's keys. */
async function writeMessage(page: Page) {
  await page.getByTestId('message-button').click();
  const dialog = page.getByTestId('feedback-dialog');
  await dialog.locator('[data-category]').nth(1).click();
  for (const key of 'qing') await dialog.locator(`.feedback-keys [data-key="${key}"]`).click();
  await dialog.getByTestId('feedback-submit').click();
  await dialog.getByTestId('feedback-thanks').waitFor();
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await dialog.waitFor({ state: 'detached' });
}

describe('feedback delivery from the kiosk in Chromium', () => {
  it('stores every rating, message and usage event exactly once through drops, offline, a server restart and a reload', async () => {
    // Service workers would answer the page's requests before the test's network sees them.
    const context = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN', serviceWorkers: 'block' });
    await storePairedConfig(context, server.url, pairedConfig);
    const net = await flakyNetwork(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/?kiosk=${KIOSK_ID}`);
    await waitForContent(page, 60_000);
    await page.goto(`${server.url}/guides/${GUIDE}`);
    await page.getByTestId('rate-button').waitFor();
    await expect.poll(() => outboxPending(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(0);

    const levels: number[] = [];
    let messages = 0;
    const rateAndCount = async (level: 1 | 2 | 3 | 4 | 5) => {
      await rate(page, level);
      levels.push(level);
    };

    // 1. Flaky: one batch in three refused, one stored with its answer lost. Refusal first: however
    // few batches the kiosk makes of these ratings, each retry is a batch, so every mode is met.
    net.set(['refuse', 'lose-answer', 'pass']);
    for (let i = 0; i < 30; i++) {
      await rateAndCount(([5, 1, 4, 2, 3] as const)[i % 5]!);
      if (i % 10 === 9) {
        await writeMessage(page);
        messages++;
      }
    }
    await expect.poll(() => outboxPending(page), { timeout: 90_000, interval: 500 }).toBe(0);

    // 2. The browser goes offline (CDP network emulation) while residents keep rating.
    net.set(['pass']);
    await net.detach();
    await context.setOffline(true);
    for (const level of [2, 5, 5, 1] as const) await rateAndCount(level);
    await writeMessage(page);
    messages++;
    expect(await outboxPending(page)).toBeGreaterThanOrEqual(5);
    await context.setOffline(false);
    await net.attach();
    await expect.poll(() => outboxPending(page), { timeout: 90_000, interval: 500 }).toBe(0);

    // 3. Twice, the server stops with ratings waiting, and starts again on the same data.
    for (let round = 0; round < 2; round++) {
      await server.stop();
      for (const level of [1, 4, 3] as const) await rateAndCount(level);
      await server.restart();
      await expect.poll(() => outboxPending(page), { timeout: 90_000, interval: 500 }).toBe(0);
    }

    // 4. Every answer is lost: the kiosk holds sealed items the server already stored, and reloads.
    net.set(['lose-answer']);
    for (const level of [2, 5, 1] as const) await rateAndCount(level);
    await expect.poll(() => sealedInOutbox(page), { timeout: 60_000, interval: 300 }).toBeGreaterThanOrEqual(3);
    net.set(['pass']);
    await page.reload();
    await waitForContent(page, 60_000);
    await expect.poll(() => outboxPending(page), { timeout: 90_000, interval: 500 }).toBe(0);
    expect(errors).toEqual([]);

    const sentBefore = [...net.sent.keys()];
    // What the server holds, read in one transaction.
    const db = new Database(join(server.dataDir, 'feedback.db'), { readonly: true });
    const snapshot = db.transaction(() => ({
      items: db.prepare('SELECT id, kind FROM items WHERE kiosk_id = ?').all(KIOSK_ID) as { id: string; kind: string }[],
      ratings: db.prepare('SELECT id, level FROM ratings WHERE kiosk_id = ?').all(KIOSK_ID) as { id: string; level: number }[],
      messages: Number((db.prepare('SELECT count(*) AS n FROM messages WHERE kiosk_id = ?').get(KIOSK_ID) as { n: number }).n),
      cases: Number((db.prepare('SELECT count(*) AS n FROM cases WHERE kiosk_id = ?').get(KIOSK_ID) as { n: number }).n),
      usage: db
        .prepare("SELECT event, sum(count) AS n FROM usage_daily WHERE kiosk_id = ? AND event != 'search-zero' GROUP BY event")
        .all(KIOSK_ID) as { event: string; n: number }[],
    }))();
    db.close();
    await context.close();

    // Ratings: exactly the ones residents gave, none lost, none twice.
    expect(snapshot.ratings.map((r) => r.level).sort()).toEqual([...levels].sort());
    expect(snapshot.messages).toBe(messages);
    expect(snapshot.cases).toBe(levels.filter((l) => l <= 2).length + messages);
    // Every id the kiosk ever put on the wire is stored once, and nothing else.
    const storedIds = new Set(snapshot.items.map((i) => i.id));
    expect(storedIds.size).toBe(snapshot.items.length);
    for (const id of storedIds) expect(net.sent.has(id)).toBe(true);
    expect(sentBefore.filter((id) => !storedIds.has(id))).toEqual([]);
    // Usage adds counts, so a retried batch stored twice would show as a higher total.
    const usageStored = snapshot.items.filter((i) => i.kind === 'usage');
    const expectedByEvent = new Map<string, number>();
    for (const { id } of usageStored) {
      const event = net.sent.get(id)!.event!;
      expectedByEvent.set(event, (expectedByEvent.get(event) ?? 0) + 1);
    }
    expect(Object.fromEntries(snapshot.usage.map((u) => [u.event, Number(u.n)]))).toEqual(Object.fromEntries(expectedByEvent));
    expect(expectedByEvent.get('guide')).toBeGreaterThan(0);
    // The hard cases really happened: answers were lost and the retries came back as duplicates.
    expect(net.outcomes['lose-answer']).toBeGreaterThanOrEqual(2);
    expect(net.outcomes.refuse).toBeGreaterThanOrEqual(1);
    expect(net.receipts.some((r) => r.duplicates.length > 0)).toBe(true);
  }, 420_000);
});
