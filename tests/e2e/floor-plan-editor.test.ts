/**
 * The console's tap-to-place editor in real Chromium: an administrator opens the county hall for editing,
 * chooses window A02, clicks where it should be on its floor's plan, and the autosaved draft holds A02 at
 * the clicked fraction of the image. A typed position outside the plan is refused beside its box.
 * axe-core checks the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Hall } from '../../src/shared/content';
import { describeViolations, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';
import { launchChromium } from './support/browser';
import { ConsoleAccounts, addConsoleUsers } from './support/console-login';

const PASSWORD = 'e2e passphrase 2026';
let browser: Browser;
let server: KioskServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  await addConsoleUsers(server.dataDir, [
    { username: 'plan-admin', password: PASSWORD, role: 'admin', departments: null, halls: null, displayName: '平面图管理员' },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

const accounts = new ConsoleAccounts(PASSWORD);

async function draftData(page: Page, draftId: string): Promise<Hall> {
  return page.evaluate(async (id) => (await (await fetch(`/api/console/drafts/${id}`)).json()).draft.data, draftId);
}

describe('floor plan editor', () => {
  it('places window A02 where the editor clicks on the plan, saved in the draft', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => console.error('[console page error]', err.message));
    try {
      await accounts.login(page, server.url, 'plan-admin');
      const hall = (await server.server.store.getRecord('hall', 'hall-county')) as Hall;
      const floor = hall.windows.find((w) => w.id === 'A02')!.floor;
      const before = hall.floorPlans!.find((p) => p.floor === floor)!.places.find((p) => p.windowId === 'A02')!;
      const draftId = await page.evaluate(async () => {
        const session = await (await fetch('/api/console/session')).json();
        const res = await fetch('/api/console/drafts', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
          body: JSON.stringify({ type: 'hall', id: 'hall-county' }),
        });
        return (await res.json()).draft.id as string;
      });
      await page.goto(`${server.url}/console/drafts/${draftId}`);
      const editor = page.locator(`[data-testid=floor-plan-editor][data-floor="${floor}"]`);
      await editor.waitFor();
      const img = editor.locator('[data-testid=floor-plan-canvas] img');
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      await editor.getByLabel('要放置的窗口').selectOption('A02');

      // Somewhere clearly away from where A02 was.
      const target = { x: before.x < 0.5 ? 0.8 : 0.2, y: before.y < 0.5 ? 0.75 : 0.25 };
      await img.scrollIntoViewIfNeeded();
      const box = (await img.boundingBox())!;
      await page.mouse.click(box.x + target.x * box.width, box.y + target.y * box.height);
      await expect.poll(() => editor.getByRole('status').textContent()).toContain('已将窗口 A02 放在');

      // The marker sits where the click was.
      const mark = (await editor.locator('.floor-plan-mark[data-window=A02]').boundingBox())!;
      expect(mark.x + mark.width / 2).toBeCloseTo(box.x + target.x * box.width, -1);
      expect(mark.y + mark.height / 2).toBeCloseTo(box.y + target.y * box.height, -1);

      // Autosaved through the normal draft save: A02 at about the clicked fraction, once.
      await expect
        .poll(async () => {
          const data = await draftData(page, draftId);
          return data.floorPlans!.find((p) => p.floor === floor)!.places.find((p) => p.windowId === 'A02')?.x;
        })
        .toBeCloseTo(target.x, 2);
      const saved = await draftData(page, draftId);
      const a02 = saved.floorPlans!.flatMap((p) => p.places.filter((w) => w.windowId === 'A02'));
      expect(a02).toHaveLength(1);
      expect(a02[0]!.y).toBeCloseTo(target.y, 2);
      await expect.poll(() => page.getByRole('status').filter({ hasText: '已自动保存' }).count()).toBeGreaterThan(0);
      expect(describeViolations(await runAxe(page))).toBe('');
      await screenshot(page, 'console-floor-plan-editor');

      // The keyboard way: a typed position outside the plan is refused beside its box, and the box keeps it.
      const x = editor.getByLabel('A02 横向位置');
      await expect(x.inputValue()).resolves.toBe(String(a02[0]!.x));
      await x.fill('1.5');
      await expect.poll(() => editor.locator('.error-message').first().textContent()).toContain('横向位置必须在 0 到 1 之间');
      await expect(x.inputValue()).resolves.toBe('1.5');
      expect(describeViolations(await runAxe(page))).toBe('');
      await x.fill('0.4');
      await expect.poll(() => editor.locator('.error-message').count()).toBe(0);
      await expect
        .poll(
          async () =>
            (await draftData(page, draftId)).floorPlans!.find((p) => p.floor === floor)!.places.find((p) => p.windowId === 'A02')?.x,
        )
        .toBe(0.4);

      // Removing a placement takes the marker and the saved place away.
      await editor.getByRole('button', { name: '移除 A02' }).click();
      await expect.poll(() => editor.locator('.floor-plan-mark[data-window=A02]').count()).toBe(0);
      await expect
        .poll(async () => (await draftData(page, draftId)).floorPlans!.some((p) => p.places.some((w) => w.windowId === 'A02')))
        .toBe(false);
    } finally {
      await context.close();
    }
  }, 120_000);
});
