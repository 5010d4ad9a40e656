/**
 * The fleet in real Chromium: a kiosk paired with the 村代办点 template starts
 * in elder mode; an admin changes its settings in the console and queues a
 * reload, and the kiosk picks both up from its heartbeat reply (no re-pairing)
 * and acknowledges the action; when the kiosk stops, an alert shows in the
 * console and reaches a local webhook receiver, signed. A running kiosk
 * rebuilds its search index and sends a picture of its screen when staff ask.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../../src/server/console/accounts/users';
import { registerPairedKiosk } from './support/paired-kiosk';
import { openSqliteConsoleStore } from '../../src/server/console/store/sqlite-console-store';
import { launchChromium } from './support/browser';
import { ConsoleAccounts } from './support/console-login';
import {
  describeViolations,
  openKiosk,
  PORTRAIT,
  runAxe,
  screenshot,
  SCREENSHOT_DIR,
  startKioskServer,
  waitForContent,
  type KioskServer,
} from './kiosk-support';

const PASSWORD = 'e2e passphrase 2026';
const SECRET = 'fleet-e2e-webhook-secret';
let browser: Browser;
let server: KioskServer;
let receiver: Server;
const posts: { headers: IncomingMessage['headers']; body: string }[] = [];
const accounts = new ConsoleAccounts(PASSWORD);
let pairedConfig: object = {};
const ENV_KEYS = ['ALERT_WEBHOOK_URL', 'ALERT_WEBHOOK_SECRET', 'ALERT_SILENT_MINUTES'] as const;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      posts.push({ headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // The server reads its alert settings from the environment, as in production.
  process.env.ALERT_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/robot/send?access_token=e2e`;
  process.env.ALERT_WEBHOOK_SECRET = SECRET;
  process.env.ALERT_SILENT_MINUTES = '0.25';
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  const store = openSqliteConsoleStore({ dataDir: server.dataDir });
  await createUser(
    store,
    { username: 'fleet-ops', password: PASSWORD, role: 'admin', departments: null, halls: null, displayName: '运维管理员' },
    { id: null, name: 'e2e' },
    new Date(),
  );
  // A second kiosk that starts as a paired one (its configuration and token in its own storage).
  const config = await registerPairedKiosk(server.server, store, { id: 'kiosk-county-shot', name: '截图测试机', pollIntervalSeconds: 5 });
  // A long idle time: the reload that follows a rebuilt index does not land in the middle of the test.
  pairedConfig = { ...config, idleTimeoutSeconds: 600 };
  await store.close();
});
afterAll(async () => {
  for (const key of ENV_KEYS) delete process.env[key];
  await browser?.close();
  await server?.cleanup();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

function storedConfig(kiosk: Page) {
  return kiosk.evaluate(
    () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const open = indexedDB.open('shk-kiosk-config');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('config').objectStore('config').get('current');
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result as Record<string, unknown>);
          };
        };
      }),
  );
}

describe('fleet', () => {
  it('settings and a reload reach a paired kiosk by heartbeat; a stopped kiosk raises a signed webhook alert', async () => {
    const kioskContext = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN' });
    const kiosk = await kioskContext.newPage();
    const errors: string[] = [];
    kiosk.on('pageerror', (e) => errors.push(e.message));
    await kiosk.goto(`${server.url}/?pair`);
    await kiosk.getByTestId('pairing-code').waitFor();
    const code = (await kiosk.getByTestId('pairing-code').getAttribute('data-code'))!;

    const adminContext = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const admin = await adminContext.newPage();
    admin.setDefaultTimeout(15_000);
    await accounts.login(admin, server.url, 'fleet-ops');
    await admin.getByRole('link', { name: '终端' }).click();
    await admin.getByRole('heading', { name: '配对新查询机' }).waitFor();
    await admin.locator('#pair-templateId').selectOption({ label: '村代办点' });
    // The template fills the form; staff may still change a field.
    expect(await admin.locator('#pair-printer').inputValue()).toBe('a4');
    expect(await admin.locator('#pair-lang-en').isChecked()).toBe(false);
    await admin.locator('#pair-code').fill(code);
    await admin.locator('#pair-id').fill('kiosk-xihe-8');
    await admin.locator('#pair-name').fill('西河村代办点 8 号机');
    await admin.locator('#pair-hallId').selectOption('hall-county');
    await admin.locator('#pair-idleTimeoutSeconds').fill('20');
    await admin.locator('#pair-staffPin').fill('864209');
    await admin.getByRole('button', { name: '配对', exact: true }).click();
    await expect.poll(() => admin.locator('.notice').first().textContent()).toContain('已配对 kiosk-xihe-8');

    // The template's elder mode is the kiosk's default for each visitor.
    await waitForContent(kiosk, 60_000);
    expect(await kiosk.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    expect(await storedConfig(kiosk)).toMatchObject({ settingsVersion: 1, printer: 'a4', elderModeDefault: true, theme: 'high-contrast' });

    // It reports in: online, with its version and storage in the table.
    const row = admin.locator('tr[data-kiosk="kiosk-xihe-8"]');
    await expect
      .poll(
        async () => {
          await admin.reload();
          return row.textContent();
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toContain('在线');
    expect(await row.textContent()).toContain('北京时间');
    await admin.getByTestId('sort-lastSeen').click();
    expect(await admin.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');

    // Edit its settings and queue a reload: both travel in the next heartbeat reply.
    await admin.getByRole('button', { name: '设置 kiosk-xihe-8（含远程操作）' }).click();
    await admin.locator('#ks-printer').waitFor();
    await admin.locator('#ks-elderModeDefault').uncheck();
    await admin.locator('#ks-printer').selectOption('receipt-80mm');
    await admin.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => admin.locator('.kiosk-settings .notice').textContent()).toContain('设置版本 2');
    await admin.getByRole('button', { name: '重新载入' }).click();
    await admin.getByTestId('kiosk-actions').waitFor();
    await screenshot(admin, 'console-fleet-settings');
    const violations = await runAxe(admin);
    expect(violations, describeViolations(violations)).toEqual([]);

    await expect
      .poll(async () => (await storedConfig(kiosk).catch(() => ({}) as Record<string, unknown>))?.settingsVersion, {
        timeout: 90_000,
        interval: 1000,
      })
      .toBe(2);
    expect(await storedConfig(kiosk)).toMatchObject({ printer: 'receipt-80mm', elderModeDefault: false });
    // Reloaded (the action), now running the new settings: no elder mode by default.
    await waitForContent(kiosk, 60_000);
    await expect.poll(() => kiosk.evaluate(() => document.documentElement.classList.contains('elder')), { timeout: 30_000 }).toBe(false);
    // The kiosk acknowledged the reload in a later heartbeat.
    await expect.poll(() => admin.getByTestId('kiosk-actions').textContent(), { timeout: 90_000, interval: 2000 }).toContain('已完成');

    // The kiosk stops: silent past the limit (15 s here), an alert in the console and at the webhook.
    await kioskContext.close();
    await expect
      .poll(
        async () => {
          await admin.reload();
          return admin
            .getByTestId('alert-list')
            .textContent({ timeout: 2000 })
            .catch(() => '');
        },
        { timeout: 90_000, interval: 3000 },
      )
      // This kiosk's own alert: the other kiosk registered for the next test is silent from the start.
      .toMatch(/kiosk-xihe-8）已 \d+ 分钟没有联系/);
    await expect
      .poll(() => posts.find((p) => p.body.includes('kiosk-xihe-8') && p.body.includes('没有联系')), { timeout: 30_000 })
      .toBeTruthy();
    const post = posts.find((p) => p.body.includes('kiosk-xihe-8') && p.body.includes('没有联系'))!;
    const timestamp = String(post.headers['x-signature-timestamp']);
    expect(post.headers['x-signature-sha256']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${post.body}`).digest('hex')}`,
    );
    // One post may carry the other kiosk's alert too, when both are raised by the same check.
    const payload = JSON.parse(post.body) as { msgtype: string; raised: unknown[] };
    expect(payload.msgtype).toBe('text');
    expect(payload.raised).toContainEqual(expect.objectContaining({ kioskId: 'kiosk-xihe-8', kind: 'silent' }));
    await screenshot(admin, 'console-fleet-alert');
    expect(errors).toEqual([]);
    await adminContext.close();
  }, 400_000);

  it('a running kiosk rebuilds its search index and sends a picture of its screen when staff ask', async () => {
    const { context: kioskContext, page: kiosk } = await openKiosk(browser, server.url, PORTRAIT, '/?kiosk=kiosk-county-shot', {
      pairedConfig,
    });
    const errors: string[] = [];
    kiosk.on('pageerror', (e) => errors.push(e.message));
    const adminContext = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const admin = await adminContext.newPage();
    admin.setDefaultTimeout(15_000);
    await accounts.login(admin, server.url, 'fleet-ops');
    await admin.getByRole('link', { name: '终端' }).click();
    const row = admin.locator('tr[data-kiosk="kiosk-county-shot"]');
    // It reports in, with how long its page has been running and that it holds its hall's head.
    await expect
      .poll(
        async () => {
          await admin.reload();
          return row.textContent();
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toContain('在线');
    await expect.poll(() => row.getByTestId('lag').textContent(), { timeout: 30_000 }).toBe('已是最新');
    expect(await row.getByTestId('uptime').textContent()).toContain('启动于');
    await admin.getByTestId('sort-uptime').click();
    expect(await admin.locator('th[aria-sort]').textContent()).toContain('运行时长');

    // The stored content changes under the live search index with no feed page (what a rebuild is for):
    // a guide renamed in IndexedDB, and the store told to drop its caches, as another tab of the kiosk would.
    const renamed = await kiosk.evaluate(renameFirstGuide, '鸵鸟养殖许可');
    const box = kiosk.locator('#search-input');
    const hit = kiosk.locator(`.search-hit[data-id="${renamed}"]`);
    await kiosk.click('[data-testid=tile-search]');
    await box.fill('鸵鸟');
    await expect.poll(() => kiosk.textContent('[data-testid=search-status]')).toContain('找到');
    expect(await hit.count()).toBe(0);
    await kiosk.goBack();
    await kiosk.waitForSelector('[data-testid=tile-search]');

    await admin.getByRole('button', { name: '设置 kiosk-county-shot（含远程操作）' }).click();
    await admin.getByRole('button', { name: '重建搜索索引' }).click();
    const actions = admin.getByTestId('kiosk-actions');
    await expect.poll(() => actions.textContent(), { timeout: 90_000, interval: 2000 }).toMatch(/搜索索引已重建：\d+ 条，用时 \d+ 毫秒/);
    expect(await actions.locator('tr', { hasText: '重建搜索索引' }).textContent()).toContain('已完成');
    // The live search answers from the rebuilt index straight away, no reload.
    await kiosk.click('[data-testid=tile-search]');
    await box.fill('鸵鸟');
    await hit.waitFor();

    // A resident is typing a search: the picture must not carry it, the live screen keeps it.
    await box.fill('13812345678');
    await admin.getByRole('button', { name: '屏幕截图' }).click();
    const figure = admin.getByTestId('kiosk-screenshot');
    await figure.waitFor({ timeout: 90_000 });
    expect(await figure.locator('figcaption').textContent()).toContain('北京时间');
    await expect
      .poll(() => figure.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(PORTRAIT.width);
    expect(await actions.locator('tr', { hasText: '屏幕截图' }).textContent()).toContain('截图已上传（1080×1920');
    expect(await box.inputValue()).toBe('13812345678');
    // The picture itself, for people to look at (the typed query shows as “（已隐藏）”).
    const src = (await figure.locator('img').getAttribute('src'))!;
    const picture = await adminContext.request.get(new URL(src, server.url).href);
    expect(picture.headers()['content-type']).toBe('image/jpeg');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, 'kiosk-remote-screenshot.jpg'), await picture.body());
    await screenshot(admin, 'console-fleet-screenshot');
    const violations = await runAxe(admin);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(errors).toEqual([]);
    await adminContext.close();
    await kioskContext.close();
  }, 300_000);
});

/**
 * Runs in the kiosk page: renames the first stored guide in place (no feed change) and returns its id.
 * Plain callbacks, no helper functions: the test transform would wrap those in __name(), which the page lacks.
 */
function renameFirstGuide(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('shk-kiosk');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['meta', 'blocks'], 'readwrite');
      tx.onerror = () => reject(tx.error);
      const stateRequest = tx.objectStore('meta').get('state');
      stateRequest.onsuccess = () => {
        const state = stateRequest.result as { generation: number };
        const key = [state.generation, 'guide', 0];
        const blockRequest = tx.objectStore('blocks').get(key);
        blockRequest.onsuccess = () => {
          const block = blockRequest.result as { ids: string[]; json: string };
          const records = JSON.parse(block.json) as { id: string; name: string }[];
          records[0]!.name = name;
          tx.objectStore('blocks').put({ ids: block.ids, json: JSON.stringify(records) }, key);
          tx.oncomplete = () => {
            db.close();
            const channel = new BroadcastChannel('shk-kiosk-store:shk-kiosk');
            channel.postMessage(state);
            channel.close();
            resolve(records[0]!.id);
          };
        };
      };
    };
  });
}
