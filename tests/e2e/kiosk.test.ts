/**
 * The kiosk in real Chromium against the real server: first load, offline
 * (network cut and server stopped), live publish, idle reset.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Notice, ServiceGuide } from '../../src/shared/content';
import { launchChromium } from './support/browser';
import {
  describeViolations,
  E2E_PUBLIC_URL,
  openKiosk,
  PORTRAIT,
  runAxe,
  screenshot,
  startKioskServer,
  waitForContent,
  waitForServiceWorker,
  type KioskServer,
} from './kiosk-support';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function openFirstGuide(page: Page): Promise<string> {
  await page.click('[data-testid=tile-guides]');
  await page.waitForSelector('[data-testid=guide-list] li a');
  const title = (await page.textContent('[data-testid=guide-list] li .card-title'))!;
  await page.click('[data-testid=guide-list] li a');
  await page.waitForSelector('[data-testid=guide-detail] [data-testid=materials]');
  return title;
}

describe('kiosk in Chromium', () => {
  let server: KioskServer;
  beforeAll(async () => {
    server = await startKioskServer({ staticDir: inject('distDir'), pollIntervalSeconds: 1 });
  });
  afterAll(async () => {
    await server?.cleanup();
  });

  it('first load online shows the demo content: hall, tiles, guides with materials and fees', async () => {
    const { context, page } = await openKiosk(browser, server.url);
    try {
      const hall = await server.server.store.getRecord('hall', 'hall-county');
      await expect(page.textContent('.masthead-name')).resolves.toBe((hall as { name: string }).name);
      for (const label of ['办事指南', '收费标准', '在岗人员', '通知公告', '搜索'])
        await page.waitForSelector(`.tile-title:text-is("${label}")`);
      await page.click('[data-testid=tile-guides]');
      await page.waitForSelector('[data-testid=guide-list] li a');
      const guides = (await server.server.store.listRecords('guide')) as ServiceGuide[];
      const visible = guides.filter((g) => g.scope === 'global' || g.scope === 'hall:hall-county');
      await expect(page.textContent('.result-count')).resolves.toContain(String(visible.length));
      // Open the guide for 低保 and check fields a resident needs.
      const dibao = visible.find((g) => g.plainName === '低保')!;
      await page.goto(`${server.url}/guides/${dibao.id}`);
      await page.waitForSelector('[data-testid=materials]');
      const text = (await page.textContent('[data-testid=guide-detail]'))!;
      expect(text).toContain(dibao.materials[0]!.name);
      expect(text).toContain(dibao.steps[0]!.title);
      expect(text).toContain(dibao.consultPhone);
      const qr = await page.getAttribute('svg.qr', 'data-qr-text');
      expect(qr).toBe(`${E2E_PUBLIC_URL}/m/guides/${dibao.id}`);
    } finally {
      await context.close();
    }
  });

  it('a guide with fee items shows the amounts in yuan from the linked fee records', async () => {
    const { context, page } = await openKiosk(browser, server.url);
    try {
      const guides = (await server.server.store.listRecords('guide')) as ServiceGuide[];
      const charged = guides.find((g) => g.fees.kind === 'items' && g.scope === 'global')!;
      await page.goto(`${server.url}/guides/${charged.id}`);
      await page.waitForSelector('[data-testid=fees] [data-testid=fee-amount]');
      const amounts = await page.$$eval('[data-testid=fees] [data-testid=fee-amount]', (els) => els.map((e) => e.textContent));
      expect(amounts.length).toBeGreaterThan(0);
      for (const a of amounts) expect(a).toMatch(/^¥[\d,]+\.\d{2}/);
    } finally {
      await context.close();
    }
  });

  it('offline (network cut) and reloaded, the same guide is on screen with the offline banner', async () => {
    const { context, page } = await openKiosk(browser, server.url);
    try {
      await waitForServiceWorker(page);
      const title = await openFirstGuide(page);
      await page.waitForSelector('[data-testid=guide-detail] svg.qr'); // drawn a frame after the text
      const before = await page.textContent('[data-testid=guide-detail]');
      await context.setOffline(true);
      await page.reload();
      await waitForContent(page);
      await page.waitForSelector('[data-testid=guide-detail] svg.qr');
      expect(await page.textContent('[data-testid=guide-detail]')).toBe(before);
      expect(title.length).toBeGreaterThan(0);
      await page.waitForSelector('[data-testid=offline-banner]', { timeout: 15_000 });
      expect(await page.textContent('[data-testid=offline-banner]')).toMatch(/离线 · 数据更新于 \d/);
    } finally {
      await context.setOffline(false);
      await context.close();
    }
  });

  it('with the server stopped, a reload still shows the same content', async () => {
    const { context, page } = await openKiosk(browser, server.url);
    try {
      await waitForServiceWorker(page);
      await page.click('[data-testid=tile-notices]');
      await page.waitForSelector('[data-testid=notice-list] li');
      const before = await page.textContent('[data-testid=notice-list]');
      await server.stop();
      await page.reload();
      await waitForContent(page);
      await page.waitForSelector('[data-testid=notice-list] li');
      expect(await page.textContent('[data-testid=notice-list]')).toBe(before);
      await page.waitForSelector('[data-testid=offline-banner]', { timeout: 15_000 });
    } finally {
      if (
        !(await fetch(server.url).then(
          () => true,
          () => false,
        ))
      )
        await server.restart();
      await context.close();
    }
  });

  it('a change published on the server appears without a reload', async () => {
    const { context, page } = await openKiosk(browser, server.url);
    try {
      await page.click('[data-testid=tile-notices]');
      await page.waitForSelector('[data-testid=notice-list] li');
      const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));
      const title = `停电通知 ${Date.now()}`;
      const notice: Notice = {
        id: `notice-e2e-${Date.now()}`,
        type: 'notice',
        version: 1,
        updatedAt: new Date().toISOString(),
        scope: 'global',
        title,
        format: 'markdown',
        body: '明天上午**暂停办理**全部业务。',
        priority: 'urgent',
        departmentId: null,
        publishAt: '2020-01-01T00:00:00+08:00',
        expiresAt: null,
      };
      await server.server.store.publish([{ op: 'put', record: notice }]);
      await page.waitForSelector(`[data-testid=notice-list] :text("${title}")`, { timeout: 15_000 });
      // Same page: nothing reloaded.
      expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);
      // And a deletion disappears the same way.
      await server.server.store.publish([{ op: 'delete', type: 'notice', id: notice.id }]);
      await page.waitForSelector(`[data-testid=notice-list] :text("${title}")`, { state: 'detached', timeout: 15_000 });
    } finally {
      await context.close();
    }
  });
});

describe('kiosk config problems', () => {
  let server: KioskServer;
  beforeAll(async () => {
    server = await startKioskServer({ staticDir: inject('distDir') });
  });
  afterAll(async () => {
    await server?.cleanup();
  });

  it('an unknown kiosk id gets a staff-facing screen that says what is wrong, not a blank page', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${server.url}/?kiosk=kiosk-nowhere-9`);
      await page.waitForSelector('[data-testid=config-problem]');
      const text = (await page.textContent('[data-testid=config-problem]'))!;
      expect(text).toContain('查询机配置有问题');
      expect(text).toContain('kiosk-nowhere-9');
      expect(text).toContain('/kiosk-config/kiosk-nowhere-9.json');
      expect(errors).toEqual([]);
      await screenshot(page, 'config-problem-portrait');
      const violations = await runAxe(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('idle reset', () => {
  let server: KioskServer;
  beforeAll(async () => {
    server = await startKioskServer({ staticDir: inject('distDir') });
  });
  afterAll(async () => {
    await server?.cleanup();
  });

  it('warns with a countdown, then clears a half-read guide, elder mode and language for the next person', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.clock.install();
      await page.goto(server.url);
      await waitForContent(page);
      await page.click('[data-testid=tile-guides]');
      await page.waitForSelector('[data-testid=guide-list] li a');
      await page.click('.chip:text("法人")');
      await page.click('[data-testid=guide-list] li a');
      await page.waitForSelector('[data-testid=materials]');
      await page.evaluate(() => document.querySelector('main')!.scrollTo(0, 600));
      await page.click('.toolbar-elder');
      await page.click('.toolbar-language:text("EN")');
      await page.waitForSelector('html[lang=en].elder');

      // 90 s idle (config default): the warning, with a live countdown and a continue button.
      await page.clock.fastForward(91_000);
      await page.waitForSelector('[role=alertdialog]');
      expect(await page.textContent('[role=alertdialog]')).toMatch(/Still there\?/);
      // "Continue" keeps everything.
      await page.click('[role=alertdialog] button');
      await page.waitForSelector('[role=alertdialog]', { state: 'detached' });
      expect(page.url()).toContain('/guides/');

      await page.clock.fastForward(91_000);
      await page.waitForSelector('[role=alertdialog]');
      await page.clock.fastForward(4_000);
      await expect.poll(() => page.textContent('#idle-countdown')).toMatch(/[4-7] s/);
      await page.clock.fastForward(8_000);
      await page.waitForSelector('[role=alertdialog]', { state: 'detached' });
      await page.waitForSelector('[data-testid=tile-guides]');
      expect(new URL(page.url()).pathname).toBe('/');
      await page.waitForSelector('html[lang=zh-Hans]:not(.elder)');
      expect(await page.textContent('.tile-guides .tile-title')).toBe('办事指南');
      // The guide list starts unfiltered again.
      await page.click('[data-testid=tile-guides]');
      await page.waitForSelector('[data-testid=guide-list] li a');
      expect(await page.getAttribute('.chip:text("全部")', 'aria-pressed')).toBe('true');
      expect(await page.$$eval('.chip.is-on', (els) => els.length)).toBe(4);

      // At home, untouched, the attract loop starts instead of a warning; a touch ends it.
      await page.click('.toolbar a[href="/"]');
      await page.clock.fastForward(91_000);
      await page.waitForSelector('[data-testid=attract]');
      await page.mouse.click(500, 900);
      await page.waitForSelector('[data-testid=attract]', { state: 'detached' });
      await page.waitForSelector('[data-testid=tile-guides]');
    } finally {
      await context.close();
    }
  });
});
