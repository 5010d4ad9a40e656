/**
 * Issue 13 (resident audit) in real Chromium: the offline voice speaks where
 * the browser has no Chinese voice (headless Chromium has none); every screen
 * in each interface language shows no text in the wrong script; a village
 * kiosk lists its own 低保 first. axe stays at zero; screenshots land in
 * tests/screenshots/.
 */
import * as OpenCC from 'opencc-js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Notice, ServiceGuide } from '../../src/shared/content';
import { launchChromium } from './support/browser';
import { describeViolations, openKiosk, PORTRAIT, runAxe, screenshot, startKioskServer, type KioskServer } from './kiosk-support';

let browser: Browser;
let server: KioskServer;
let guideId: string;
let noticeId: string;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startKioskServer({ staticDir: inject('distDir') });
  const guides = (await server.server.store.listRecords('guide')) as ServiceGuide[];
  guideId = guides.find((g) => g.scope === 'global' && g.plainName === '低保')!.id;
  const notices = (await server.server.store.listRecords('notice')) as Notice[];
  noticeId = notices.find(
    (n) => n.format === 'markdown' && (n.expiresAt == null || Date.parse(n.expiresAt) > Date.now()) && Date.parse(n.publishAt) < Date.now(),
  )!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

/**
 * Records every media element the page plays, and every audio blob handed to
 * one (read from the Blob itself: the kiosk's CSP rightly refuses fetch(blob:)).
 */
const RECORD_PLAYBACK = () => {
  const w = window as unknown as { __played: HTMLMediaElement[]; __playedBytes: Promise<ArrayBuffer>[] };
  w.__played = [];
  w.__playedBytes = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    w.__played.push(this);
    return play.call(this);
  };
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    if (obj instanceof Blob && obj.type.startsWith('audio/')) w.__playedBytes.push(obj.arrayBuffer());
    return createObjectURL(obj);
  };
};

describe('a voice that always speaks', () => {
  it(
    'with no system voice, the read-aloud button shows and the offline voice plays audible Mandarin; pause and stop work',
    { timeout: 120_000 },
    async () => {
      const { context, page } = await openKiosk(browser, server.url, PORTRAIT, `/guides/${guideId}`);
      try {
        await page.addInitScript(RECORD_PLAYBACK);
        await page.reload();
        await page.waitForSelector('[data-testid=materials]');
        const voices = await page.evaluate(() => speechSynthesis.getVoices().map((v) => v.lang));
        expect(voices.filter((l) => /^(zh|cmn)/i.test(l))).toEqual([]);

        await page.click('[data-testid=read-aloud]');
        // Audio actually plays: the element's clock moves, and what it plays is not silence.
        await expect
          .poll(() => page.evaluate(() => (window as unknown as { __played: HTMLMediaElement[] }).__played[0]?.currentTime ?? 0), {
            timeout: 60_000,
            interval: 250,
          })
          .toBeGreaterThan(0.3);
        const level = await page.evaluate(async () => {
          const bytes = await (window as unknown as { __playedBytes: Promise<ArrayBuffer>[] }).__playedBytes[0]!;
          const audio = await new OfflineAudioContext(1, 1, 22050).decodeAudioData(bytes);
          const samples = audio.getChannelData(0);
          let sum = 0;
          for (const s of samples) sum += s * s;
          return { seconds: audio.duration, rms: Math.sqrt(sum / samples.length) };
        });
        expect(level.seconds).toBeGreaterThan(1);
        expect(level.rms).toBeGreaterThan(0.01);
        expect(await page.textContent('[data-testid=read-pause]')).toBe('暂停');
        await screenshot(page, 'audit-read-aloud-offline-voice');
        expect(describeViolations(await runAxe(page))).toBe('');

        await page.click('[data-testid=read-pause]');
        expect(await page.evaluate(() => (window as unknown as { __played: HTMLMediaElement[] }).__played[0]!.paused)).toBe(true);
        await page.click('[data-testid=read-resume]');
        await expect
          .poll(() => page.evaluate(() => (window as unknown as { __played: HTMLMediaElement[] }).__played.at(-1)!.paused))
          .toBe(false);
        await page.click('[data-testid=read-stop]');
        await page.waitForSelector('[data-testid=read-aloud]');
        expect(await page.evaluate(() => (window as unknown as { __played: HTMLMediaElement[] }).__played.every((a) => a.paused))).toBe(
          true,
        );
      } finally {
        await context.close();
      }
    },
  );
});

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const HAN = /[\u3400-\u9fff]/;

interface TextPiece {
  lang: string;
  text: string;
  where: string;
}

