/**
 * Accounts and the audit log in real Chromium against a real server: a person
 * an admin created must set their own password first; an admin enrols
 * two-factor from the QR page and then signs in with a code; the audit log is
 * downloaded as CSV and XLSX from its page, and the export is itself logged.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { currentTotp } from '../../src/server/console/accounts/totp';
import { parseCsv } from '../../src/server/console/imports/csv';
import { launchChromium } from './support/browser';
import { addConsoleUsers } from './support/console-login';
import { describeViolations, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';

const PASSWORD = 'e2e passphrase 2026';
let browser: Browser;
let server: KioskServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  await addConsoleUsers(server.dataDir, [
    { username: 'chen-admin', password: PASSWORD, role: 'admin', departments: null, halls: null, displayName: '陈主任' },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => console.error('[console page error]', err.message));
  return page;
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/console`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

async function expectNoAxeViolations(page: Page, name: string) {
  const violations = await runAxe(page);
  await screenshot(page, `accounts-${name}`);
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe('accounts in the console', () => {
  let secret = '';
  let enrolledAt = 0;

  it('an admin must enrol two-factor from the QR page before anything else', async () => {
    const page = await newPage();
    await signIn(page, 'chen-admin', PASSWORD);
    await page.getByRole('heading', { name: '管理员账号须启用两步验证' }).waitFor();
    await page.getByRole('img', { name: '两步验证二维码' }).waitFor();
    expect(await page.getByRole('navigation', { name: '主导航' }).count()).toBe(0);
    secret = (await page.getByTestId('totp-secret').getAttribute('data-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectNoAxeViolations(page, 'totp-enrol');
    await page.getByLabel('验证码（6 位数字）').fill('000000');
    await page.getByRole('button', { name: '确认启用' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('验证码不正确');
    enrolledAt = Date.now();
    await page.getByLabel('验证码（6 位数字）').fill(currentTotp(secret, new Date(enrolledAt)));
    await page.getByRole('button', { name: '确认启用' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.context().close();
  });

  it('signs in with a password and then a code from the authenticator', async () => {
    const page = await newPage();
    await signIn(page, 'chen-admin', PASSWORD);
    await page.getByRole('heading', { name: '两步验证' }).waitFor();
    await page.getByLabel('验证码（6 位数字）').fill('12');
    await page.getByRole('button', { name: '验证' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('6 位数字');
    await expectNoAxeViolations(page, 'totp-login');
    // The code of the next 30-second step: the one used at enrolment can never sign in again.
    await page.getByLabel('验证码（6 位数字）').fill(currentTotp(secret, new Date(enrolledAt + 30_000)));
    await page.getByRole('button', { name: '验证' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();

    // Create an account for a colleague: a weak password is refused, a strong one accepted.
    await page.getByRole('link', { name: '账号' }).click();
    await page.getByLabel('用户名').fill('zhou-editor');
    await page.getByLabel('初始密码（至少 10 个字符）').fill('1234567890');
    await page.getByRole('button', { name: '创建账号' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('容易被猜到');
    await page.getByLabel('初始密码（至少 10 个字符）').fill('temporary lantern 7315');
    await page.getByRole('button', { name: '创建账号' }).click();
    await expect.poll(() => page.locator('tr', { hasText: 'zhou-editor' }).textContent()).toContain('首次登录须改密码');
    await page.context().close();
  });

  it('a new colleague must set their own password at first sign-in', async () => {
    const page = await newPage();
    await signIn(page, 'zhou-editor', 'temporary lantern 7315');
    await page.getByRole('heading', { name: '请设置您自己的密码' }).waitFor();
    await page.getByLabel('当前密码').fill('temporary lantern 7315');
    await page.getByLabel(/^新密码/).fill('qwertyuiop');
    await page.getByLabel('再次输入新密码').fill('qwertyuiop');
    await page.getByRole('button', { name: '设置新密码并继续' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('容易被猜到');
    await expectNoAxeViolations(page, 'forced-change');
    await page.getByLabel('当前密码').fill('temporary lantern 7315');
    await page.getByLabel(/^新密码/).fill('my own river stones 2027');
    await page.getByLabel('再次输入新密码').fill('my own river stones 2027');
    await page.getByRole('button', { name: '设置新密码并继续' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.context().close();
    // The old password no longer works; the new one goes straight in.
    const again = await newPage();
    await signIn(again, 'zhou-editor', 'temporary lantern 7315');
    await expect.poll(() => again.getByRole('alert').textContent()).toContain('用户名或密码不正确');
    await signIn(again, 'zhou-editor', 'my own river stones 2027');
    await again.getByRole('navigation', { name: '主导航' }).waitFor();
    await again.context().close();
  });

  it('downloads the audit log filtered by a display name, as CSV and XLSX, and logs the export', async () => {
    const page = await newPage();
    await signIn(page, 'zhou-editor', 'my own river stones 2027');
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await expect.poll(() => page.getByText(/共 \d+ 条记录/).textContent()).toMatch(/共 [1-9]\d* 条记录/);
    await expectNoAxeViolations(page, 'audit');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
    const rows = parseCsv(readFileSync((await csvDownload.path())!, 'utf8'));
    expect(rows[0]![1]).toBe('时间（北京时间）');
    const actions = rows.slice(1).map((r) => r[3]);
    expect(actions).toContain('user.password');
    // An editor's export holds only their own actions.
    expect(new Set(rows.slice(1).map((r) => r[2]))).toEqual(new Set(['zhou-editor']));
    expect(rows[1]![1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+08:00$/);

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 Excel（XLSX）' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsxDownload.path())!);
    expect(workbook.worksheets[0]!.rowCount).toBeGreaterThan(1);

    await page.getByLabel('操作', { exact: true }).selectOption({ label: '导出审计日志' });
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => page.locator('table.audit tbody tr').count()).toBe(2);
    await page.context().close();
  });
});
