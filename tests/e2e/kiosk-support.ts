/**
 * Shared set-up for the kiosk browser tests and the kiosk benchmark: a real
 * server on a temporary data dir with the demo data, kiosk configs tuned for
 * tests, and helpers for pages, axe-core and screenshots.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer } from '../../src/server/app';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = join(ROOT, 'tests/screenshots');

export const PORTRAIT = { width: 1080, height: 1920 } as const;
export const LANDSCAPE = { width: 1920, height: 1080 } as const;

export interface KioskServer {
  url: string;
  dataDir: string;
  server: Awaited<ReturnType<typeof startServer>>;
  stop(): Promise<void>;
  /** Starts the server again on the same port and data (after stop()). */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

export const E2E_PUBLIC_URL = 'https://zwfw.qinglan.example.gov.cn';

export async function startKioskServer(options: {
  staticDir: string;
  pollIntervalSeconds?: number;
  idleTimeoutSeconds?: number;
  dataDir?: string;
  seedDemo?: boolean;
  /** The server's PUBLIC_URL (QR codes). Default: an example address, unlike the page's own origin. */
  publicUrl?: string | null;
  /** The kiosks' printer setting. */
  printer?: 'none' | 'receipt-80mm' | 'a4';
}): Promise<KioskServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shk-kiosk-e2e-'));
  const kioskConfigDir = join(dataDir, 'kiosk-config');
  mkdirSync(kioskConfigDir, { recursive: true });
  for (const file of readdirSync(join(ROOT, 'kiosk-config')).filter((f) => f.endsWith('.json'))) {
    const config = JSON.parse(readFileSync(join(ROOT, 'kiosk-config', file), 'utf8')) as Record<string, unknown>;
    if (options.pollIntervalSeconds) config.pollIntervalSeconds = options.pollIntervalSeconds;
    if (options.idleTimeoutSeconds) config.idleTimeoutSeconds = options.idleTimeoutSeconds;
    if (options.printer) config.printer = options.printer;
    writeFileSync(join(kioskConfigDir, file), JSON.stringify(config, null, 2));
  }
  const start = (port = 0) =>
    startServer({
      dataDir,
      port,
      staticDir: options.staticDir,
      seedDemo: options.seedDemo ?? true,
      kioskConfigDir,
      publicUrl: options.publicUrl === null ? undefined : (options.publicUrl ?? E2E_PUBLIC_URL),
      logger: pino({ level: 'silent' }),
    });
  let server = await start();
  const handle: KioskServer = {
    get url() {
      return server.url;
    },
    dataDir,
    get server() {
      return server;
    },
    async stop() {
      await server.close();
    },
    async restart() {
      server = await start(server.port);
    },
    async cleanup() {
      await server.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/**
 * Keeps a kiosk configuration in the kiosk origin's storage as pairing does, token included (the
 * public /kiosk-config answer never carries the token), so the kiosk starts as a paired one.
 */
export async function storePairedConfig(context: BrowserContext, url: string, config: object): Promise<void> {
  const page = await context.newPage();
  // Any page of the kiosk's origin will do; this one is small and never served from a cache.
  await page.goto(new URL('/kiosk-config/none.json', url).href);
  await page.evaluate(
    (cfg) =>
      new Promise<void>((resolve, reject) => {
        // The kiosk's own config database (src/kiosk/config/load-config.ts): version 1, store "config", key "current".
        const open = indexedDB.open('shk-kiosk-config', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('config');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('config', 'readwrite');
          tx.objectStore('config').put(cfg, 'current');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    config,
  );
  await page.close();
}

/** Opens the kiosk and waits until the home screen shows stored content. */
export async function openKiosk(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = PORTRAIT,
  path = '/',
  options: { pairedConfig?: object } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Europe/London' });
  if (options.pairedConfig) await storePairedConfig(context, url, options.pairedConfig);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  await page.goto(new URL(path, url).href);
  await waitForContent(page);
  return { context, page };
}

/** The masthead shows the hall's name only once content is in the store. */
export async function waitForContent(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForSelector('.masthead-name:has-text("政务服务中心")', { timeout });
}

/** Waits until the service worker controls the page, so the shell is precached. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  // A controller exists only after install (precaching) and activation (clients.claim()).
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 30_000, polling: 250 });
}

const AXE_SOURCE = () => readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol: the kiosk's CSP (script-src 'self') rightly refuses inline tags.
  if (!loaded) await page.evaluate(AXE_SOURCE());
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`)
          .join('\n  ')}`,
    )
    .join('\n');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

export function copyDir(from: string, to: string) {
  cpSync(from, to, { recursive: true });
}
