/**
 * Where to go: from the 低保 guide to the county hall's plan with window A01 marked on its counter, and
 * a village point's own plan, by touch, in landscape and elder mode. The plans are media the kiosk
 * downloads like blank forms and portraits (a hall's media once were never fetched, so the screen only
 * said the plan had not been downloaded).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Hall } from '../../src/shared/content';
import { launchChromium } from './support/browser';
import { describeViolations, LANDSCAPE, PORTRAIT, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';

let browser: Browser;
let server: KioskServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startKioskServer({ staticDir: inject('distDir') })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function openTouchKiosk(
  viewport: { width: number; height: number },
  path: string,
  hallName = '政务服务中心',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  await page.goto(new URL(path, server.url).href);
  await page.waitForSelector(`.masthead-name:has-text("${hallName}")`, { timeout: 30_000 });
  return { context, page };
}

/** Buttons and links on the plan screen smaller than `min` CSS px. */
function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.$$eval(
    '[data-testid=floor-plan] button, [data-testid=floor-plan] a',
    (els, min) =>
      els
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width < min - 0.5 || r.height < min - 0.5)
        .map(({ el, r }) => `${(el.textContent ?? '').trim()} ${Math.round(r.width)}x${Math.round(r.height)}`),
    min,
  );
}

describe('floor plan', () => {
  it('opens from the guide with the window marked where the plan places it, in elder mode by touch', async () => {
    const { context, page } = await openTouchKiosk(LANDSCAPE, '/guides/guide-mz-dibao');
    try {
      const hall = (await server.server.store.getRecord('hall', 'hall-county')) as Hall;
      const plan = hall.floorPlans!.find((p) => p.places.some((w) => w.windowId === 'A01'))!;
      const place = plan.places.find((w) => w.windowId === 'A01')!;
      await page.tap('.toolbar-elder');
      await page.waitForSelector('html.elder');
      await page.waitForSelector('[data-testid=materials]');
      await expect(page.textContent('[data-testid=show-on-plan]')).resolves.toBe('在平面图上查看');
      await page.tap('[data-testid=show-on-plan]');
      await page.waitForURL(/\/plan\?/);
      await page.waitForSelector('[data-testid=floor-plan-marker]', { timeout: 20_000 });
      await expect.poll(() => page.$eval('img.floor-plan-image', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      await expect.poll(() => page.textContent('[data-testid=floor-plan-where]')).toContain('A01 社会救助综合受理 窗口在 1楼');
      const img = (await page.locator('img.floor-plan-image').boundingBox())!;
      const marker = (await page.locator('[data-testid=floor-plan-marker]').boundingBox())!;
      expect(marker.x + marker.width / 2).toBeCloseTo(img.x + place.x * img.width, -1);
      expect(marker.y + marker.height / 2).toBeCloseTo(img.y + place.y * img.height, -1);
      // The whole plan is in view with the marker on it, and the floor switch is large enough to tap.
      expect(img.y + img.height).toBeLessThanOrEqual(LANDSCAPE.height);
      await expect(smallTargets(page, 60)).resolves.toEqual([]);
      expect(describeViolations(await runAxe(page))).toBe('');
      await screenshot(page, 'floor-plan-landscape-elder');
      // Other floors are one tap away.
      await page.tap('.chips button:has-text("3楼")');
      await expect.poll(() => page.locator('[data-testid=floor-plan-marker]').count()).toBe(0);
      await expect.poll(() => page.getAttribute('img.floor-plan-image', 'alt')).toContain('3楼');
      await page.tap('.chips button:has-text("1楼")');
      await page.waitForSelector('[data-testid=floor-plan-marker]');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('opens from the duty board with that window marked, by touch', async () => {
    const { context, page } = await openTouchKiosk(PORTRAIT, '/duty');
    try {
      const hall = (await server.server.store.getRecord('hall', 'hall-county')) as Hall;
      await page.waitForSelector('[data-testid=duty-week] [data-testid=duty-plan-link]', { timeout: 20_000 });
      const link = page.locator('[data-testid=duty-week] [data-testid=duty-plan-link]').first();
      const windowId = (await link.getAttribute('data-window'))!;
      const window = hall.windows.find((w) => w.id === windowId)!;
      const plan = hall.floorPlans!.find((p) => p.places.some((w) => w.windowId === windowId))!;
      const place = plan.places.find((w) => w.windowId === windowId)!;
      await expect(link.textContent()).resolves.toBe('在平面图上查看');
      expect(describeViolations(await runAxe(page))).toBe('');
      await link.tap();
      await page.waitForURL(new RegExp(`/plan\\?.*window=${windowId}`));
      await page.waitForSelector('[data-testid=floor-plan-marker]', { timeout: 20_000 });
      await expect.poll(() => page.textContent('[data-testid=floor-plan-where]')).toContain(`${windowId} ${window.name}`);
      await expect.poll(() => page.$eval('img.floor-plan-image', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      const img = (await page.locator('img.floor-plan-image').boundingBox())!;
      const marker = (await page.locator('[data-testid=floor-plan-marker]').boundingBox())!;
      expect(marker.x + marker.width / 2).toBeCloseTo(img.x + place.x * img.width, -1);
      expect(marker.y + marker.height / 2).toBeCloseTo(img.y + place.y * img.height, -1);
      // The duty board is gone: only the plan is on screen.
      await expect.poll(() => page.locator('[data-testid=duty-week]').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('shows a village point its own plan', async () => {
    const { context, page } = await openTouchKiosk(PORTRAIT, '/?kiosk=kiosk-dongshan-1', '东山村');
    try {
      await page.goto(`${server.url}/plan?window=D01&kiosk=kiosk-dongshan-1`);
      await page.waitForSelector('[data-testid=floor-plan-marker]', { timeout: 20_000 });
      await expect.poll(() => page.textContent('[data-testid=floor-plan]')).toContain('东山村便民服务站');
      await expect(page.textContent('[data-testid=floor-plan-where]')).resolves.toContain('D01 民政社保代办');
      expect(describeViolations(await runAxe(page))).toBe('');
      await screenshot(page, 'floor-plan-village-portrait');
    } finally {
      await context.close();
    }
  }, 90_000);
});
