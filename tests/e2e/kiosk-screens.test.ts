/**
 * Every kiosk screen, portrait 1080x1920 and landscape 1920x1080, in normal
 * and elder mode: axe-core (WCAG 2.x A/AA and 2.2 AA) finds nothing, touch
 * targets are large enough, and a screenshot of each lands in
 * tests/screenshots/ for people to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Notice, ServiceGuide } from '../../src/shared/content';
import { launchChromium } from './support/browser';
import {
  describeViolations,
  LANDSCAPE,
  PORTRAIT,
  runAxe,
  screenshot,
  startKioskServer,
  waitForContent,
  type KioskServer,
} from './kiosk-support';

let browser: Browser;
let server: KioskServer;
let guideId: string;
let noticeId: string;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  const guides = (await server.server.store.listRecords('guide')) as ServiceGuide[];
  // The richest guide: fees, conditional materials, several steps.
  guideId = guides
    .filter((g) => g.scope === 'global')
    .sort((a, b) => Number(b.fees.kind === 'items') - Number(a.fees.kind === 'items') || b.materials.length - a.materials.length)[0]!.id;
  const notices = (await server.server.store.listRecords('notice')) as Notice[];
  noticeId = notices.find(
    (n) => n.format === 'markdown' && (n.expiresAt == null || Date.parse(n.expiresAt) > Date.now()) && Date.parse(n.publishAt) < Date.now(),
  )!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

interface ScreenCase {
  name: string;
  path: () => string;
  ready: string;
  /** Something to do after load (open a dialog...). */
  act?: (page: Page) => Promise<void>;
}

const SCREENS: ScreenCase[] = [
  { name: 'home', path: () => '/', ready: '[data-testid=tile-guides]' },
  { name: 'guides', path: () => '/guides', ready: '[data-testid=guide-list] li' },
  { name: 'guides-filtered', path: () => '/guides?audience=legal-entity', ready: '[data-testid=guide-list] li' },
  { name: 'guide-detail', path: () => `/guides/${guideId}`, ready: '[data-testid=materials]' },
  { name: 'fees', path: () => '/fees', ready: '[data-testid=fee-list] li' },
  { name: 'duty', path: () => '/duty', ready: '[data-testid=duty-week]' },
  { name: 'notices', path: () => '/notices', ready: '[data-testid=notice-list] li' },
  { name: 'notice-detail', path: () => `/notices/${noticeId}`, ready: '.notice-detail .prose' },
  { name: 'search', path: () => '/search', ready: 'main h1, main input, main [role=search]' },
  {
    name: 'staff-pin',
    path: () => '/',
    ready: '[data-testid=tile-guides]',
    act: async (page) => {
      for (let i = 0; i < 5; i++) await page.click('[data-testid=staff-corner]', { force: true });
      await page.waitForSelector('.pin-dialog');
    },
  },
];

const VIEWPORTS = [
  { label: 'portrait', size: PORTRAIT },
  { label: 'landscape', size: LANDSCAPE },
] as const;

/** Interactive elements smaller than the minimum touch target (visible ones only). */
async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.$$eval(
    'main a[href], main button, nav button, nav a[href], [role=dialog] button, [role=alertdialog] button',
    (els, min) =>
      els
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0)
        .filter(({ r }) => r.width < min - 0.5 || r.height < min - 0.5)
        .map(({ el, r }) => `${el.tagName} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`),
    min,
  );
}

describe.each(VIEWPORTS)('kiosk screens, $label', ({ label, size }) => {
  for (const elder of [false, true]) {
    const mode = elder ? 'elder' : 'normal';
    it(`${mode} mode: no axe violations, large targets, screenshots`, async () => {
      // Reduced motion: transitions and animations are off, so what axe and the screenshot see is the
      // settled screen, with no wait for an animation to end.
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1, locale: 'zh-CN', reducedMotion: 'reduce' });
      const page = await context.newPage();
      const problems: string[] = [];
      try {
        for (const screen of SCREENS) {
          await page.goto(`${server.url}${screen.path()}`);
          await waitForContent(page);
          await page.waitForSelector(screen.ready);
          if (elder) {
            await page.click('.toolbar-elder');
            await page.waitForSelector('html.elder');
          }
          await screen.act?.(page);
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          const violations = await runAxe(page);
          if (violations.length) problems.push(`${screen.name}: ${describeViolations(violations)}`);
          const small = await smallTargets(page, elder ? 60 : 48);
          if (small.length) problems.push(`${screen.name}: targets below ${elder ? 60 : 48} px: ${small.slice(0, 5).join(', ')}`);
          if (elder) {
            const sizes = await page.evaluate(() => ({
              h1: parseFloat(getComputedStyle(document.querySelector('h1') ?? document.body).fontSize),
              body: parseFloat(getComputedStyle(document.body).fontSize),
              lineHeight: parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize),
            }));
            if (sizes.h1 < 30 || sizes.body < 24 || sizes.lineHeight < 1.5)
              problems.push(`${screen.name}: elder sizes ${JSON.stringify(sizes)}`);
          }
          await screenshot(page, `${screen.name}-${label}-${mode}`);
        }
      } finally {
        await context.close();
      }
      expect(problems, problems.join('\n\n')).toEqual([]);
    }, 120_000);
  }
});
