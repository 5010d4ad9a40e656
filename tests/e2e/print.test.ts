/**
 * Printing on a kiosk with a printer: the guide's checklist and a blank form, laid out for A4 and for
 * an 80 mm receipt, rendered by Chromium in print media to PDF and read back: the words are on the
 * paper, the page is the paper's size, and the page count is sane.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServiceGuide } from '../../src/shared/content';
import { launchChromium } from './support/browser';
import { readPdf } from './support/pdf-text';
import { tinyPdf } from './support/tiny-pdf';
import { E2E_PUBLIC_URL, SCREENSHOT_DIR, describeViolations, openKiosk, runAxe, startKioskServer, type KioskServer } from './kiosk-support';

const MM = 72 / 25.4;
let browser: Browser;
let server: KioskServer;
let dibao: ServiceGuide;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startKioskServer({ staticDir: inject('distDir'), printer: 'a4' })]);
  dibao = (await server.server.store.getRecord('guide', 'guide-mz-dibao')) as ServiceGuide;
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

function setPrinter(printer: 'a4' | 'receipt-80mm' | 'none') {
  const file = join(server.dataDir, 'kiosk-config', 'kiosk-county-1.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), printer }));
}

/** Counts window.print() calls: headless Chromium has no print dialog; the paper itself is page.pdf(). */
async function countPrints(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  return () => page.evaluate(() => (window as unknown as { printed: number }).printed);
}

async function printToPdf(page: Page) {
  await page.emulateMedia({ media: 'print' });
  const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  return readPdf(new Uint8Array(bytes));
}

/** A picture of the print layout for people to look at: print media at the paper's width (96 px per inch). */
async function screenshotPaper(page: Page, paper: 'a4' | 'receipt-80mm') {
  const screen = page.viewportSize()!;
  await page.setViewportSize({ width: paper === 'a4' ? 794 : 302, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `print-checklist-${paper}.png`), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize(screen);
}

describe('printing', () => {
  for (const paper of ['a4', 'receipt-80mm'] as const) {
    it(`prints the 低保 checklist on ${paper}: materials with counts, window, hours, phones, QR, date printed and data age`, async () => {
      setPrinter(paper);
      const { context, page } = await openKiosk(browser, server.url, undefined, '/guides/guide-mz-dibao');
      try {
        const printed = await countPrints(page);
        await page.click('[data-testid=print-checklist]');
        await expect.poll(printed).toBe(1);
        expect(describeViolations(await runAxe(page))).toBe('');
        const pages = await printToPdf(page);
        await screenshotPaper(page, paper);
        const text = pages.map((p) => p.text).join('\n');
        expect(pages.length).toBeGreaterThanOrEqual(1);
        expect(pages.length).toBeLessThanOrEqual(paper === 'a4' ? 2 : 4);
        for (const p of pages) {
          expect(p.widthPt).toBeCloseTo(paper === 'a4' ? 210 * MM : 80 * MM, 0);
          if (paper === 'a4') expect(p.heightPt).toBeCloseTo(297 * MM, 0);
        }
        for (const expected of [
          dibao.plainName,
          '要带的材料',
          dibao.materials[0]!.name,
          '原件',
          '去哪里办',
          '办公时间',
          dibao.consultPhone,
          '打印于',
          '本机数据更新于',
        ])
          expect(text, expected).toContain(expected);
        // The screen itself is not printed.
        expect(text).not.toContain('大字模式');
        expect(await page.locator('[data-testid=guide-print] svg.qr').getAttribute('data-qr-text')).toBe(
          `${E2E_PUBLIC_URL}/m/guides/guide-mz-dibao`,
        );
      } finally {
        await context.close();
      }
    });
  }

  it('prints a two-page PDF blank form, one form page per sheet of A4', async () => {
    setPrinter('a4');
    const pdf = await server.server.store.putMedia(tinyPdf(['FORM PAGE ONE', 'FORM PAGE TWO']), 'application/pdf');
    const guide = { ...dibao, id: 'guide-print-form', materials: dibao.materials.map((m, i) => (i === 0 ? { ...m, blankForm: pdf } : m)) };
    await server.server.store.publish([{ op: 'put', record: guide }]);
    const { context, page } = await openKiosk(browser, server.url, undefined, '/guides/guide-print-form/forms/0?kind=blank');
    try {
      await page.waitForSelector('canvas.form-page[data-drawn="1@1"]', { timeout: 20_000 });
      const printed = await countPrints(page);
      await page.click('[data-testid=print-form]');
      await expect.poll(printed).toBe(1);
      await expect
        .poll(() =>
          page.$$eval('[data-testid=form-print] img', (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
        )
        .toBe(2);
      const pages = await printToPdf(page);
      expect(pages).toHaveLength(2);
      for (const p of pages) expect(p.widthPt).toBeCloseTo(210 * MM, 0);
    } finally {
      await context.close();
    }
  });

  it('shows no print button on a kiosk without a printer', async () => {
    setPrinter('none');
    const { context, page } = await openKiosk(browser, server.url, undefined, '/guides/guide-mz-dibao');
    try {
      await page.waitForSelector('[data-testid=materials]');
      expect(await page.locator('[data-testid=print-checklist]').count()).toBe(0);
      expect(await page.locator('[data-testid=guide-print]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
