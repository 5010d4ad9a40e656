/**
 * The phone page behind the kiosk's QR code, in Chromium at phone widths: no sideways scrolling, the
 * materials as a checklist whose ticks stay on the phone, blank forms listed, no CSP violation.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launchChromium } from './support/browser';
import { describeViolations, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';

let browser: Browser;
let server: KioskServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startKioskServer({ staticDir: inject('distDir') })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('mobile guide page', () => {
  it('fits a 320 px phone, keeps ticked materials on the phone, lists blank forms, and runs only its own script', async () => {
    const context = await browser.newContext({
      viewport: { width: 320, height: 640 },
      deviceScaleFactor: 2,
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${server.url}/m/guides/guide-mz-dibao`);
    await page.waitForSelector('h1');

    for (const width of [320, 375]) {
      await page.setViewportSize({ width, height: 640 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `sideways overflow at ${width} px`).toBe(0);
    }
    await page.setViewportSize({ width: 320, height: 640 });
    const text = await page.innerText('body');
    expect(text).not.toMatch(/楼\s*楼/);
    expect(text).toContain('空白表格和填写样例');
    expect(text).toMatch(/地址/);
    expect(text).toMatch(/有疑问请拨打咨询电话/);

    const boxes = page.locator('.checklist input[type=checkbox]');
    expect(await boxes.count()).toBeGreaterThan(1);
    await boxes.nth(0).tap();
    await boxes.nth(1).tap();
    await boxes.nth(1).tap();
    await expect.poll(() => boxes.nth(0).isChecked()).toBe(true);
    await page.reload();
    await page.waitForSelector('.checklist');
    await expect.poll(() => page.locator('.checklist input[type=checkbox]').nth(0).isChecked()).toBe(true);
    expect(await page.locator('.checklist input[type=checkbox]').nth(1).isChecked()).toBe(false);

    const formLink = page.locator('.forms a').first();
    const href = await formLink.getAttribute('href');
    expect(href).toMatch(/^\/media\/[0-9a-f]{64}$/);
    expect((await page.request.get(`${server.url}${href}`)).status()).toBe(200);

    expect(describeViolations(await runAxe(page))).toBe('');
    expect(cspViolations).toEqual([]);
    await screenshot(page, 'mobile-guide-320');
    await context.close();
  });
});
