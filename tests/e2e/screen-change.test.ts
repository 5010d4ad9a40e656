/**
 * Changing screens while the next screen's code is still on its way (a cold kiosk on a slow line):
 * the leaving screen goes, the loading line shows, then only the new screen is on the page. Once the
 * guide stayed standing above the plan, the fees list or the duty board: Preact's Suspense parked the
 * leaving screen and put it back when the code arrived (the router reused one boundary for every screen).
 *
 * Each journey starts cold (no service worker, nothing preloaded), holds the next screen's chunk in
 * the network until the loading line has been seen, then lets it through — no fixed waits.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser';
import { LANDSCAPE, PORTRAIT, startKioskServer, type KioskServer } from './kiosk-support';

let browser: Browser;
let server: KioskServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startKioskServer({ staticDir: inject('distDir') })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

interface Journey {
  name: string;
  /** Where the kiosk starts (a cold page load). */
  from: string;
  /** Selector of the leaving screen, shown before the tap. */
  leaving: string;
  /** Gets the page to the point of the tap (e.g. types a query). */
  prepare?: (page: Page) => Promise<void>;
  /** What the resident taps. */
  tap: string;
  /** The next screen's lazy chunk (file name start in assets/). */
  chunk: string;
  url: RegExp;
  /** Selector of something only the new screen shows once it is complete. */
  arrived: string;
}

async function searchFor(page: Page, text: string): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('shk:search-ready').length > 0, undefined, { timeout: 30_000 });
  await page.focus('[data-testid=search-input]');
  await page.keyboard.type(text);
}

const GUIDE = '/guides/guide-mz-dibao';
const JOURNEYS: Journey[] = [
  {
    name: 'guide → floor plan',
    from: GUIDE,
    leaving: '[data-testid=guide-detail]',
    tap: '[data-testid=show-on-plan]',
    chunk: 'FloorPlanScreen',
    url: /\/plan\?/,
    arrived: '[data-testid=floor-plan-marker]',
  },
  {
    name: 'guide → blank form',
    from: GUIDE,
    leaving: '[data-testid=guide-detail]',
    tap: 'a[href*="/forms/"]',
    chunk: 'FormViewerScreen',
    url: /\/forms\//,
    arrived: '[data-testid=form-viewer]',
  },
  {
    name: 'guides list → guide',
    from: '/guides',
    leaving: '.screen.guides',
    tap: '.screen.guides a.card-link',
    chunk: 'GuideDetailScreen',
    url: /\/guides\/[^/?]+$/,
    arrived: '[data-testid=materials]',
  },
  {
    name: 'search → fees',
    from: '/search',
    leaving: '.screen.search',
    prepare: (page) => searchFor(page, '换身份证多少钱'),
    tap: '[data-group=fee] .search-hit',
    chunk: 'FeesScreen',
    url: /\/fees/,
    arrived: '[data-testid=fee-list] li',
  },
  {
    name: 'search → duty board',
    from: '/search',
    leaving: '.screen.search',
    prepare: (page) => searchFor(page, 'hanyonghao'),
    tap: '[data-group=official] .search-hit',
    chunk: 'DutyScreen',
    url: /\/duty$/,
    arrived: '[data-testid=duty-plan-link]',
  },
  {
    name: 'notices → notice',
    from: '/notices',
    leaving: '.screen:has(a.card-link[href*="/notices/"])',
    tap: 'a.card-link[href*="/notices/"]',
    chunk: 'NoticeDetailScreen',
    url: /\/notices\/[^/]+$/,
    arrived: '.screen.notice-detail',
  },
  ...(
    [
      ['guides', 'GuidesScreen', /\/guides$/, '.screen.guides a.card-link'],
      ['notices', 'NoticesScreen', /\/notices$/, 'a.card-link[href*="/notices/"]'],
      ['search', 'SearchScreen', /\/search$/, '[data-testid=search-input]'],
    ] as const
  ).map(([tile, chunk, url, arrived]): Journey => ({
    name: `home → ${tile}`,
    from: '/',
    leaving: '.screen.home',
    tap: `[data-testid=tile-${tile}]`,
    chunk,
    url,
    arrived,
  })),
];

describe('changing screens while the next screen is still loading', () => {
  for (const [i, journey] of JOURNEYS.entries()) {
    it(`${journey.name}: only the new screen is shown`, async () => {
      // Both orientations are in use on site; alternate so each is exercised.
      const viewport = i % 2 === 0 ? PORTRAIT : LANDSCAPE;
      const context = await browser.newContext({ viewport, locale: 'zh-CN', hasTouch: true, serviceWorkers: 'block' });
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error('[page error]', err.message));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let chunkRequested = false;
      await context.route(new RegExp(`/assets/${journey.chunk}-[^/]+\\.js$`), async (route: Route) => {
        chunkRequested = true;
        await held;
        await route.continue();
      });
      try {
        await page.goto(new URL(journey.from, server.url).href);
        await page.waitForSelector(journey.leaving, { timeout: 30_000 });
        await journey.prepare?.(page);
        const link = page.locator(journey.tap).first();
        await link.waitFor({ timeout: 30_000 });
        await link.tap();
        await page.waitForURL(journey.url);
        // The chunk is genuinely not there yet: the loading line stands in for the new screen.
        await expect.poll(() => chunkRequested).toBe(true);
        await page.waitForSelector('main .loading', { timeout: 10_000 });
        release();
        await page.waitForSelector(journey.arrived, { timeout: 30_000 });
        // The new screen, alone: the leaving one is neither visible nor in the page.
        await expect.poll(() => page.locator(journey.leaving).count()).toBe(0);
        await expect(page.locator('main .screen').count()).resolves.toBe(1);
        await expect(page.locator('main .loading').count()).resolves.toBe(0);
      } finally {
        release();
        await context.close();
      }
    }, 120_000);
  }
});
