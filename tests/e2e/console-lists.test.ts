/**
 * The console's record lists and pickers in real Chromium against a real
 * server with the demo data: find a fee by its 收费编码, page through the
 * fees, submit drafts in bulk, record leave by picking an official, and
 * import a CSV saved in GBK. axe-core checks each page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import { createUser } from '../../src/server/console/accounts/users';
import { headersOf, recordToRow } from '../../src/server/console/imports/columns';
import { writeCsv } from '../../src/server/console/imports/csv';
import { openSqliteConsoleStore } from '../../src/server/console/store/sqlite-console-store';
import type { FeeItem, Official } from '../../src/shared/content';
import { encodeGbk } from '../server/console/support/gbk';
import { describeViolations, runAxe, screenshot } from './kiosk-support';
import { launchChromium } from './support/browser';
import { ConsoleAccounts } from './support/console-login';

const PASSWORD = 'e2e passphrase 2026';
let browser: Browser;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  browser = await launchChromium();
  dataDir = mkdtempSync(join(tmpdir(), 'console-lists-e2e-'));
  server = await startServer({ dataDir, port: 0, staticDir: inject('distDir'), logger: pino({ level: 'silent' }) });
  const store = openSqliteConsoleStore({ dataDir });
  for (const [username, role] of [
    ['lists-editor', 'editor'],
    ['lists-editor2', 'editor'],
  ] as const) {
    await createUser(
      store,
      { username, password: PASSWORD, role, departments: ['dept-mz'], halls: null, displayName: username },
      { id: null, name: 'e2e' },
      new Date(),
    );
  }
  await store.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function page(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const p = await context.newPage();
  p.setDefaultTimeout(15_000);
  p.on('pageerror', (err) => console.error('[console page error]', err.message));
  return p;
}

const accounts = new ConsoleAccounts(PASSWORD);
const login = (p: Page, username: string) => accounts.login(p, server.url, username);

async function axe(p: Page, name: string) {
  const violations = await runAxe(p);
  await screenshot(p, `console-${name}`);
  expect(violations, describeViolations(violations)).toEqual([]);
}

const countText = (p: Page) => p.getByTestId('list-count').textContent();

describe('console lists', () => {
  it('finds a fee by its 收费编码 and pages through the fees', async () => {
    const fees = (await server.store.listRecords('fee')) as FeeItem[];
    const mz = fees.filter((f) => f.departmentId === 'dept-mz');
    const fee = mz.find((f) => f.code && fees.filter((g) => g.code.includes(f.code) || g.name.includes(f.code)).length === 1)!;
    expect(fee, 'a 民政 fee with a code of its own').toBeDefined();
    const p = await page();
    await login(p, 'lists-editor');
    await p.getByRole('link', { name: '收费标准' }).click();
    // An editor of one department starts on that department's fees.
    await expect.poll(() => countText(p)).toContain(`共 ${mz.length} 项`);
    expect(await p.locator('.record-table tbody tr').count()).toBe(Math.min(50, mz.length));

    await p.getByLabel('部门', { exact: true }).selectOption('');
    await expect.poll(() => countText(p)).toBe(`共 ${fees.length} 项，第 1–50 项`);
    await p.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => countText(p)).toBe(`共 ${fees.length} 项，第 51–100 项`);
    await p.getByRole('button', { name: /^金额（元）/ }).click();
    await expect.poll(() => p.getByRole('columnheader', { name: /^金额（元）/ }).getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => countText(p)).toBe(`共 ${fees.length} 项，第 1–50 项`);
    await axe(p, 'fee-list');

    await p.getByLabel('搜索', { exact: true }).fill(fee.code);
    await expect.poll(() => countText(p)).toBe('共 1 项，第 1–1 项');
    expect(await p.locator('.record-table tbody').textContent()).toContain(fee.name);
    await axe(p, 'fee-search-code');
    await p.context().close();
  });

  it('submits the chosen drafts in bulk', async () => {
    const p = await page();
    await login(p, 'lists-editor');
    const fees = ((await server.store.listRecords('fee')) as FeeItem[]).filter((f) => f.departmentId === 'dept-mz').slice(0, 2);
    const ids = await p.evaluate(
      async (feeIds) => {
        const session = await (await fetch('/api/console/session')).json();
        const out: string[] = [];
        for (const id of feeIds) {
          const res = await fetch('/api/console/drafts', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
            body: JSON.stringify({ type: 'fee', id }),
          });
          out.push((await res.json()).draft.id);
        }
        return out;
      },
      fees.map((f) => f.id),
    );
    expect(ids).toHaveLength(2);
    await p.getByRole('link', { name: '收费标准' }).click();
    await p.getByLabel('状态', { exact: true }).selectOption('draft');
    await expect.poll(() => countText(p)).toBe('共 2 项，第 1–2 项');
    await p.getByLabel('选择本页全部').check();
    await expect.poll(() => p.locator('.bulk-count').textContent()).toBe('已选 2 项');
    await axe(p, 'fee-list-selected');
    await p.getByRole('button', { name: '提交审核所选' }).click();
    await expect.poll(() => p.locator('.notice').textContent()).toContain('完成 2 项');
    await expect.poll(() => countText(p)).toBe('没有符合条件的项');
    await p.getByLabel('状态', { exact: true }).selectOption('review');
    await expect.poll(() => countText(p)).toBe('共 2 项，第 1–2 项');
    await p.context().close();
  });

  it('records leave by picking an official by name', async () => {
    const officials = (await server.store.listRecords('official')) as Official[];
    const official = officials.find((o) => o.departmentId === 'dept-mz' && officials.filter((x) => x.name === o.name).length === 1)!;
    const p = await page();
    await login(p, 'lists-editor2');
    await p.getByRole('link', { name: '值班表' }).click();
    await p.getByRole('button', { name: '新增例外（请假/替班）' }).click();
    const picker = p.getByRole('combobox', { name: '人员', exact: true });
    await picker.fill(official.name);
    await p.getByRole('option', { name: new RegExp(`^${official.name}`) }).click();
    await expect.poll(() => picker.inputValue()).toBe(official.name);
    await expect.poll(() => p.getByRole('status').filter({ hasText: '已自动保存' }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const draftId = p.url().split('/').pop()!;
    const draft = await p.evaluate(async (id) => (await (await fetch(`/api/console/drafts/${id}`)).json()).draft, draftId);
    expect(draft.data.officialId).toBe(official.id);
    await axe(p, 'leave-picker');
    await p.context().close();
  });

  it('imports a fee schedule saved as CSV in GBK', async () => {
    const fee = ((await server.store.listRecords('fee')) as FeeItem[]).filter((f) => f.departmentId === 'dept-mz').at(-1)!;
    const row = recordToRow('fee', fee as unknown as Record<string, unknown>);
    row[headersOf('fee').indexOf('名称')] = `${fee.name}（已核对）`;
    const gbk = encodeGbk(writeCsv([headersOf('fee'), row]).replace(/^\uFEFF/, ''));
    const p = await page();
    await login(p, 'lists-editor');
    await p.getByRole('link', { name: '导入导出' }).click();
    await p.getByLabel(/^文件（.xlsx/).setInputFiles({ name: '收费标准.csv', mimeType: 'text/csv', buffer: Buffer.from(gbk) });
    await p.getByRole('button', { name: '检查并导入' }).click();
    await expect.poll(() => p.locator('.notice').textContent()).toContain('修改 1 条');
    await axe(p, 'import-gbk');
    await p.context().close();
  });
});
