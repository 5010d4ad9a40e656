/**
 * The console's other pages in real Chromium, each checked with axe-core:
 * the first-admin setup link, the roster week view, an import refused with
 * its errors row by row (and nothing written), the audit log filter, the
 * reorderable materials list of a guide, a draft conflict showing both versions, and immediate
 * withdrawals (one that others still point at warns which records to fix).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startServer, type RunningServer } from '../../src/server/app';
import { describeViolations, runAxe, screenshot } from './kiosk-support';
import { launchChromium } from './support/browser';
import { ConsoleAccounts, consoleApi } from './support/console-login';

const PASSWORD = 'e2e passphrase 2026';
let browser: Browser;
let server: RunningServer;
let dataDir: string;
const logLines: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  dataDir = mkdtempSync(join(tmpdir(), 'console-pages-e2e-'));
  // Keep the server's log: on a first start with no administrator it carries the one-time setup link.
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  server = await startServer({ dataDir, port: 0, staticDir: inject('distDir'), logger: pino({ level: 'warn' }, sink) });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function page(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const p = await context.newPage();
  // Fail a step with Playwright's own message rather than the test's timeout.
  p.setDefaultTimeout(10_000);
  p.on('pageerror', (err) => console.error('[console page error]', err.message));
  return p;
}

const accounts = new ConsoleAccounts(PASSWORD);
/** Signs in, setting an own password or entering a code when the account asks for it. */
const login = (p: Page, username: string) => accounts.login(p, server.url, username);

