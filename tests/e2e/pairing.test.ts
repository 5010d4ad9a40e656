/**
 * A new kiosk put into service from the console alone, in real Chromium: the
 * kiosk shows a pairing code, an admin enters it (a wrong code first) with the
 * kiosk's settings, and the kiosk receives its configuration and token by
 * itself, starts showing content, and reports in to the fleet view.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ConsoleAccounts, addConsoleUsers } from './support/console-login';
import { describeViolations, PORTRAIT, runAxe, screenshot, startKioskServer, waitForContent, type KioskServer } from './kiosk-support';

const PASSWORD = 'e2e passphrase 2026';
let browser: Browser;
let server: KioskServer;
const accounts = new ConsoleAccounts(PASSWORD);

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  await addConsoleUsers(server.dataDir, [
    { username: 'fleet-admin', password: PASSWORD, role: 'admin', departments: null, halls: null, displayName: '运维管理员' },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function consolePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => console.error('[console page error]', err.message));
  return page;
}

describe('pairing a new kiosk', () => {
  it('pairs by the code on its screen and the kiosk starts by itself', async () => {
    const kioskContext = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN' });
    const kiosk = await kioskContext.newPage();
    const errors: string[] = [];
    kiosk.on('pageerror', (e) => errors.push(e.message));
    await kiosk.goto(`${server.url}/?pair`);
    const codeElement = kiosk.getByTestId('pairing-code');
    await codeElement.waitFor();
    const code = (await codeElement.getAttribute('data-code'))!;
    expect(code).toMatch(/^\d{8}$/);
    await kiosk.getByRole('img', { name: '配对码二维码' }).waitFor();
    await screenshot(kiosk, 'kiosk-pairing');
    const kioskViolations = await runAxe(kiosk);
    expect(kioskViolations, describeViolations(kioskViolations)).toEqual([]);

    const admin = await consolePage();
    await accounts.login(admin, server.url, 'fleet-admin');
    await admin.getByRole('link', { name: '终端' }).click();
    await admin.getByRole('heading', { name: '配对新查询机' }).waitFor();
    const wrong = code === '00000000' ? '11111111' : '00000000';
    await admin.locator('#pair-code').fill(wrong);
    await admin.locator('#pair-id').fill('kiosk-county-7');
    await admin.locator('#pair-name').fill('二楼大厅 7 号机');
    await admin.locator('#pair-hallId').selectOption('hall-county');
    await admin.locator('#pair-lang-en').uncheck();
    await admin.locator('#pair-printer').selectOption('receipt-80mm');
    await admin.locator('#pair-staffPin').fill('864209');
    // An idle time that is not a number still reaches the server, which names it by its field.
    await admin.locator('#pair-idleTimeoutSeconds').fill('两分钟');
    await admin.getByRole('button', { name: '配对', exact: true }).click();
    await expect.poll(() => admin.locator('#pair-idleTimeoutSeconds-error').textContent()).toContain('必须是数字');
    await admin.locator('#pair-idleTimeoutSeconds').fill('120');
    await admin.getByRole('button', { name: '配对', exact: true }).click();
    await expect.poll(() => admin.getByRole('alert').textContent()).toContain('配对码不正确');
    await screenshot(admin, 'console-pair-error');
    const consoleViolations = await runAxe(admin);
    expect(consoleViolations, describeViolations(consoleViolations)).toEqual([]);
    await admin.locator('#pair-code').fill(`${code.slice(0, 4)} ${code.slice(4)}`);
    await admin.getByRole('button', { name: '配对', exact: true }).click();
    await expect.poll(() => admin.locator('.notice').first().textContent()).toContain('已配对 kiosk-county-7');

    // The kiosk receives its configuration, leaves the pairing screen and shows content.
    await waitForContent(kiosk, 60_000);
    const stored = await kiosk.evaluate(
      () =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const open = indexedDB.open('shk-kiosk-config');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('config').objectStore('config').get('current');
            get.onsuccess = () => resolve(get.result as Record<string, unknown>);
          };
        }),
    );
    expect(stored).toMatchObject({
      kioskId: 'kiosk-county-7',
      languages: ['zh-Hans', 'zh-Hant'],
      idleTimeoutSeconds: 120,
      printer: 'receipt-80mm',
    });
    expect(String(stored.heartbeatToken)).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    // It reports in: the fleet view shows when it was last seen instead of 从未联系.
    await expect
      .poll(
        async () => {
          await admin.reload();
          return admin.locator('tr', { hasText: 'kiosk-county-7' }).first().textContent();
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toContain('北京时间');
    expect(errors).toEqual([]);
    await kioskContext.close();
    await admin.context().close();
  }, 180_000);
});
