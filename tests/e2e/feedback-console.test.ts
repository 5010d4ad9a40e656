/**
 * Residents' feedback in the console, in real Chromium against the real
 * server: a search that finds nothing on a registered kiosk shows up in the
 * reports page's content gap; an editor drafts the words as an alias of a
 * guide from that row, a different reviewer approves it through the ordinary
 * review, and the same search on the kiosk now finds the guide. The row's
 * other action drafts a lexicon entry (a draft only, nothing published). The
 * cases list, a case and the reports page pass axe.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServiceGuide } from '../../src/shared/content';
import { createUser } from '../../src/server/console/accounts/users';
import { registerPairedKiosk } from './support/paired-kiosk';
import { openSqliteConsoleStore } from '../../src/server/console/store/sqlite-console-store';
import { launchChromium } from './support/browser';
import { ConsoleAccounts } from './support/console-login';
import { describeViolations, openKiosk, PORTRAIT, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';

const PASSWORD = 'e2e passphrase 2026';
const KIOSK_ID = 'kiosk-county-8';
const GUIDE_ID = 'guide-mz-dibao';
/** Words the demo catalogue does not know (tests/e2e/search-words.test.ts; checked again below). */
const WORDS = '出国签证';
let browser: Browser;
let server: KioskServer;
let token = '';
let pairedConfig: object = {};
const accounts = new ConsoleAccounts(PASSWORD);

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir'), pollIntervalSeconds: 2 });
  const consoleStore = openSqliteConsoleStore({ dataDir: server.dataDir });
  for (const [username, role] of [
    ['zhao-editor', 'editor'],
    ['qian-reviewer', 'reviewer'],
    ['sun-admin', 'admin'],
    ['li-village', 'editor'],
  ] as const)
    await createUser(
      consoleStore,
      {
        username,
        password: PASSWORD,
        role,
        departments: role === 'admin' ? null : ['dept-mz'],
        // The village point's editor reads the county hall's cases of the department but does not handle them.
        halls: username === 'li-village' ? ['point-dongshan'] : null,
        displayName: username,
      },
      { id: null, name: 'e2e' },
      new Date(),
    );
  const config = await registerPairedKiosk(server.server, consoleStore, { id: KIOSK_ID, name: 'e2e 8', pollIntervalSeconds: 5 });
  await consoleStore.close();
  token = config.heartbeatToken!;
  // The kiosk starts as a paired one: its configuration, token included, in its own storage.
  pairedConfig = config;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function consolePage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => console.error('[console page error]', err.message));
  await accounts.login(page, server.url, username);
  return page;
}

async function expectNoAxeViolations(page: Page, name: string) {
  const violations = await runAxe(page);
  await screenshot(page, `console-feedback-${name}`);
  expect(violations, describeViolations(violations)).toEqual([]);
}

async function search(page: Page, text: string) {
  if (!(await page.locator('[data-testid=search-input]').count())) {
    await page.click('[data-testid=tile-search]');
    await page.waitForSelector('[data-testid=search-input]');
    await page.waitForFunction(() => performance.getEntriesByName('shk:search-ready').length > 0, undefined, { timeout: 30_000 });
  }
  await page.fill('[data-testid=search-input]', '');
  await page.focus('[data-testid=search-input]');
  await page.keyboard.type(text);
}

function zeroResultCount(words: string): number {
  const db = new Database(join(server.dataDir, 'feedback.db'), { readonly: true });
  try {
    const row = db.prepare("SELECT sum(count) AS n FROM usage_daily WHERE event = 'search-zero' AND target = ?").get(words) as {
      n: number | null;
    };
    return Number(row.n ?? 0);
  } finally {
    db.close();
  }
}

