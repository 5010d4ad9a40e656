/**
 * Exactly once at the scale, in real Chromium: 200 ratings from a
 * kiosk, 100 of its batches stored by the server with the answer lost (the
 * kiosk must retry the same ids), and the server — a real child process
 * serving the kiosk, the feed and the ingest — killed with SIGKILL twice with
 * ratings waiting, then started again on the same port and data. At the end
 * the server holds exactly the 200 ratings and one case per bad rating.
 * A few ratings go through the real dialog; the rest through the kiosk's own
 * outbox front door (window.shkFeedback.record, what the dialog calls), so the
 * run stays short. The kiosk's retry back-off is shortened through its
 * configuration (feedbackRetryBaseMs / feedbackRetryMaxMs), never by sleeping.
 * (feedback-exactly-once.test.ts covers offline, refused batches and reloads.)
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BatchReceipt } from '../../src/shared/feedback';
import { launchChromium } from './support/browser';
import { PORTRAIT, ROOT, storePairedConfig, waitForContent } from './kiosk-support';

const KIOSK_ID = 'kiosk-county-7';
const GUIDE = 'guide-mz-dibao';
const RATINGS = 200;
const LOST_ANSWERS = 100;

let browser: Browser;
let dataDir = '';
let kioskConfigDir = '';
let child: ChildProcess | null = null;
let port = 0;

/** Starts the server process on `port` (0 the first time) and resolves once it listens. */
function startServerProcess(): Promise<void> {
  const c = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'support/server-process.ts'),
      dataDir,
      inject('distDir'),
      kioskConfigDir,
      String(port),
      KIOSK_ID,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child = c;
  return new Promise((resolve, reject) => {
    let out = '';
    const early = (code: number | null) => reject(new Error(`server process exited before it was ready (${code})`));
    c.once('exit', early);
    c.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) {
        c.off('exit', early);
        port = Number(m[1]);
        resolve();
      }
    });
  });
}

function killServerProcess(): Promise<void> {
  const c = child!;
  child = null;
  return new Promise((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });
}