async function axe(p: Page, name: string) {
  const violations = await runAxe(p);
  await screenshot(p, `console-${name}`);
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe('console pages', () => {
  it('creates the first admin from the one-time setup link, then accounts', async () => {
    await expect.poll(() => logLines.join('').match(/console\/setup\?token=([A-Za-z0-9_-]+)/)?.[1]).toBeTruthy();
    const token = logLines.join('').match(/console\/setup\?token=([A-Za-z0-9_-]+)/)![1]!;
    expect((await (await fetch(`${server.url}/api/console/setup?token=wrong`)).json()).valid).toBe(false);
    const p = await page();
    await p.goto(`${server.url}/console/setup?token=${token}`);
    await p.getByLabel('用户名').fill('chief');
    await p.getByLabel('密码（至少 10 个字符）').fill('short');
    await p.getByRole('button', { name: '创建管理员' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('密码至少 10 个字符');
    await axe(p, 'setup-error');
    await p.getByLabel('密码（至少 10 个字符）').fill(PASSWORD);
    await p.getByRole('button', { name: '创建管理员' }).click();
    // An admin enrols two-factor before anything else.
    await p.getByRole('heading', { name: '管理员账号须启用两步验证' }).waitFor();
    await accounts.enrol(p, 'chief');
    await p.getByRole('heading', { name: '账号', exact: true }).waitFor();
    for (const [username, role, dept] of [
      ['zhao-editor', '编辑', '青岚县民政局'],
      ['qian-reviewer', '审核人', '青岚县民政局'],
    ] as const) {
      await p.getByLabel('用户名').fill(username);
      await p.getByLabel('初始密码（至少 10 个字符）').fill(PASSWORD);
      await p.getByLabel('角色').selectOption({ label: role });
      await p.getByLabel(dept).check();
      await p.getByRole('button', { name: '创建账号' }).click();
      await expect.poll(() => p.locator('.notice').textContent()).toContain(username);
      await p.getByLabel(dept).uncheck();
    }
    await p.getByRole('button', { name: '修改 zhao-editor' }).click();
    await p.locator('#e-departments-dept-cz').check();
    await axe(p, 'users-edit');
    await p.getByRole('button', { name: '保存修改' }).click();
    await expect.poll(() => p.locator('.notice').textContent()).toContain('已修改账号 zhao-editor');
    await expect.poll(() => p.locator('tr', { hasText: 'zhao-editor' }).textContent()).toContain('财政局');
    await axe(p, 'users');
    expect(await (await fetch(`${server.url}/api/console/setup?token=${token}`)).json()).toEqual({ valid: false });
    await p.context().close();
  });

  it('shows the roster week view and the exceptions', async () => {
    const p = await page();
    await login(p, 'zhao-editor');
    await p.getByRole('link', { name: '值班表' }).click();
    await p.locator('.roster .shift').first().waitFor();
    expect(await p.locator('.roster thead th').allTextContents()).toEqual(['窗口', '周一', '周二', '周三', '周四', '周五', '周六', '周日']);
    expect(await p.locator('.roster .shift').count()).toBeGreaterThan(5);
    await axe(p, 'roster');
    await p.context().close();
  });

  it('refuses an import with its errors row by row and writes nothing', async () => {
    const p = await page();
    await login(p, 'zhao-editor');
    const before = await server.store.position();
    await p.getByRole('link', { name: '导入导出' }).click();
    const csv = '\uFEFF编号,范围,名称\r\nfee-x,global,没有其他列\r\n';
    await p.getByLabel(/^文件（.xlsx/).setInputFiles({ name: 'fees.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.getByRole('button', { name: '检查并导入' }).click();
    await p.getByRole('alert').waitFor();
    expect(await p.getByRole('alert').textContent()).toContain('表头与收费标准模板不符');
    expect(await p.getByRole('alert').locator('tbody tr').count()).toBeGreaterThan(3);
    expect((await server.store.position()).seq).toBe(before.seq);
    await axe(p, 'import-errors');
    await p.context().close();
  });

  it('reorders guide materials with up/down buttons and keeps them after autosave', async () => {
    const p = await page();
    await login(p, 'zhao-editor');
    await p.getByRole('link', { name: '办事指南' }).click();
    const edit = p.getByRole('button', { name: /^编辑 / }).first();
    await edit.click();
    await p.getByRole('group', { name: '申请材料' }).waitFor();
    const names = p.getByRole('group', { name: '申请材料' }).getByLabel('材料名称');
    const first = await names.nth(0).inputValue();
    const second = await names.nth(1).inputValue();
    await p.getByRole('button', { name: '材料 1 下移' }).click();
    expect(await names.nth(0).inputValue()).toBe(second);
    expect(await names.nth(1).inputValue()).toBe(first);
    await expect.poll(() => p.getByRole('status').filter({ hasText: '已自动保存' }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await p.reload();
    await p.getByRole('group', { name: '申请材料' }).waitFor();
    expect(await names.nth(0).inputValue()).toBe(second);
    await axe(p, 'guide-editor');
    await p.context().close();
  });

  it('shows both versions when someone else saved the draft meanwhile', async () => {
    const a = await page();
    await login(a, 'zhao-editor');
    await a.getByRole('link', { name: '工作人员' }).click();
    await a
      .getByRole('button', { name: /^编辑 / })
      .first()
      .click();
    await a.getByLabel('简介').waitFor();
    const draftId = a.url().split('/').pop()!;
    const b = await page();
    await login(b, 'qian-reviewer');
    const current = await consoleApi(b, 'GET', `/drafts/${draftId}`);
    expect(
      (
        await consoleApi(b, 'PUT', `/drafts/${draftId}`, {
          revision: current.body.draft.revision,
          data: { ...current.body.draft.data, bio: '审核人写的简介' },
        })
      ).status,
    ).toBe(200);
    await a.getByLabel('简介').fill('编辑写的简介');
    await a.getByRole('heading', { name: '版本冲突' }).waitFor({ timeout: 10_000 });
    const conflict = await a.locator('.conflict table').textContent();
    expect(conflict).toContain('编辑写的简介');
    expect(conflict).toContain('审核人写的简介');
    await axe(a, 'conflict');
    await a.getByRole('button', { name: '保留我的版本' }).click();
    await expect
      .poll(async () => (await consoleApi(b, 'GET', `/drafts/${draftId}`)).body.draft.data.bio, { timeout: 10_000 })
      .toBe('编辑写的简介');
    await a.context().close();
    await b.context().close();
  });

  it('lets a reviewer withdraw a notice at once, with a reason, as a tombstone in the feed', async () => {
    const p = await page();
    await login(p, 'qian-reviewer');
    await p.getByRole('link', { name: '公告' }).click();
    const button = p.getByRole('button', { name: /^立即撤下 / }).first();
    const title = (await button.getAttribute('aria-label'))!.replace('立即撤下 ', '');
    const notice = ((await server.store.listRecords('notice')) as { id: string; title: string }[]).find((n) => n.title === title)!;
    await button.click();
    await p.getByLabel('撤下理由').fill('含有不应公开的个人电话');
    await axe(p, 'withdraw');
    const before = await server.store.position();
    await p.getByRole('button', { name: '确认立即撤下' }).click();
    await expect.poll(() => p.locator('.notice').textContent()).toContain('已从所有终端撤下');
    expect(await server.store.getRecord('notice', notice.id)).toBeNull();
    const changes = await server.store.changesSince(before.seq, 10, null);
    expect(changes.changes).toEqual([expect.objectContaining({ op: 'delete', id: notice.id })]);
    await p.context().close();
  });

  it('withdraws at once an official the roster still names, and warns which records still point at it', async () => {
    const p = await page();
    await login(p, 'qian-reviewer');
    const roster = [...(await server.store.listRecords('dutyShift')), ...(await server.store.listRecords('dutyException'))] as {
      id: string;
      officialId: string;
      substituteOfficialId?: string | null;
    }[];
    const officials = (await server.store.listRecords('official')) as { id: string; name: string; departmentId: string }[];
    const named = (o: { id: string }) => roster.filter((s) => s.officialId === o.id || s.substituteOfficialId === o.id);
    // A 民政 official with shifts, a name of their own and no open draft (an earlier case edits one).
    let official: (typeof officials)[number] | undefined;
    for (const o of officials.filter((o) => o.departmentId === 'dept-mz' && named(o).length > 0)) {
      if (officials.filter((x) => x.name === o.name).length > 1) continue;
      if ((await consoleApi(p, 'GET', `/records/official/${o.id}`)).body.openDrafts.length === 0) {
        official = o;
        break;
      }
    }
    expect(official).toBeDefined();
    await p.getByRole('link', { name: '工作人员' }).click();
    await p.getByLabel('搜索').fill(official!.name);
    await p.getByRole('button', { name: `立即撤下 ${official!.name}` }).click();
    await p.getByLabel('撤下理由').fill('照片误传了他人证件');
    await p.getByRole('button', { name: '确认立即撤下' }).click();
    const warning = p.getByTestId('still-referenced');
    await expect.poll(() => warning.textContent()).toContain('已撤下。以下记录仍引用它，请尽快修改：');
    expect(await server.store.getRecord('official', official!.id)).toBeNull();
    const listed = await warning.locator('li').allTextContents();
    expect(listed).toHaveLength(Math.min(named(official!).length, 20));
    expect(listed.every((l) => /^值班(排班|例外)「/.test(l))).toBe(true);
    expect(listed.join()).toContain(named(official!)[0]!.id);
    expect(await p.locator('.notice', { hasText: '已从所有终端撤下' }).count()).toBe(1);
    await axe(p, 'withdraw-still-referenced');
    await p.context().close();
  });

  it("changes one's own password", async () => {
    const p = await page();
    await login(p, 'zhao-editor');
    await p.getByRole('link', { name: '修改密码' }).click();
    await p.getByLabel('当前密码').fill('wrong current password');
    await p.getByLabel(/^新密码/).fill('a brand new passphrase');
    await p.getByLabel('再次输入新密码').fill('a brand new passphrase');
    await p.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('当前密码不正确');
    await axe(p, 'account-error');
    await p.getByLabel('当前密码').fill(accounts.password('zhao-editor'));
    await p.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => p.locator('.notice').textContent()).toContain('密码已修改');
    accounts.setPassword('zhao-editor', 'a brand new passphrase');
    await p.context().close();
  });

  it('filters the audit log', async () => {
    const p = await page();
    await login(p, 'chief');
    await p.getByRole('link', { name: '审计日志' }).click();
    await p.getByLabel('操作人').fill('zhao-editor');
    await p.getByRole('button', { name: '筛选' }).click();
    await expect.poll(async () => new Set(await p.locator('.audit tbody tr td:nth-child(2)').allTextContents()).size).toBe(1);
    expect(await p.locator('.audit tbody tr').count()).toBeGreaterThan(1);
    await axe(p, 'audit');
    await p.context().close();
  });
});
