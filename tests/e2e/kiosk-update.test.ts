/**
 * A new app version deployed while a resident is using the kiosk. The new
 * service worker installs and waits: the old worker keeps serving the old
 * version's chunks, so a screen the page has not loaded yet still opens, in
 * the old version, with the resident's language and elder mode. At the next
 * idle reset the kiosk hands over to the new worker and loads home in the new
 * version.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser';
import { copyDir, openKiosk, ROOT, startKioskServer, waitForServiceWorker, type KioskServer } from './kiosk-support';

let browser: Browser;
let server: KioskServer;
let served: string;
let nextVersion: string;

beforeAll(async () => {
  // The server serves a copy of the test build, so the test can deploy another version over it.
  served = mkdtempSync(join(tmpdir(), 'shk-update-served-'));
  copyDir(inject('distDir'), served);
  // The next release: every chunk renamed, as if each had changed (the fee screen's included).
  nextVersion = mkdtempSync(join(tmpdir(), 'shk-update-next-'));
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    define: { __APP_VERSION__: JSON.stringify('9.9.9-update-test') },
    build: {
      outDir: nextVersion,
      emptyOutDir: true,
      rolldownOptions: { output: { entryFileNames: 'assets/[name]-next-[hash].js', chunkFileNames: 'assets/[name]-next-[hash].js' } },
    },
  });
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: served });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
  for (const dir of [served, nextVersion]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Puts `build` in place of what the server serves (the old files are gone), has the page's worker look
 * for it, and waits until the new worker has installed (precached the new shell) and is waiting.
 */
async function deployAndWaitForWaitingWorker(page: Page, build: string): Promise<void> {
  deploy(build);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state ?? null)), {
      timeout: 60_000,
      interval: 250,
    })
    .toBe('installed');
}

function deploy(build: string): void {
  for (const name of readdirSync(served)) rmSync(join(served, name), { recursive: true, force: true });
  copyDir(build, served);
}

const entryScript = () =>
  document.querySelector<HTMLScriptElement>('script[type=module][src*="/assets/kiosk-"]')?.getAttribute('src') ?? null;

describe('kiosk update while in use', () => {
  it('opens a screen whose chunk the new version deleted, from the old worker, keeping language and elder mode', async () => {
    const { context, page } = await openKiosk(browser, server.url);
    try {
      await waitForServiceWorker(page);
      const oldEntry = await page.evaluate(entryScript);
      await page.click('.toolbar-elder');
      await page.click('.toolbar-language:text("EN")');
      await page.waitForSelector('html[lang=en].elder');

      const oldController = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
      await deployAndWaitForWaitingWorker(page, nextVersion);
      // Still the old page and the old worker: the update waits for a quiet moment.
      expect(await page.evaluate(entryScript)).toBe(oldEntry);

      // The fee screen's chunk was never loaded by this page and is gone from the server. (The
      // browser's HTTP cache may still hold it from the old worker's install; a kiosk short of disk
      // space evicts it, as here.) The old worker's precache still has it.
      await (await context.newCDPSession(page)).send('Network.clearBrowserCache');
      await page.click('[data-testid=tile-fees]');
      await page.waitForSelector('[data-testid=fee-list] li', { timeout: 30_000 });
      expect(new URL(page.url()).pathname).toBe('/fees');
      // No reload: the same page, the same worker, the resident's choices untouched.
      expect(await page.evaluate(entryScript)).toBe(oldEntry);
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toBe(oldController);
      await page.waitForSelector('html[lang=en].elder');
      expect(await page.textContent('main h1')).toMatch(/Fee/);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('loads the new version at the next idle reset, on a kiosk whose worker was installed by this very page', async () => {
    deploy(inject('distDir'));
    const { context, page } = await openKiosk(browser, server.url);
    try {
      await waitForServiceWorker(page);
      const oldEntry = await page.evaluate(entryScript);
      await deployAndWaitForWaitingWorker(page, nextVersion);
      // A resident reads a guide list; then nobody touches the screen for the idle timeout (90 s) and the warning (20 s).
      await page.clock.install();
      await page.click('[data-testid=tile-guides]');
      await page.waitForSelector('[data-testid=guide-list] li a');
      expect(await page.evaluate(entryScript)).toBe(oldEntry);
      await page.clock.fastForward(91_000);
      await page.waitForSelector('[role=alertdialog]');
      await page.clock.fastForward(21_000);
      await page.clock.resume();
      await page.waitForFunction(
        (old) => document.querySelector('script[type=module][src*="/assets/kiosk-"]')?.getAttribute('src') !== old,
        oldEntry,
        { timeout: 30_000 },
      );
      await page.waitForSelector('[data-testid=tile-guides]');
      expect(new URL(page.url()).pathname).toBe('/');
    } finally {
      await context.close();
    }
  }, 120_000);
});