describe('feedback in the console', () => {
  it('turns a search that found nothing into a reviewed alias the kiosk then finds', async () => {
    const guide = (await server.server.store.getRecord('guide', GUIDE_ID)) as ServiceGuide;
    expect(guide.aliases ?? []).not.toContain(WORDS);

    // 1. A resident searches on the kiosk and finds nothing; the kiosk's outbox reports the words.
    const { context: kioskContext, page: kiosk } = await openKiosk(browser, server.url, PORTRAIT, `/?kiosk=${KIOSK_ID}`, { pairedConfig });
    await search(kiosk, WORDS);
    await expect.poll(() => kiosk.textContent('[data-testid=search-status]'), { timeout: 20_000 }).toContain('没有找到');
    await kiosk.keyboard.press('Enter');
    await expect.poll(() => zeroResultCount(WORDS), { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);

    // 2. The editor sees the words in the content gap and drafts them as an alias of the guide.
    const editor = await consolePage('zhao-editor');
    await editor.getByRole('link', { name: '报表' }).click();
    const row = editor.getByTestId('content-gap').locator('tr', { hasText: WORDS });
    await row.waitFor();
    await expectNoAxeViolations(editor, 'reports');
    await row.getByRole('button', { name: '加为指南俗称…' }).click();
    await row.getByLabel(`把“${WORDS}”加到哪条指南`).selectOption(GUIDE_ID);
    await expectNoAxeViolations(editor, 'content-gap-pick');
    await row.getByRole('button', { name: '创建草稿' }).click();
    await editor.waitForURL(/\/console\/drafts\//);
    await editor.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => editor.locator('.notice').textContent()).toContain('已提交审核');
    // Nothing is published before review.
    expect(((await server.server.store.getRecord('guide', GUIDE_ID)) as ServiceGuide).aliases ?? []).not.toContain(WORDS);

    // 3. A different person reviews and publishes it.
    const reviewer = await consolePage('qian-reviewer');
    await reviewer.getByRole('link', { name: guide.name }).first().click();
    await reviewer.getByRole('button', { name: '批准并发布' }).click();
    await expect.poll(() => reviewer.locator('.notice').textContent()).toContain('已批准并发布');
    expect(((await server.server.store.getRecord('guide', GUIDE_ID)) as ServiceGuide).aliases).toContain(WORDS);

    // 4. The same search on the kiosk now finds the guide (once the kiosk has the new feed).
    await expect
      .poll(
        async () => {
          await search(kiosk, WORDS);
          return kiosk
            .locator('[data-group=guide] .search-hit')
            .first()
            .getAttribute('data-id', { timeout: 2000 })
            .catch(() => null);
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toBe(GUIDE_ID);

    // 5. The row's other action drafts a lexicon entry with the words as the resident's term.
    await editor.getByRole('link', { name: '报表' }).click();
    await editor.getByTestId('content-gap').locator('tr', { hasText: WORDS }).getByRole('button', { name: '起草俗语词条' }).click();
    await editor.waitForURL(/\/console\/drafts\//);
    const draftId = editor.url().split('/drafts/')[1]!;
    const consoleStore = openSqliteConsoleStore({ dataDir: server.dataDir });
    const draft = await consoleStore.getDraft(decodeURIComponent(draftId));
    await consoleStore.close();
    expect(draft).toMatchObject({ recordType: 'lexicon', state: 'draft', data: { term: WORDS } });
    expect((await server.server.store.listRecords('lexicon')).some((r) => (r as { term: string }).term === WORDS)).toBe(false);

    await kioskContext.close();
    await editor.context().close();
    await reviewer.context().close();
  }, 300_000);

  it('shows the cases list and a case without axe violations', async () => {
    const at = new Date().toISOString();
    const res = await fetch(`${server.url}/api/kiosk/feedback`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kioskId: KIOSK_ID,
        sentAt: at,
        items: [
          {
            id: randomUUID(),
            kind: 'rating',
            kioskId: KIOSK_ID,
            at,
            level: 1,
            subject: { type: 'guide', id: GUIDE_ID, departmentId: 'dept-mz', title: '最低生活保障' },
            reasons: ['long-wait'],
            text: 'deng le hen jiu',
            phone: '13812345678',
          },
          // A QR code shown twice and a checklist printed once on this guide: the reports count them.
          ...['qr', 'qr', 'print'].map((event) => ({ id: randomUUID(), kind: 'usage', kioskId: KIOSK_ID, at, event, target: GUIDE_ID })),
        ],
      }),
    });
    expect(res.status).toBe(200);
    const editor = await consolePage('zhao-editor');
    await editor.getByRole('link', { name: '好差评' }).click();
    const link = editor.getByRole('link', { name: /非常不满意/ }).first();
    await link.waitFor();
    await expectNoAxeViolations(editor, 'cases');
    await link.click();
    await editor.getByText('deng le hen jiu').waitFor();
    await expectNoAxeViolations(editor, 'case');

    // The handler moves it on; each step appears in the case's history with who and when (Beijing time, named).
    const caseUrl = editor.url();
    const history = editor.getByTestId('case-history');
    await expect.poll(() => history.locator('tbody tr').count()).toBe(1);
    expect(await history.textContent()).toContain('群众（自助终端 kiosk-county-8）');
    await editor.getByTestId('case-next').click();
    await expect.poll(() => editor.getByTestId('case-state').textContent()).toContain('整改中');
    await editor.getByLabel('整改情况').fill('周三上午增开一个低保窗口');
    await editor.getByLabel('答复内容').fill('已增开窗口，感谢监督');
    await editor.getByLabel('回访情况').fill('回拨 13812345678，群众表示满意');
    await editor.getByTestId('case-next').click();
    await expect.poll(() => editor.getByTestId('case-state').textContent()).toContain('已回访');
    const rows = history.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const step1 = await rows.nth(1).textContent();
    expect(step1).toContain('zhao-editor');
    expect(step1).toContain('待处理 → 整改中');
    expect(step1).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}（北京时间）/);
    const step2 = await rows.nth(2).textContent();
    expect(step2).toContain('整改情况：周三上午增开一个低保窗口');
    expect(step2).toContain('答复：已增开窗口，感谢监督');
    expect(step2).toContain('回访已接通：回拨 13812345678，群众表示满意');
    await expectNoAxeViolations(editor, 'case-history');
    await editor.context().close();

    // Someone who reads the case without handling it sees the phone masked, in the history too.
    const reader = await consolePage('li-village');
    await reader.goto(caseUrl);
    await expect.poll(() => reader.getByTestId('case-history').locator('tbody tr').count()).toBe(3);
    expect(await reader.getByTestId('case-phone').textContent()).toBe('138****5678');
    expect(await reader.getByTestId('case-history').textContent()).toContain('回拨 138****5678，群众表示满意');
    expect(await reader.locator('main').textContent()).not.toContain('13812345678');
    expect(await reader.getByTestId('case-next').count()).toBe(0);
    // The case's details: each label beside its value, and above it on a phone-sized screen.
    const label = reader.getByTestId('case-facts').locator('dt', { hasText: '回访电话' });
    const value = reader.getByTestId('case-phone');
    const layout = async () => {
      const [l, v] = [await label.boundingBox(), await value.boundingBox()];
      if (!l || !v) return 'hidden';
      if (Math.abs(v.y - l.y) < 1 && v.x >= l.x + l.width) return 'beside';
      if (Math.abs(v.x - l.x) < 1 && v.y >= l.y + l.height - 1) return 'above';
      return `label ${JSON.stringify(l)}, value ${JSON.stringify(v)}`;
    };
    expect(await layout()).toBe('beside');
    await reader.setViewportSize({ width: 375, height: 800 });
    await expect.poll(layout).toBe('above');
    await screenshot(reader, 'console-feedback-case-narrow');
    await reader.setViewportSize({ width: 1280, height: 900 });

    // The reports page counts the QR codes shown and the print, per day, kiosk and guide.
    await reader.getByRole('link', { name: '报表' }).click();
    const byKiosk = reader.getByTestId('qr-prints-kiosks').locator('tr', { hasText: KIOSK_ID });
    await byKiosk.waitFor();
    expect((await byKiosk.locator('td').allTextContents()).map(Number)).toEqual([2, 1]);
    const byGuide = reader.getByTestId('qr-prints-targets').locator('tr', { hasText: GUIDE_ID });
    expect((await byGuide.locator('td').allTextContents()).map(Number)).toEqual([2, 1]);
    expect(await reader.getByTestId('qr-prints-days').locator('tbody tr').count()).toBe(1);
    await expectNoAxeViolations(reader, 'reports-qr-prints');
    // Each table exports for the same dates, through the console's client (the session, not a bare link).
    const [csv] = await Promise.all([
      reader.waitForEvent('download'),
      reader
        .getByRole('heading', { name: /^二维码与打印/ })
        .getByRole('button', { name: 'CSV' })
        .click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^feedback-qr-prints-\d{4}-01-01-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(readFileSync(await csv.path(), 'utf8')).toMatch(new RegExp(`${KIOSK_ID},\\d{4}-\\d{2}-\\d{2},2,1`));

    // A date typed into the address is refused by name, with the dates still at hand to fix it.
    await reader.goto(new URL('/console/feedback/reports?from=2026-13-01', server.url).href);
    await expect.poll(() => reader.getByRole('alert').first().textContent()).toContain('from: 必须是 YYYY-MM-DD 格式的日期');
    expect(await reader.getByLabel('从').count()).toBe(1);
    // An unknown state in the address lists every case (the page never sends it; the API would refuse it).
    await reader.goto(new URL('/console/feedback/cases?state=bogus', server.url).href);
    await expect.poll(() => reader.getByTestId('cases').locator('tbody tr').count()).toBeGreaterThan(0);
    await reader.context().close();
  }, 120_000);

  it('lets an admin enter a 2027 make-up workday on the holiday calendar page, audited', async () => {
    const admin = await consolePage('sun-admin');
    await admin.getByRole('link', { name: '节假日安排' }).click();
    await admin.getByRole('link', { name: '2027 年' }).click();
    // 2027's make-up days are not seeded: the page says so.
    await expect.poll(() => admin.getByTestId('calendar-unchecked').textContent()).toContain('待核对');
    await expectNoAxeViolations(admin, 'calendar');
    expect(await admin.getByTestId('calendar-days').textContent()).not.toContain('2027-02-20');

    // A missing name is refused, naming the field.
    await admin.getByLabel('日期').fill('2027-02-20');
    await admin.getByLabel('安排').selectOption('workday');
    await admin.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.getByRole('alert').first().textContent()).toContain('名称');
    await expectNoAxeViolations(admin, 'calendar-error');

    await admin.getByLabel(/^名称/).fill('春节调休上班');
    await admin.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.getByRole('status').first().textContent()).toContain('已保存 2027-02-20');
    await expect
      .poll(() => admin.getByTestId('calendar-days').locator('tr', { hasText: '2027-02-20' }).textContent())
      .toContain('调休上班');

    const consoleStore = openSqliteConsoleStore({ dataDir: server.dataDir });
    const audit = await consoleStore.listAudit({ action: 'holiday-calendar.put', targetId: '2027-02-20', limit: 5 });
    await consoleStore.close();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'sun-admin' });
    await admin.context().close();
  }, 180_000);
});
