/**
 * Where to go: from the 低保 guide to the county hall's plan with window A01 marked on its counter, and
 * a village point's own plan, by touch, in landscape and elder mode.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Hall } from '../../src/shared/content';
import { launchChromium } from './support/browser';
import { describeViolations, LANDSCAPE, openKiosk, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';

let browser: Browser;
let server: KioskServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startKioskServer({ staticDir: inject('distDir') })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('floor plan', () => {
  it('opens from the guide with the window marked where the plan places it', async () => {
    const { context, page } = await openKiosk(browser, server.url, LANDSCAPE, '/guides/guide-mz-dibao');
    try {
      const hall = (await server.server.store.getRecord('hall', 'hall-county')) as Hall;
      const plan = hall.floorPlans!.find((p) => p.places.some((w) => w.windowId === 'A01'))!;
      const place = plan.places.find((w) => w.windowId === 'A01')!;
      await page.click('button:has-text("大字模式")');
      await page.waitForSelector("[data-testid=materials]");
      console.log("HAS LINK", await page.locator("[data-testid=show-on-plan]").count(), await page.locator(".guide-side").innerText());
      await page.click("[data-testid=show-on-plan]");
      await page.waitForSelector('[data-testid=floor-plan]');
      await page.waitForTimeout(3000);
      console.log('PLAN', await page.locator('main, body').first().innerText());
      await page.waitForSelector('[data-testid=floor-plan-marker]');
      await expect.poll(() => page.$eval('img.floor-plan-image', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      await expect.poll(() => page.textContent('[data-testid=floor-plan-where]')).toContain('A01 社会救助综合受理 窗口在 1楼');
      const img = (await page.locator('img.floor-plan-image').boundingBox())!;
      const marker = (await page.locator('[data-testid=floor-plan-marker]').boundingBox())!;
      expect(marker.x + marker.width / 2).toBeCloseTo(img.x + place.x * img.width, -1);
      expect(marker.y + marker.height / 2).toBeCloseTo(img.y + place.y * img.height, -1);
      // Other floors are one tap away.
      await page.click('.chips button:has-text("3楼")');
      await expect.poll(() => page.locator('[data-testid=floor-plan-marker]').count()).toBe(0);
      await page.click('.chips button:has-text("1楼")');
      await page.waitForSelector('[data-testid=floor-plan-marker]');
      expect(describeViolations(await runAxe(page))).toBe('');
      await screenshot(page, 'floor-plan-landscape-elder');
    } finally {
      await context.close();
    }
  });

  it('shows a village point its own plan', async () => {
    const { context, page } = await openKiosk(browser, server.url, undefined, '/?kiosk=kiosk-dongshan-1');
    try {
      await page.goto(`${server.url}/plan?window=D01&kiosk=kiosk-dongshan-1`);
      await page.waitForSelector('[data-testid=floor-plan-marker]', { timeout: 20_000 });
      await expect.poll(() => page.textContent('[data-testid=floor-plan]')).toContain('东山村便民服务站');
      expect(describeViolations(await runAxe(page))).toBe('');
      await screenshot(page, 'floor-plan-village-portrait');
    } finally {
      await context.close();
    }
  });
});