/** Every visible text node with the language it is marked as (closest lang attribute), and where it is. */
async function textsByLanguage(page: Page): Promise<TextPiece[]> {
  return page.evaluate(() => {
    const out: { lang: string; text: string; where: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('.toolbar-languages, .visually-hidden, [hidden], script, style, noscript')) continue;
      const host = el.closest('[lang]');
      out.push({ lang: host?.getAttribute('lang') ?? '', text, where: `${el.tagName.toLowerCase()}.${el.className}` });
    }
    return out;
  });
}

/** Text that is in the wrong script for the interface language: traditional in 简体, simplified in 繁體, Chinese in EN chrome. */
function wrongScript(language: 'zh-Hans' | 'zh-Hant' | 'en', pieces: TextPiece[]): string[] {
  const bad: string[] = [];
  for (const p of pieces) {
    if (language === 'zh-Hans' && p.lang !== 'zh-Hans') bad.push(`marked ${p.lang}: ${p.text}`);
    else if (language === 'zh-Hans' && toSimplified(p.text) !== p.text) bad.push(`traditional: ${p.text} (${p.where})`);
    else if (language === 'zh-Hant' && p.lang !== 'zh-Hant') bad.push(`marked ${p.lang}: ${p.text} (${p.where})`);
    else if (language === 'zh-Hant' && toTraditional(p.text) !== p.text) bad.push(`simplified: ${p.text} (${p.where})`);
    else if (language === 'en' && p.lang === 'en' && HAN.test(p.text)) bad.push(`Chinese in English chrome: ${p.text} (${p.where})`);
    else if (language === 'en' && p.lang !== 'en' && p.lang !== 'zh-Hans') bad.push(`marked ${p.lang}: ${p.text}`);
  }
  return bad;
}

const SCREENS = [
  { name: 'home', path: () => '/', ready: '[data-testid=open-status]' },
  { name: 'guides', path: () => '/guides', ready: '[data-testid=guide-list] li' },
  { name: 'guide-detail', path: () => `/guides/${guideId}`, ready: '[data-testid=materials]' },
  { name: 'fees', path: () => '/fees', ready: '[data-testid=fee-list] li' },
  { name: 'duty', path: () => '/duty', ready: '[data-testid=duty-week]' },
  { name: 'notices', path: () => '/notices', ready: '[data-testid=notice-list] li' },
  { name: 'notice-detail', path: () => `/notices/${noticeId}`, ready: '.notice-detail .prose' },
  { name: 'search', path: () => '/search', ready: 'main [role=search]' },
];
const LANGUAGE_BUTTON = { 'zh-Hans': '简体', 'zh-Hant': '繁體', en: 'EN' } as const;

describe('every screen in each language', () => {
  for (const language of ['zh-Hans', 'zh-Hant', 'en'] as const) {
    it(`${language}: no text in the wrong script, axe finds nothing`, { timeout: 240_000 }, async () => {
      const { context, page } = await openKiosk(browser, server.url, PORTRAIT);
      try {
        const problems: string[] = [];
        for (const screen of SCREENS) {
          await page.goto(new URL(screen.path(), server.url).href);
          await page.waitForSelector(screen.ready, { timeout: 30_000 });
          if (language !== 'zh-Hans') {
            await page.click(`.toolbar-language:text-is("${LANGUAGE_BUTTON[language]}")`);
            await page.waitForFunction((l) => document.documentElement.lang === l, language);
          }
          // Converted content and lazy parts settle within a few frames.
          await expect.poll(async () => wrongScript(language, await textsByLanguage(page)), { timeout: 10_000, interval: 250 }).toEqual([]);
          const title = await page.title();
          expect(wrongScript(language, [{ lang: language, text: title, where: 'title' }])).toEqual([]);
          const violations = await runAxe(page);
          if (violations.length) problems.push(`${screen.name}: ${describeViolations(violations)}`);
          if (language !== 'zh-Hans') await screenshot(page, `audit-${screen.name}-${language}`);
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});

describe('own hall first', () => {
  it('on kiosk-dongshan-1 the village 低保（东山村代办） is listed before the county 低保', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(new URL('/?kiosk=kiosk-dongshan-1', server.url).href);
      await page.waitForSelector('.masthead-name:has-text("东山")', { timeout: 60_000 });
      await page.click('[data-testid=tile-guides]');
      await page.waitForSelector('[data-testid=guide-list] li');
      const titles = await page.$$eval('[data-testid=guide-list] .card-title', (els) => els.map((e) => e.textContent ?? ''));
      const village = titles.findIndex((t) => t.includes('低保') && t.includes('东山村代办'));
      const county = titles.findIndex((t) => t.includes('低保') && !t.includes('代办'));
      expect(village).toBeGreaterThanOrEqual(0);
      expect(village).toBeLessThan(5);
      expect(county === -1 || county > village).toBe(true);
      await screenshot(page, 'audit-dongshan-guides-own-hall-first');
    } finally {
      await context.close();
    }
  });
});
