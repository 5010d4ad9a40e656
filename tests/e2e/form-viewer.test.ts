/**
 * Blank forms and filled samples on the kiosk, in Chromium by touch: an image form from the demo and a
 * two-page PDF drawn by pdf.js, zoomed with the large buttons, paged, back to the guide, and offline.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServiceGuide } from '../../src/shared/content';
import { launchChromium } from './support/browser';
import { tinyPdf } from './support/tiny-pdf';
import {
  describeViolations,
  LANDSCAPE,
  openKiosk,
  runAxe,
  screenshot,
  startKioskServer,
  waitForServiceWorker,
  type KioskServer,
} from './kiosk-support';

let browser: Browser;
let server: KioskServer;
let pdfGuide: ServiceGuide;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startKioskServer({ staticDir: inject('distDir'), pollIntervalSeconds: 1 })]);
  // A guide whose first material has a two-page PDF blank form, published like any content.
  const store = server.server.store;
  const dibao = (await store.getRecord('guide', 'guide-mz-dibao')) as ServiceGuide;
  const pdf = await store.putMedia(tinyPdf(['FORM PAGE ONE', 'FORM PAGE TWO']), 'application/pdf');
  pdfGuide = {
    ...dibao,
    id: 'guide-pdf-form',
    name: '测试PDF表格事项',
    plainName: '测试PDF表格',
    materials: dibao.materials.map((m, i) => (i === 0 ? { ...m, blankForm: pdf, sample: undefined } : m)),
  };
  await store.publish([{ op: 'put', record: pdfGuide }]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

/** True when the canvas has dark pixels: something was drawn, not only a white page. */
function canvasHasInk(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.form-page');
    if (!canvas || canvas.width === 0) return false;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 16) if (data[i]! < 80 && data[i + 3]! > 200) dark++;
    return dark > 100;
  });
}

describe('form viewer', () => {
  it('opens the 低保 blank form (an image) from the guide, zooms with large buttons, and goes back', async () => {
    const { context, page } = await openKiosk(browser, server.url, LANDSCAPE, '/guides/guide-mz-dibao');
    try {
      const open = page.locator('.material-forms a', { hasText: '查看空白表格' }).first();
      await open.waitFor();
      const box = (await open.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(48);
      await open.click();
      await page.waitForSelector('[data-testid=form-viewer] img.form-page');
      await expect.poll(() => page.$eval('img.form-page', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      const before = await page.$eval('img.form-page', (img) => img.getBoundingClientRect().width);
      await page.click('button:has-text("放大")');
      await expect.poll(() => page.$eval('img.form-page', (img) => img.getBoundingClientRect().width)).toBeGreaterThan(before * 1.4);
      await expect.poll(() => page.textContent('.form-zoom-level')).toBe('150%');
      expect(describeViolations(await runAxe(page))).toBe('');
      await screenshot(page, 'form-viewer-image-landscape');
      await page.click('a:has-text("返回办事指南")');
      await page.waitForSelector('[data-testid=guide-detail] [data-testid=materials]');
    } finally {
      await context.close();
    }
  });

  it('draws a two-page PDF with pdf.js page by page, in elder mode, and again offline', async () => {
    const { context, page } = await openKiosk(browser, server.url, undefined, `/guides/${pdfGuide.id}`);
    try {
      await waitForServiceWorker(page);
      await page.click('button:has-text("大字模式")');
      await page.click('.material-forms a:has-text("查看空白表格")');
      await page.waitForSelector('canvas.form-page[data-drawn="1@1"]', { timeout: 20_000 });
      await expect.poll(() => canvasHasInk(page)).toBe(true);
      await expect.poll(() => page.textContent('.form-page-number')).toBe('第 1 页，共 2 页');
      const next = page.locator('button:has-text("下一页")');
      expect((await next.boundingBox())!.height).toBeGreaterThanOrEqual(60);
      await next.click();
      await page.waitForSelector('canvas.form-page[data-drawn="2@1"]');
      await expect.poll(() => page.textContent('.form-page-number')).toBe('第 2 页，共 2 页');
      expect(await next.isDisabled()).toBe(true);
      await page.click('button:has-text("放大")');
      await page.waitForSelector('canvas.form-page[data-drawn="2@1.5"]');
      expect(describeViolations(await runAxe(page))).toBe('');
      await screenshot(page, 'form-viewer-pdf-portrait-elder');

      // Offline: the PDF comes from the kiosk's own store and pdf.js from the precached app.
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('canvas.form-page[data-drawn="1@1"]', { timeout: 20_000 });
      await expect.poll(() => canvasHasInk(page)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
