/**
 * Search in residents' own words, in real Chromium against the real server
 * and the demo data (with its starter lexicon): 给娃办户口 opens 出生登记;
 * 换身份证多少钱 shows the ID-card fees first; a free service says 不收费
 * when asked what it costs; a service the hall does not offer finds nothing
 * and offers the popular list and the consult phone; the space key types a
 * space for English names.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser';
import { describeViolations, openKiosk, PORTRAIT, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';

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

async function openSearch(page: Page): Promise<void> {
  await page.click('[data-testid=tile-search]');
  await page.waitForSelector('[data-testid=search-input]');
  await page.waitForFunction(() => performance.getEntriesByName('shk:search-ready').length > 0, undefined, { timeout: 30_000 });
}

async function ask(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid=search-input]', '');
  await page.focus('[data-testid=search-input]');
  await page.keyboard.type(text);
}

describe('search in residents’ words, in Chromium', () => {
  it('types 给娃办户口 and opens 出生登记', async () => {
    const { context, page } = await openKiosk(browser, server.url, PORTRAIT);
    try {
      await openSearch(page);
      await ask(page, '给娃办户口');
      const first = page.locator('[data-group=guide] .search-hit').first();
      await expect.poll(() => first.getAttribute('data-id')).toBe('guide-ga-birth-registration');
      await screenshot(page, 'search-words-everyday-portrait');
      await first.click();
      await page.waitForURL(/\/guides\/guide-ga-birth-registration$/);
      await page.waitForSelector('[data-testid=guide-detail]');
      await expect(page.textContent('[data-testid=guide-detail]')).resolves.toContain('出生登记');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('asks 换身份证多少钱 and sees the ID-card fees first; a free service says 不收费', async () => {
    const { context, page } = await openKiosk(browser, server.url, PORTRAIT);
    try {
      await openSearch(page);
      await ask(page, '换身份证多少钱');
      // The fee group is the first group on the screen, led by the ID-card fee.
      await expect.poll(() => page.locator('.search-group').first().getAttribute('data-group')).toBe('fee');
      const fees = page.locator('[data-group=fee] .search-hit');
      await expect.poll(() => fees.first().getAttribute('data-id')).toBe('fee-id-card');
      await expect(fees.first().textContent()).resolves.toContain('居民身份证工本费');
      await expect(fees.first().locator('.search-fee-amount').textContent()).resolves.toMatch(/元/);
      await screenshot(page, 'search-words-cost-portrait');
      const violations = await runAxe(page);
      expect(violations, describeViolations(violations)).toEqual([]);

      await ask(page, '结婚登记收费吗');
      const marriage = page.locator('[data-group=guide] .search-hit').first();
      await expect.poll(() => marriage.getAttribute('data-id')).toBe('guide-mz-marriage');
      await expect(marriage.locator('[data-testid=no-fee]').textContent()).resolves.toBe('不收费');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('finds nothing for a service the hall does not offer, and offers the popular list and the consult phone', async () => {
    const { context, page } = await openKiosk(browser, server.url, PORTRAIT);
    try {
      await openSearch(page);
      await ask(page, '出国签证');
      await page.waitForSelector('[data-testid=search-suggestions] .search-hit');
      await expect(page.textContent('[data-testid=search-status]')).resolves.toContain('没有找到');
      await expect(page.locator('[data-testid=search-results]').count()).resolves.toBe(0);
      await expect(page.textContent('[data-testid=search-consult-phone]')).resolves.toMatch(/咨询电话 [0-9-]+/);

      // The space key types a space (English names have several words).
      await page.fill('[data-testid=search-input]', '');
      for (const key of ['B', 'I', 'R', 'T', 'H', 'space', 'R', 'E', 'G'])
        await page.click(`[data-testid=on-screen-keyboard] [data-key="${key}"]`);
      await expect(page.inputValue('[data-testid=search-input]')).resolves.toBe('birth reg');
      await expect
        .poll(() => page.locator('[data-group=guide] .search-hit').first().getAttribute('data-id'))
        .toBe('guide-ga-birth-registration');
    } finally {
      await context.close();
    }
  }, 120_000);
});
