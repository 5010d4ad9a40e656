/**
 * The rating and message dialogs in elder mode, by touch, in portrait and landscape: axe finds
 * nothing with the dialog open (levels, then the reasons, text and phone keypad a bad rating asks
 * for; the message form), and every control in the dialog is at least 60 px each way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser';
import { describeViolations, LANDSCAPE, PORTRAIT, runAxe, startKioskServer, waitForContent, type KioskServer } from './kiosk-support';

let browser: Browser;
let server: KioskServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startKioskServer({ staticDir: inject('distDir') })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

/** Controls in the open dialog smaller than `min` CSS px either way. */
function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.$$eval(
    '[data-testid=feedback-dialog] button, [data-testid=feedback-dialog] input, [data-testid=feedback-dialog] textarea, [data-testid=feedback-dialog] select',
    (els, min) =>
      els
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0)
        .filter(({ r }) => r.width < min - 0.5 || r.height < min - 0.5)
        .map(({ el, r }) => `${el.tagName} "${(el.textContent ?? '').trim().slice(0, 12)}" ${Math.round(r.width)}x${Math.round(r.height)}`),
    min,
  );
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, `${what}: ${describeViolations(violations)}`).toEqual([]);
  await expect(smallTargets(page, 60), what).resolves.toEqual([]);
}

describe.each([
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const)('feedback dialogs in elder mode, %s', (_name, viewport) => {
  it('rating and message dialogs have no axe violations and large targets', async () => {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('[page error]', err.message));
    try {
      await page.goto(new URL('/guides/guide-mz-dibao', server.url).href);
      await waitForContent(page);
      await page.tap('.toolbar-elder');
      await page.waitForSelector('html.elder');

      await page.tap('[data-testid=rate-button]');
      await page.waitForSelector('[data-testid=rating-levels]');
      await expectAccessible(page, 'rating levels');
      await page.tap('[data-testid=rating-levels] [data-level="2"]');
      await page.waitForSelector('[data-testid=rating-reasons]');
      await expectAccessible(page, 'bad rating: reasons, text and phone');
      await page.tap('[data-testid=feedback-dialog] button.button-large:not([data-testid=feedback-submit])');
      await expect.poll(() => page.locator('[data-testid=feedback-dialog]').count()).toBe(0);

      await page.tap('[data-testid=message-button]');
      await page.waitForSelector('[data-testid=feedback-dialog] [data-category]');
      await expectAccessible(page, 'message form');
    } finally {
      await context.close();
    }
  }, 90_000);
});
