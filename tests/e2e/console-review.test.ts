/**
 * Review in real Chromium against a real server with the demo data: a
 * material inserted into the 低保 guide reads as one change, in words; the
 * reject reason is asked for beside its box; a resubmission shows what
 * changed since the rejection; a 200-row import is reviewed item by item with
 * two sent back; an old version is restored as a new draft and approved.
 * axe-core checks each page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../../src/server/console/accounts/users';
import { openSqliteConsoleStore } from '../../src/server/console/store/sqlite-console-store';
import type { FeeItem, ServiceGuide } from '../../src/shared/content';
import { formatFen } from '../../src/shared/money';
import { describeViolations, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';
import { launchChromium } from './support/browser';
import { ConsoleAccounts } from './support/console-login';

const PASSWORD = 'e2e passphrase 2026';
let browser: Browser;
let server: KioskServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  const store = openSqliteConsoleStore({ dataDir: server.dataDir });
  for (const [username, role] of [
    ['li-editor', 'editor'],
    ['wang-reviewer', 'reviewer'],
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
  await server?.cleanup();
});

async function consolePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => console.error('[console page error]', err.message));
  return page;
}

const accounts = new ConsoleAccounts(PASSWORD);
const login = (page: Page, username: string) => accounts.login(page, server.url, username);

async function axe(page: Page, name: string) {
  const violations = await runAxe(page);
  await screenshot(page, `console-${name}`);
  expect(violations, describeViolations(violations)).toEqual([]);
}

/** The console API from inside the signed-in page (its cookie and CSRF token). */
async function api(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = await (await fetch('/api/console/session')).json();
      const isForm = typeof body === 'string' && body.startsWith('csv:');
      let payload: BodyInit | undefined;
      if (isForm) {
        const form = new FormData();
        form.set('file', new File([body.slice(4)], 'fees.csv', { type: 'text/csv' }));
        payload = form;
      } else if (body !== undefined) payload = JSON.stringify(body);
      const res = await fetch(`/api/console${path}`, {
        method,
        headers: { ...(isForm ? {} : { 'Content-Type': 'application/json' }), 'X-CSRF-Token': session.csrfToken },
        body: payload,
      });
      return { status: res.status, body: await res.json() };
    },
    { method, path, body },
  );
}

