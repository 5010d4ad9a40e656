/**
 * The console end to end in real Chromium against a real server with the
 * demo data: an editor changes a fee and submits it, a different reviewer
 * approves it, a running kiosk page shows the new amount, and the fleet view
 * counts the publish as reached only once that kiosk has reported it.
 * axe-core checks the console pages on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../../src/server/console/accounts/users';
import { openSqliteConsoleStore } from '../../src/server/console/store/sqlite-console-store';
import type { FeeItem } from '../../src/shared/content';
import { formatFen } from '../../src/shared/money';
import { launchChromium } from './support/browser';
import { ConsoleAccounts } from './support/console-login';
import {
  describeViolations,
  runAxe,
  screenshot,
  startKioskServer,
  storePairedConfig,
  waitForContent,
  type KioskServer,
} from './kiosk-support';

const PASSWORD = 'e2e passphrase 2026';
let browser: Browser;
let server: KioskServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir'), pollIntervalSeconds: 2 });
  const store = openSqliteConsoleStore({ dataDir: server.dataDir });
  for (const [username, role, departments] of [
    ['admin-e2e', 'admin', null],
    ['li-editor', 'editor', ['dept-mz']],
    ['wang-reviewer', 'reviewer', ['dept-mz']],
  ] as const) {
    await createUser(
      store,
      { username, password: PASSWORD, role, departments: departments ? [...departments] : null, halls: null, displayName: username },
      { id: null, name: 'e2e' },
      new Date(),
    );
  }
  await store.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function consolePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[console page error]', err.message));
  return page;
}

const accounts = new ConsoleAccounts(PASSWORD);
/** Signs in, entering the admin's two-factor code (or enrolling) when asked. */
const login = (page: Page, username: string) => accounts.login(page, server.url, username);

async function expectNoAxeViolations(page: Page, name: string) {
  const violations = await runAxe(page);
  await screenshot(page, `console-${name}`);
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe('console', () => {
  it('serves the console with a strict CSP and refuses a bad login accessibly', async () => {
    const res = await fetch(`${server.url}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const page = await consolePage();
    await page.goto(`${server.url}/console`);
    await page.getByLabel('用户名').fill('li-editor');
    await page.getByLabel('密码').fill('wrong password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码不正确');
    // A refused password is not a session that ended: no "session expired" notice.
    expect(await page.getByText('会话已过期').count()).toBe(0);
    await expectNoAxeViolations(page, 'login-error');

    // A session that ends while the page is open (here: its cookie is gone) brings back sign-in, saying why.
    await login(page, 'li-editor');
    await page.context().clearCookies();
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '收费标准' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '会话已过期' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '登录' }).count()).toBe(1);
    await page.context().close();
  });

  it('edit a fee, submit, approve as another person, and see it on a running kiosk', async () => {
    // Register the kiosk through the fleet API so it sends heartbeats.
    const admin = await consolePage();
    await login(admin, 'admin-e2e');
    const registered = await admin.evaluate(async () => {
      const session = await (await fetch('/api/console/session')).json();
      const res = await fetch('/api/console/kiosks', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
        body: JSON.stringify({ id: 'kiosk-county-1', hallId: 'hall-county', name: '一楼大厅 1 号机', staffPin: '246813' }),
      });
      return res.json();
    });
    expect(registered.config, JSON.stringify(registered)).toBeDefined();
    // The kiosk runs as a paired one (its configuration and token in its own storage), showing 民政 fees.
    // Polling every 2 s keeps the test short (the console allows 5 s at least).
    const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
    await storePairedConfig(kioskContext, server.url, { ...registered.config, pollIntervalSeconds: 2 });
    const kiosk = await kioskContext.newPage();
    await kiosk.goto(`${server.url}/`);
    await waitForContent(kiosk);
    await kiosk.goto(`${server.url}/fees?dept=dept-mz`);
    await kiosk.locator('[data-testid=fee-list] li').first().waitFor();
    const cards = await kiosk.locator('[data-testid=fee-list] li').allTextContents();
    const fees = (await server.server.store.listRecords('fee')) as FeeItem[];
    const fee = fees.find(
      (f) => f.departmentId === 'dept-mz' && f.amount.kind === 'fixed' && cards.filter((c) => c.includes(f.name)).length === 1,
    );
    expect(fee, `a fixed 民政 fee shown on the kiosk: ${cards.join(' | ')}`).toBeDefined();
    const newFen = fee!.amount.kind === 'fixed' && fee!.amount.fen === 12345 ? 23456 : 12345;
    expect(await kiosk.locator('[data-testid=fee-list]').textContent()).not.toContain(formatFen(newFen));

    // The editor changes the amount and submits.
    const editor = await consolePage();
    await login(editor, 'li-editor');
    await editor.getByRole('link', { name: '收费标准' }).click();
    // The list shows a page at a time: find the fee by name first.
    await editor.getByLabel('搜索', { exact: true }).fill(fee!.name);
    await editor.getByRole('button', { name: `编辑 ${fee!.name}` }).click();
    await editor.getByLabel('金额（元）').fill(String(newFen / 100));
    await expect.poll(() => editor.getByRole('status').filter({ hasText: '已自动保存' }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expectNoAxeViolations(editor, 'draft-editor');
    await editor.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => editor.locator('.notice').textContent()).toContain('已提交审核');
    // The author cannot approve their own change.
    expect(await editor.getByRole('button', { name: '批准并发布' }).count()).toBe(0);

    // A different person reviews and approves.
    const reviewer = await consolePage();
    await login(reviewer, 'wang-reviewer');
    await reviewer.getByRole('link', { name: fee!.name }).click();
    await reviewer.getByText('与已发布版本相比的改动').click();
    // The reviewer reads the change in yuan, as the public will.
    await expect.poll(() => reviewer.locator('.changes').textContent()).toContain(formatFen(newFen));
    await expectNoAxeViolations(reviewer, 'review');
    await reviewer.getByRole('button', { name: '批准并发布' }).click();
    await expect.poll(() => reviewer.locator('.notice').textContent()).toContain('已批准并发布');

    // The running kiosk picks it up from the feed.
    await expect
      .poll(async () => kiosk.locator('[data-testid=fee-list]').textContent(), { timeout: 30_000, interval: 500 })
      .toContain(formatFen(newFen));

    // The fleet view says it reached the kiosk only once the kiosk reported it.
    await reviewer.getByRole('link', { name: '终端' }).click();
    await expect
      .poll(
        async () => {
          await reviewer.reload();
          return reviewer.locator('table').nth(1).locator('tbody tr').first().textContent();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain('1 / 1 台');
    await expectNoAxeViolations(reviewer, 'fleet');
    await kioskContext.close();
    await reviewer.context().close();
    await editor.context().close();
    await admin.context().close();
    // Four people sign in (the admin enrolling two-factor) and a kiosk syncs: more than the default 30 s under load.
  }, 120_000);
});
