/**
 * The console's 预览 in real Chromium against a real server with the demo
 * data: an editor's change to the 低保 guide is drawn by the kiosk's own
 * screens inside the console page, in elder mode, landscape, English and
 * 繁體; a real kiosk still shows the published guide; the preview sends the
 * server nothing a kiosk would (usage, ratings, heartbeats, pairing) and
 * registers no service worker. axe-core checks the console page.
 */
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Department, FeeItem, ServiceGuide } from '../../src/shared/content';
import { formatFen } from '../../src/shared/money';
import {
  describeViolations,
  openKiosk,
  PORTRAIT,
  runAxe,
  screenshot,
  startKioskServer,
  waitForContent,
  waitForServiceWorker,
  type KioskServer,
} from './kiosk-support';
import { launchChromium } from './support/browser';
import { ConsoleAccounts, addConsoleUsers, consoleApi } from './support/console-login';

const PASSWORD = 'e2e passphrase 2026';
const MATERIAL = '暂住登记回执（预览专用）';
let browser: Browser;
let server: KioskServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  await addConsoleUsers(server.dataDir, [
    { username: 'li-editor', password: PASSWORD, role: 'editor', departments: ['dept-mz'], halls: null, displayName: '李编辑' },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

const accounts = new ConsoleAccounts(PASSWORD);

describe('console preview', () => {
  it('preview a draft in elder mode: landscape, English and 繁體; the published kiosk does not show it', async () => {
    const guides = (await server.server.store.listRecords('guide')) as ServiceGuide[];
    const guide = guides.find((g) => g.plainName === '低保' && g.departmentId === 'dept-mz')!;
    expect(guide, 'the demo 低保 guide').toBeDefined();

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const kioskTraffic: string[] = [];
    // Anything a kiosk sends its server: feedback and usage, heartbeats, pairing, its config.
    context.on('request', (req) => {
      if (/\/api\/kiosk\/|\/kiosk-config\//.test(new URL(req.url()).pathname)) kioskTraffic.push(`${req.method()} ${req.url()}`);
    });
    const editor = await context.newPage();
    editor.setDefaultTimeout(20_000);
    editor.on('pageerror', (err) => console.error('[console page error]', err.message));
    await accounts.login(editor, server.url, 'li-editor');

    // The editor renames the guide's first material in the form and opens the preview at once:
    // what was just typed is saved before the preview reads the draft.
    const d = (await consoleApi(editor, 'POST', '/drafts', { type: 'guide', id: guide.id })).body.draft;
    await editor.goto(`${server.url}/console/drafts/${d.id}`);
    const materialNames = editor.getByRole('group', { name: '申请材料' }).getByLabel('材料名称');
    expect(await materialNames.nth(0).inputValue()).toBe(guide.materials[0]!.name);
    await materialNames.nth(0).fill(MATERIAL);
    await editor.getByRole('link', { name: '预览', exact: true }).click();
    await editor.getByRole('heading', { name: /^预览：/ }).waitFor();
    const frameElement = editor.locator('iframe[title^="查询机预览"]');
    const kiosk = editor.frameLocator('iframe[title^="查询机预览"]');
    // Opens at the guide's own screen, drawn by the kiosk, with the draft's material, under the band.
    await kiosk.getByRole('heading', { name: guide.plainName, level: 1 }).waitFor({ timeout: 30_000 });
    await kiosk.getByText(MATERIAL).first().waitFor();
    await expect.poll(() => kiosk.getByTestId('preview-band').textContent()).toContain('预览：草稿，未发布');
    expect(await frameElement.getAttribute('width')).toBe('1080');

    const pressed = (group: string, name: string) =>
      editor.getByRole('group', { name: group }).getByRole('button', { name, exact: true }).getAttribute('aria-pressed');
    const press = (group: string, name: string) =>
      editor.getByRole('group', { name: group }).getByRole('button', { name, exact: true }).click();

    // Elder mode: the kiosk's own elder styles, the console's button says so.
    await press('长辈模式', '长辈模式');
    await kiosk.locator('html.elder').waitFor({ state: 'attached' });
    expect(await pressed('长辈模式', '长辈模式')).toBe('true');
    expect(await pressed('长辈模式', '标准')).toBe('false');
    await kiosk.getByText(MATERIAL).first().waitFor();

    // Landscape: the kiosk gets a 1920×1080 window.
    await press('屏幕方向', '横屏 1920×1080');
    expect(await frameElement.getAttribute('width')).toBe('1920');
    const frame = (): Frame => editor.frames().find((f) => f.url().includes('preview='))!;
    await expect.poll(() => frame().evaluate(() => [innerWidth, innerHeight])).toEqual([1920, 1080]);
    await kiosk.getByText(MATERIAL).first().waitFor();

    // English: the kiosk's chrome in English, the content as published (Chinese), the draft's material in it.
    await press('界面语言', 'English');
    await kiosk.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await kiosk
      .getByRole('button', { name: /Large text/ })
      .first()
      .waitFor();
    await kiosk.getByText(MATERIAL).first().waitFor();
    expect(await pressed('界面语言', 'English')).toBe('true');
    await screenshot(editor, 'console-preview-elder-landscape-en');

    // 繁體: the content converted as a kiosk converts it, the draft's material too.
    await press('界面语言', '繁體');
    await kiosk.locator('html[lang="zh-Hant"]').waitFor({ state: 'attached' });
    await kiosk
      .getByText(/暫住登記回執/)
      .first()
      .waitFor();
    expect(await pressed('界面语言', '繁體')).toBe('true');

    // The kiosk's own elder button works too, and the console follows it.
    await kiosk.locator('.toolbar-elder').click();
    await kiosk.locator('html:not(.elder)').waitFor({ state: 'attached' });
    await expect.poll(() => pressed('长辈模式', '标准')).toBe('true');

    const violations = await runAxe(editor);
    await screenshot(editor, 'console-preview');
    expect(violations, describeViolations(violations)).toEqual([]);

    // Nothing a kiosk keeps or sends: no service worker, no kiosk store, no kiosk traffic.
    expect(await frame().evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    const databases = await frame().evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(databases.filter((name) => name && !name.startsWith('shk-preview-'))).toEqual([]);
    expect(kioskTraffic).toEqual([]);
    // No staff corner: a PIN typed into a preview would count against the browser's kiosk lockout.
    expect(await frame().evaluate(() => document.querySelectorAll('[data-testid=staff-corner]').length)).toBe(0);
    await context.close();

    // A real kiosk shows the published guide, without the draft's material.
    const real = await openKiosk(browser, server.url, PORTRAIT, `/guides/${guide.id}`);
    await real.page.getByRole('heading', { name: guide.plainName, level: 1 }).waitFor();
    await real.page.getByText(guide.materials[0]!.name).first().waitFor();
    expect(await real.page.getByText(MATERIAL).count()).toBe(0);
    await real.context.close();
  }, 240_000);

  it('previews a fee draft in the kiosk fee list of its department', async () => {
    const now = Date.now();
    const fees = ((await server.server.store.listRecords('fee')) as FeeItem[])
      .filter((f) => f.departmentId === 'dept-mz' && f.scope === 'global' && f.amount.kind === 'fixed')
      .filter((f) => Date.parse(f.effectiveFrom) <= now && (!f.effectiveTo || Date.parse(f.effectiveTo) > now))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
    const fee = fees[0]!;
    expect(fee, 'a current 民政 fee in the demo data').toBeDefined();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const editor = await context.newPage();
    editor.setDefaultTimeout(20_000);
    await accounts.login(editor, server.url, 'li-editor');
    const d = (await consoleApi(editor, 'POST', '/drafts', { type: 'fee', id: fee.id })).body.draft;
    const saved = await consoleApi(editor, 'PUT', `/drafts/${d.id}`, {
      revision: d.revision,
      data: { ...d.data, amount: { kind: 'fixed', fen: 123456 } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    await editor.goto(`${server.url}/console/drafts/${d.id}/preview`);
    const kiosk = editor.frameLocator('iframe[title^="查询机预览"]');
    const card = kiosk.locator('.fee-card').filter({ has: kiosk.getByRole('heading', { name: fee.name, exact: true }) });
    await expect.poll(() => card.getByTestId('fee-amount').textContent(), { timeout: 30_000 }).toContain(formatFen(123456));
    // The fee list opens at the fee's department.
    const department = (await server.server.store.getRecord<Department>('department', 'dept-mz'))!;
    expect(await kiosk.locator('.chip[aria-pressed="true"]').textContent()).toBe(department.shortName);
    await context.close();
  }, 120_000);

  it('previews in a browser where the kiosk (and its service worker) already runs', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const kioskTab = await context.newPage();
    await kioskTab.goto(`${server.url}/`);
    await waitForContent(kioskTab);
    await waitForServiceWorker(kioskTab);
    const editor = await context.newPage();
    editor.setDefaultTimeout(20_000);
    await accounts.login(editor, server.url, 'li-editor');
    // Another 民政 guide than the first test's (that one has an open draft).
    const guide = ((await server.server.store.listRecords('guide')) as ServiceGuide[]).find(
      (g) => g.departmentId === 'dept-mz' && g.plainName !== '低保' && g.scope === 'global',
    )!;
    const d = (await consoleApi(editor, 'POST', '/drafts', { type: 'guide', id: guide.id })).body.draft;
    const renamed = `${guide.plainName}（预览）`;
    expect(d, 'a new draft').toBeDefined();
    await consoleApi(editor, 'PUT', `/drafts/${d.id}`, { revision: d.revision, data: { ...d.data, plainName: renamed } });
    await editor.goto(`${server.url}/console/drafts/${d.id}/preview`);
    const kiosk = editor.frameLocator('iframe[title^="查询机预览"]');
    await kiosk.getByRole('heading', { name: renamed, level: 1 }).waitFor({ timeout: 30_000 });
    // The kiosk tab in the same browser still shows the published guide.
    await kioskTab.goto(`${server.url}/guides/${guide.id}`);
    await kioskTab.getByRole('heading', { name: guide.plainName, level: 1 }).waitFor();
    await context.close();
  }, 120_000);

  it('refuses to show a draft to someone not signed in to the console', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await context.newPage();
    await page.goto(`${server.url}/guides/guide-mz-dibao?preview=draft-unknown`);
    await page.getByRole('heading', { name: '无法预览这份草稿' }).waitFor();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('请先在本浏览器登录控制台');
    await context.close();
  }, 60_000);
});