/** An edit made and published through the API (the history test needs versions to exist). */
async function publishEdit(editor: Page, reviewer: Page, id: string, fen: number) {
  const d = (await api(editor, 'POST', '/drafts', { type: 'fee', id })).body.draft;
  let r = await api(editor, 'PUT', `/drafts/${d.id}`, { revision: d.revision, data: { ...d.data, amount: { kind: 'fixed', fen } } });
  r = await api(editor, 'POST', `/drafts/${d.id}/submit`, { revision: r.body.draft.revision });
  r = await api(reviewer, 'POST', `/drafts/${d.id}/approve`, { revision: r.body.draft.revision });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe('console review', () => {
  it('reviews an inserted material as one change, asks for a reject reason by its box, and shows what changed since', async () => {
    const guides = (await server.server.store.listRecords('guide')) as ServiceGuide[];
    const guide = guides.find((g) => g.plainName === '低保' && g.departmentId === 'dept-mz' && g.materials.length >= 3)!;
    expect(guide, 'the demo 低保 guide').toBeDefined();
    const editor = await consolePage();
    await login(editor, 'li-editor');
    const inserted = {
      name: '居住证明（示例新增）',
      requirement: 'required',
      condition: '',
      form: 'paper',
      originalOrCopy: 'original-and-copy',
      originals: 1,
      copies: 1,
      source: 'department',
      sourceDetail: '居委会出具',
      notes: '',
    };
    const d = (await api(editor, 'POST', '/drafts', { type: 'guide', id: guide.id })).body.draft;
    const saved = await api(editor, 'PUT', `/drafts/${d.id}`, {
      revision: d.revision,
      data: { ...d.data, materials: [d.data.materials[0], inserted, ...d.data.materials.slice(1)] },
    });
    expect((await api(editor, 'POST', `/drafts/${d.id}/submit`, { revision: saved.body.draft.revision })).status).toBe(200);

    const reviewer = await consolePage();
    await login(reviewer, 'wang-reviewer');
    await reviewer.getByRole('link', { name: guide.name }).click();
    const changes = reviewer.locator('details.changes');
    await expect.poll(() => changes.locator('summary').textContent()).toBe('与已发布版本相比的改动（1 处）');
    const row = changes.locator('tbody tr');
    expect(await row.count()).toBe(1);
    const text = (await row.textContent())!;
    expect(text).toContain('新增');
    expect(text).toContain('申请材料「居住证明（示例新增）」');
    expect(text).toContain('第 2 项');
    expect(text).toContain('原件和复印件');
    expect(text).toContain('部门核发');
    expect(text).not.toMatch(/original|department|required/);
    await axe(reviewer, 'review-inserted-material');

    // Sending back without a reason: the message sits by the box, in words.
    await reviewer.getByRole('button', { name: '退回修改' }).click();
    const box = reviewer.getByLabel('退回理由');
    await expect.poll(() => box.getAttribute('aria-invalid')).toBe('true');
    const error = reviewer.locator('.review .form-group--error .error-message');
    expect(await error.textContent()).toContain('请填写退回原因');
    expect(await reviewer.locator('.error-summary').count()).toBe(0);
    expect(await reviewer.locator('body').textContent()).not.toContain('reason');
    await axe(reviewer, 'review-reason-missing');
    await box.fill('新增材料应为复印件');
    await reviewer.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => reviewer.locator('.notice').textContent()).toContain('已退回作者');

    // The editor fixes it and resubmits; the reviewer sees what changed since the rejection.
    const back = (await api(editor, 'GET', `/drafts/${d.id}`)).body.draft;
    const fixed = structuredClone(back.data);
    fixed.materials[1] = { ...inserted, originalOrCopy: 'copy', originals: 0 };
    const r = await api(editor, 'PUT', `/drafts/${d.id}`, { revision: back.revision, data: fixed });
    expect((await api(editor, 'POST', `/drafts/${d.id}/submit`, { revision: r.body.draft.revision })).status).toBe(200);
    await reviewer.reload();
    const since = reviewer.locator('.since-rejection');
    await expect.poll(() => since.locator('h2').textContent()).toBe('自上次退回以来的改动（2 处）');
    const sinceText = (await since.textContent())!;
    expect(sinceText).toContain('新增材料应为复印件');
    expect(sinceText).toContain('申请材料「居住证明（示例新增）」 › 原件/复印件');
    expect(sinceText).toContain('原件和复印件');
    expect(sinceText).toContain('复印件');
    await axe(reviewer, 'review-since-rejection');
    await reviewer.getByRole('button', { name: '批准并发布' }).click();
    await expect.poll(() => reviewer.locator('.notice').textContent()).toContain('已批准并发布');
    const published = (await server.server.store.getRecord('guide', guide.id)) as ServiceGuide;
    expect(published.materials.map((m) => m.name)).toEqual([
      guide.materials[0]!.name,
      inserted.name,
      ...guide.materials.slice(1).map((m) => m.name),
    ]);
    await editor.context().close();
    await reviewer.context().close();
  }, 120_000);

  it('reviews a 200-row import batch item by item and rejects two', async () => {
    const editor = await consolePage();
    await login(editor, 'li-editor');
    const exported = await editor.evaluate(async () => (await fetch('/api/console/export/fee?format=csv&departmentId=dept-mz')).text());
    const lines = exported.replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0]!.split(',');
    const name = header.indexOf('名称');
    const template = lines[1]!.split(',');
    expect(template.length, 'a simple exported row (no quoted commas)').toBe(header.length);
    const rows = Array.from({ length: 200 }, (_, i) =>
      template.map((c, j) => (j === 0 ? `fee-batch-${i + 1}` : j === name ? `批量新增收费 ${i + 1}` : c)).join(','),
    );
    const imported = await api(editor, 'POST', '/import/fee', `csv:\uFEFF${[lines[0], ...rows].join('\r\n')}\r\n`);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const batchId = imported.body.batchId as string;
    expect((await api(editor, 'POST', `/batches/${batchId}/submit`)).body.submitted).toBe(200);

    const reviewer = await consolePage();
    await login(reviewer, 'wang-reviewer');
    await expect.poll(() => reviewer.getByRole('heading', { level: 2, name: /^等待我审核/ }).textContent()).toBe('等待我审核（200）');
    expect(await reviewer.getByText(/^其中 \d+ 条在/).textContent()).toBe('其中 200 条在 1 个导入批次中，见下方「导入批次」。');
    await axe(reviewer, 'inbox-with-batch');
    await reviewer.getByRole('link', { name: '逐条审核' }).click();
    const items = reviewer.getByTestId('batch-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(50);
    expect(await reviewer.getByRole('status').filter({ hasText: '共 200 条' }).textContent()).toContain('第 1–50 条');
    // Each item opens to its content, in words and yuan.
    await items.nth(0).locator('summary').click();
    const template0 = ((await server.server.store.listRecords('fee')) as FeeItem[]).find((f) => f.id === template[0]);
    if (template0?.amount.kind === 'fixed') expect(await items.nth(0).textContent()).toContain(formatFen(template0.amount.fen));
    await axe(reviewer, 'batch');

    // Approve one, send back two with their reasons.
    await items.nth(0).getByRole('button', { name: '批准此条' }).click();
    await expect.poll(() => reviewer.locator('.notice').textContent()).toContain('「批量新增收费 1」已批准');
    for (const n of [3, 7]) {
      const item = items.filter({ hasText: `批量新增收费 ${n}` }).first();
      await item.getByRole('button', { name: '退回此条' }).click();
      await item.getByRole('button', { name: '确认退回此条' }).click();
      await expect.poll(() => item.locator('.error-message').textContent()).toContain('请填写退回原因');
      await item.getByLabel(`退回「批量新增收费 ${n}」的理由`).fill(`第 ${n} 行依据文件有误`);
      await item.getByRole('button', { name: '确认退回此条' }).click();
      await expect.poll(() => reviewer.locator('.notice').textContent()).toContain(`「批量新增收费 ${n}」已退回`);
    }
    await reviewer.getByRole('button', { name: '批准其余 197 条并发布' }).click();
    await expect.poll(() => reviewer.locator('.notice').textContent(), { timeout: 30_000 }).toContain('已批准 197 条并发布');
    await expect.poll(() => reviewer.locator('h1 + p').textContent()).toContain('已退回 2');
    const fees = (await server.server.store.listRecords('fee')) as FeeItem[];
    const batchFees = fees.filter((f) => f.id.startsWith('fee-batch-')).map((f) => f.id);
    expect(batchFees).toHaveLength(198);
    expect(batchFees).not.toContain('fee-batch-3');
    expect(batchFees).not.toContain('fee-batch-7');
    // The editor sees the two with their reasons.
    const mine = (await api(editor, 'GET', `/batches/${batchId}?state=rejected`)).body.items.map((i: any) => i.draft.rejectReason);
    expect(mine.sort()).toEqual(['第 3 行依据文件有误', '第 7 行依据文件有误']);
    await editor.context().close();
    await reviewer.context().close();
  }, 180_000);

  it('restores an old version as a new draft that goes through review', async () => {
    const fees = (await server.server.store.listRecords('fee')) as FeeItem[];
    const fee = fees.find((f) => f.departmentId === 'dept-mz' && f.amount.kind === 'fixed' && !f.id.startsWith('fee-batch-'))!;
    const editor = await consolePage();
    const reviewer = await consolePage();
    await login(editor, 'li-editor');
    await login(reviewer, 'wang-reviewer');
    await publishEdit(editor, reviewer, fee.id, 4321);
    await publishEdit(editor, reviewer, fee.id, 8765);

    await editor.goto(`${server.url}/console/history/${fee.type}/${fee.id}`);
    const rows = editor.getByTestId('history').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const newest = (await rows.nth(0).textContent())!;
    expect(newest).toContain(`版本 ${fee.version + 2}`);
    expect(newest).toContain('li-editor');
    expect(newest).toContain('wang-reviewer');
    expect(newest).toContain('北京时间');
    expect(await editor.locator('main').textContent()).toContain(`版本 1–${fee.version} 没有保存`);
    // The two kept versions, compared.
    const compare = (await editor.locator('.diff-table').textContent())!;
    expect(compare).toContain(formatFen(4321));
    expect(compare).toContain(formatFen(8765));
    await axe(editor, 'history');

    await editor.getByRole('button', { name: `恢复版本 ${fee.version + 1}为新草稿` }).click();
    await editor.waitForURL(/\/console\/drafts\//);
    await expect.poll(() => editor.getByLabel('金额（元）').inputValue()).toBe('43.21');
    const changes = editor.locator('details.changes');
    expect(await changes.textContent()).toContain(`${formatFen(8765)}${formatFen(4321)}`);
    await editor.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => editor.locator('.notice').textContent()).toContain('已提交审核');
    // Nothing is live until a reviewer approves it.
    expect(((await server.server.store.getRecord('fee', fee.id)) as FeeItem).amount).toEqual({ kind: 'fixed', fen: 8765 });
    await reviewer.goto(`${server.url}/console`);
    await reviewer.getByRole('link', { name: fee.name }).click();
    await reviewer.getByRole('button', { name: '批准并发布' }).click();
    await expect.poll(() => reviewer.locator('.notice').textContent()).toContain('已批准并发布');
    expect(((await server.server.store.getRecord('fee', fee.id)) as FeeItem).amount).toEqual({ kind: 'fixed', fen: 4321 });
    await editor.context().close();
    await reviewer.context().close();
  }, 120_000);
});