beforeAll(async () => {
  browser = await launchChromium();
  dataDir = mkdtempSync(join(tmpdir(), 'shk-once-scale-'));
  kioskConfigDir = join(dataDir, 'kiosk-config');
  mkdirSync(kioskConfigDir);
  for (const file of readdirSync(join(ROOT, 'kiosk-config')).filter((f) => f.endsWith('.json')))
    writeFileSync(join(kioskConfigDir, file), readFileSync(join(ROOT, 'kiosk-config', file)));
  await startServerProcess();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (child) await killServerProcess();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Every batch the kiosk sends passes here; while fewer than LOST_ANSWERS were lost, every other stored batch loses its answer. */
function lossyNetwork() {
  const sent = new Set<string>();
  const receipts: BatchReceipt[] = [];
  const stats = { lost: 0, passed: 0, refused: 0 };
  let loseNext = true;
  const handler = async (route: Route) => {
    for (const item of (route.request().postDataJSON() as { items: { id: string }[] }).items) sent.add(item.id);
    let response;
    try {
      response = await route.fetch();
    } catch {
      // The server process is dead: the connection is refused.
      stats.refused++;
      return route.abort('connectionrefused').catch(() => undefined);
    }
    if (response.ok() && loseNext && stats.lost < LOST_ANSWERS) {
      // Stored on the server, but the kiosk never hears it: it must send the same ids again.
      stats.lost++;
      loseNext = false;
      return route.abort('connectionreset');
    }
    if (response.ok()) receipts.push((await response.json()) as BatchReceipt);
    stats.passed++;
    loseNext = true;
    return route.fulfill({ response });
  };
  return { sent, receipts, stats, handler };
}

const pending = (page: Page) => page.evaluate(() => window.shkFeedback!.pending());

/** Ratings through the kiosk's outbox, as the dialog records them. */
function recordRatings(page: Page, levels: number[]) {
  return page.evaluate(
    async ({ levels, guide }) => {
      for (const level of levels)
        await window.shkFeedback!.record({
          kind: 'rating',
          level: level as 1 | 2 | 3 | 4 | 5,
          subject: { type: 'guide', id: guide, departmentId: 'dept-mz', title: '最低生活保障' },
          reasons: level <= 2 ? ['long-wait'] : [],
          text: '',
          phone: null,
        });
    },
    { levels, guide: GUIDE },
  );
}

async function rateInDialog(page: Page, level: 1 | 2 | 3 | 4 | 5) {
  await page.getByTestId('rate-button').click();
  const dialog = page.getByTestId('feedback-dialog');
  await dialog.locator(`[data-level="${level}"]`).click();
  if (level <= 2) await dialog.getByTestId('rating-reasons').locator('button').first().click();
  await dialog.getByTestId('feedback-submit').click();
  await dialog.getByTestId('feedback-thanks').waitFor();
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await dialog.waitFor({ state: 'detached' });
}

describe('feedback delivery at the issue scale in Chromium', () => {
  it('stores 200 ratings exactly once through 100 lost answers and two SIGKILLed server restarts', async () => {
    const url = `http://127.0.0.1:${port}`;
    const paired = JSON.parse(readFileSync(join(dataDir, `paired-${KIOSK_ID}.json`), 'utf8')) as object;
    const context = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN', serviceWorkers: 'block' });
    await storePairedConfig(context, url, { ...paired, feedbackRetryBaseMs: 20, feedbackRetryMaxMs: 500 });
    const net = lossyNetwork();
    await context.route('**/api/kiosk/feedback', net.handler);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/?kiosk=${KIOSK_ID}`);
    await waitForContent(page, 60_000);
    await page.goto(`${url}/guides/${GUIDE}`);
    await page.getByTestId('rate-button').waitFor();
    await page.waitForFunction(() => window.shkFeedback !== undefined, undefined, { timeout: 30_000 });
    const drained = () => expect.poll(() => pending(page), { timeout: 60_000, interval: 50 }).toBe(0);

    const levels: number[] = [];
    const cycle = [5, 1, 4, 2, 3];
    // A handful through the real dialog.
    for (const level of [1, 5, 2, 4, 3] as const) {
      await rateInDialog(page, level);
      levels.push(level);
    }
    await drained();

    // The rest through the outbox in 100 small rounds, each met by a lost answer; the server is
    // killed twice with ratings waiting, more ratings arrive while it is dead, then it starts again.
    const rounds = 100;
    let remaining = RATINGS - levels.length;
    for (let round = 0; round < rounds; round++) {
      const size = Math.ceil(remaining / (rounds - round));
      const batch = Array.from({ length: size }, (_, i) => cycle[(levels.length + i) % cycle.length]!);
      await recordRatings(page, batch);
      levels.push(...batch);
      remaining -= size;
      if (round === 33 || round === 66) {
        await killServerProcess();
        const whileDown = Math.min(3, remaining);
        const more = Array.from({ length: whileDown }, (_, i) => cycle[(levels.length + i) % cycle.length]!);
        await recordRatings(page, more);
        levels.push(...more);
        remaining -= whileDown;
        await expect.poll(() => net.stats.refused, { timeout: 30_000 }).toBeGreaterThan(0);
        await startServerProcess();
      }
      await drained();
    }
    expect(levels).toHaveLength(RATINGS);
    expect(errors).toEqual([]);

    const db = new Database(join(dataDir, 'feedback.db'), { readonly: true });
    const stored = db.transaction(() => ({
      items: db.prepare("SELECT id FROM items WHERE kiosk_id = ? AND kind = 'rating'").all(KIOSK_ID) as { id: string }[],
      levels: (db.prepare('SELECT level FROM ratings WHERE kiosk_id = ?').all(KIOSK_ID) as { level: number }[]).map((r) => r.level),
      cases: Number(
        (db.prepare("SELECT count(*) AS n FROM cases WHERE kiosk_id = ? AND source_kind = 'rating'").get(KIOSK_ID) as { n: number }).n,
      ),
    }))();
    db.close();
    await context.close();

    // Exactly the 200 ratings residents gave: none lost, none twice; one case per bad rating.
    expect(stored.levels).toHaveLength(RATINGS);
    expect([...stored.levels].sort()).toEqual([...levels].sort());
    expect(stored.cases).toBe(levels.filter((l) => l <= 2).length);
    const ids = new Set(stored.items.map((i) => i.id));
    expect(ids.size).toBe(RATINGS);
    for (const id of ids) expect(net.sent.has(id)).toBe(true);
    // The failures really happened: 100 answers lost, retries answered as duplicates, two dead servers met.
    expect(net.stats.lost).toBe(LOST_ANSWERS);
    expect(net.receipts.some((r) => r.duplicates.length > 0)).toBe(true);
    expect(net.stats.refused).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
