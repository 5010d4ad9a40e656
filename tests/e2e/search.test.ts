/**
 * Search in real Chromium against the real server and the demo data: type on
 * the on-screen keyboard, see grouped highlighted results, open one; a
 * physical keyboard works too; nothing found offers suggestions and is
 * counted; the index survives a reload without a rebuild and follows a
 * publish; the search code is not loaded with the home screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DutyException, DutyShift, ServiceGuide } from '../../src/shared/content';
import { hallDate, scheduleForDay } from '../../src/shared/duty';
import { launchChromium } from './support/browser';
import {
  describeViolations,
  LANDSCAPE,
  openKiosk,
  PORTRAIT,
  runAxe,
  screenshot,
  startKioskServer,
  type KioskServer,
} from './kiosk-support';

let browser: Browser;
let server: KioskServer;
beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir'), pollIntervalSeconds: 1 });
});
afterAll(async () => {
  await server?.cleanup();
  await browser?.close();
});

async function tapKeys(page: Page, text: string): Promise<void> {
  for (const ch of text) await page.click(`[data-testid=on-screen-keyboard] [data-key="${ch.toUpperCase()}"]`);
}

async function openSearch(page: Page): Promise<void> {
  await page.click('[data-testid=tile-search]');
  await page.waitForSelector('[data-testid=search-input]');
  await page.waitForFunction(() => performance.getEntriesByName('shk:search-ready').length > 0, undefined, { timeout: 30_000 });
}

const searchReady = (page: Page) =>
  page.evaluate(
    () =>
      (performance.getEntriesByName('shk:search-ready')[0] as PerformanceMark | undefined)?.detail as
        { origin: string; cursor: number; docs: number } | undefined,
  );

describe('search in Chromium', () => {
  it('types dibao on the on-screen keyboard, shows 低保 first with the match marked, and opens it', async () => {
    const { context, page } = await openKiosk(browser, server.url, PORTRAIT);
    try {
      const scriptsAtHome = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.endsWith('.js')),
      );
      expect(
        scriptsAtHome.some((n) => /SearchScreen/.test(n)),
        'search chunk loaded with the home screen',
      ).toBe(false);
      await openSearch(page);
      const scriptsAtSearch = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.endsWith('.js')),
      );
      expect(scriptsAtSearch.some((n) => /SearchScreen/.test(n))).toBe(true);
      // The input never summons a system keyboard on touch.
      await expect(page.getAttribute('[data-testid=search-input]', 'inputmode')).resolves.toBe('none');

      await tapKeys(page, 'dib');
      // Results appear while typing, before the word is finished.
      await page.waitForSelector('[data-group=guide] .search-hit');
      await tapKeys(page, 'ao');
      await expect(page.inputValue('[data-testid=search-input]')).resolves.toBe('dibao');
      const first = page.locator('[data-group=guide] .search-hit').first();
      await expect(first.getAttribute('data-id')).resolves.toBe('guide-mz-dibao');
      await expect(first.locator('mark').first().textContent()).resolves.toBe('低保');
      await expect(page.textContent('[data-testid=search-status]')).resolves.toMatch(/找到 \d+ 项/);
      await screenshot(page, 'search-results-portrait');

      await page.click('[data-testid=on-screen-keyboard] [data-key=backspace]');
      await expect(page.inputValue('[data-testid=search-input]')).resolves.toBe('diba');
      await page.click('[data-testid=on-screen-keyboard] [data-key=clear]');
      await expect(page.inputValue('[data-testid=search-input]')).resolves.toBe('');
      await tapKeys(page, 'db');
      await page.waitForSelector('[data-group=guide] .search-hit[data-id=guide-mz-dibao]');

      await page.locator('[data-group=guide] .search-hit').first().click();
      await page.waitForURL(/\/guides\/guide-mz-dibao$/);
      await page.waitForSelector('[data-testid=guide-detail]');
      await expect(page.textContent('[data-testid=guide-detail]')).resolves.toContain('最低生活保障审核确认');
      // Back to the search: the query is still there.
      await page.goBack();
      await page.waitForSelector('[data-testid=search-input]');
      await expect(page.inputValue('[data-testid=search-input]')).resolves.toBe('db');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('works with a physical keyboard, finds officials with their window and today’s duty, and offers suggestions when nothing matches', async () => {
    const { context, page } = await openKiosk(browser, server.url, LANDSCAPE);
    try {
      await openSearch(page);
      await page.focus('[data-testid=search-input]');
      await page.keyboard.type('hanyonghao');
      const official = page.locator('[data-group=official] .search-hit').first();
      await official.waitFor();
      await expect(official.getAttribute('data-id')).resolves.toBe('official-001');
      const duty = official.locator('[data-testid=official-duty]');
      // Today's line, computed independently from the server's roster in the hall's timezone.
      const shifts = ((await server.server.store.listRecords('dutyShift')) as DutyShift[]).filter((x) => x.hallId === 'hall-county');
      const exceptions = ((await server.server.store.listRecords('dutyException')) as DutyException[]).filter(
        (x) => x.hallId === 'hall-county',
      );
      const today = hallDate(Date.now(), 'Asia/Shanghai');
      const mine = scheduleForDay({ shifts, exceptions, timezone: 'Asia/Shanghai', date: today }).filter(
        (a) => a.officialId === 'official-001',
      );
      const onLeave = exceptions.some((e) => e.date === today && e.kind === 'leave' && e.officialId === 'official-001');
      const expected =
        mine.length > 0
          ? `今天值班 ${mine.map((a) => `${a.windowId} ${a.start}–${a.end}`).join('、')}`
          : onLeave
            ? '今天休假'
            : '今天不在窗口值班';
      // Today's duty arrives a moment after the hit itself.
      await expect.poll(() => duty.textContent()).toBe(`窗口 A01 · ${expected}`);
      await screenshot(page, 'search-official-landscape');

      await page.fill('[data-testid=search-input]', '');
      await page.keyboard.type('戶口遷移');
      await page.waitForSelector('[data-group=guide] .search-hit[data-id=guide-ga-hukou-transfer]');

      await page.fill('[data-testid=search-input]', '');
      await tapKeys(page, 'xqxqxq');
      await page.waitForSelector('[data-testid=search-suggestions] .search-hit');
      await expect(page.textContent('[data-testid=search-status]')).resolves.toContain('没有找到');
      await page.click('[data-testid=on-screen-keyboard] [data-key=search]');
      await screenshot(page, 'search-nothing-found-landscape');
      const counted = await page.evaluate(
        () =>
          new Promise<unknown[]>((resolve, reject) => {
            const open = indexedDB.open('shk-search');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const req = open.result.transaction('emptyQueries').objectStore('emptyQueries').getAll();
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(req.error);
            };
          }),
      );
      expect(counted).toEqual([expect.objectContaining({ query: 'xqxqxq', count: 1 })]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('keeps keys large (48 px, 60 px in elder mode) and passes axe in both modes', async () => {
    const { context, page } = await openKiosk(browser, server.url, PORTRAIT);
    try {
      await openSearch(page);
      await tapKeys(page, 'shebao');
      await page.waitForSelector('[data-group=guide] .search-hit');
      for (const elder of [false, true]) {
        if (elder) await page.click('.toolbar-elder');
        await page.waitForFunction((on) => document.documentElement.classList.contains('elder') === on, elder);
        const sizes = await page.$$eval('[data-testid=on-screen-keyboard] button', (keys) =>
          keys.map((k) => k.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)),
        );
        expect(sizes.length).toBe(40); // 26 letters, 10 digits, backspace, space, clear and search
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(elder ? 60 : 48);
        const violations = await runAxe(page);
        expect(violations, describeViolations(violations)).toEqual([]);
        await screenshot(page, `search-${elder ? 'elder' : 'normal'}-portrait`);
      }
    } finally {
      await context.close();
    }
  }, 120_000);

  it('loads the stored index on a cold start and follows a publish without a reload', async () => {
    const { context, page } = await openKiosk(browser, server.url, PORTRAIT);
    try {
      await openSearch(page);
      const first = await searchReady(page);
      expect(first?.docs).toBeGreaterThan(100);
      // Wait until the debounced save has written the index, then start cold.
      const stored = () =>
        page.evaluate(
          () =>
            new Promise<boolean>((resolve) => {
              const open = indexedDB.open('shk-search');
              open.onsuccess = () => {
                const req = open.result.transaction('index').objectStore('index').getKey('current');
                req.onsuccess = () => {
                  open.result.close();
                  resolve(req.result !== undefined);
                };
                req.onerror = () => resolve(false);
              };
              open.onerror = () => resolve(false);
            }),
        );
      await expect.poll(stored, { message: 'index saved to IndexedDB', timeout: 20_000, interval: 250 }).toBe(true);
      await page.reload();
      await page.waitForSelector('[data-testid=search-input]');
      await page.waitForFunction(() => performance.getEntriesByName('shk:search-ready').length > 0);
      const afterReload = await searchReady(page);
      expect(afterReload, JSON.stringify(afterReload)).toMatchObject({ origin: 'loaded' });

      const dibao = (await server.server.store.getRecord('guide', 'guide-mz-dibao')) as ServiceGuide;
      await server.server.store.publish([
        { op: 'put', record: { ...dibao, id: 'guide-e2e-search', name: '殡葬补贴申领', plainName: '丧葬补助', popularity: 5, version: 1 } },
      ]);
      await tapKeys(page, 'sangzang');
      await page.waitForSelector('[data-group=guide] .search-hit[data-id=guide-e2e-search]', { timeout: 20_000 });
      await expect(page.locator('[data-group=guide] .search-hit[data-id=guide-e2e-search] mark').first().textContent()).resolves.toBe(
        '丧葬',
      );
    } finally {
      await context.close();
      if (await server.server.store.getRecord('guide', 'guide-e2e-search'))
        await server.server.store.publish([{ op: 'delete', type: 'guide', id: 'guide-e2e-search' }]);
    }
  }, 120_000);
});
