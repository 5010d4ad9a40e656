/**
 * Province scale, end to end: the whole kiosk on a static host. Debian's nginx (a child process with its
 * own config) serves the built kiosk app, its config file and the feed export the origin server keeps
 * current (FEED_EXPORT_DIR); real Chromium runs the kiosk with feedUrl "/" and nothing of ours answers
 * its requests. It shows the content, gets a later publish once exported, and when the export stops
 * being renewed (its head expired) it says its data is stale and keeps showing it.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { startNginx, staticHostConfig, type NginxProcess } from '../../scripts/nginx/nginx-process';
import { startServer, type RunningServer } from '../../src/server/app';
import { createFeedExporter } from '../../src/server/feed/export/export-feed';
import { loadOrCreateSigner } from '../../src/server/feed/signing';
import type { Notice } from '../../src/shared/content';
import { staticHeadPath, type SignedEnvelope } from '../../src/shared/feed/static-feed';
import { launchChromium } from './support/browser';
import { PORTRAIT, ROOT, waitForContent } from './kiosk-support';

let work: string;
let exportDir: string;
let server: RunningServer;
let nginx: NginxProcess;
let browser: Browser;

/** The log position the export's head for hall-county is at. */
function exportedSeq(): number {
  const file = join(exportDir, staticHeadPath('hall-county'));
  if (!existsSync(file)) return -1;
  const envelope = JSON.parse(readFileSync(file, 'utf8')) as SignedEnvelope;
  return (JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { logSeq: number }).logSeq;
}

async function exported(): Promise<void> {
  const seq = (await server.store.position()).seq;
  await vi.waitFor(() => expect(exportedSeq()).toBe(seq), { timeout: 30_000, interval: 100 });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'shk-static-e2e-'));
  exportDir = join(work, 'export');
  server = await startServer({
    dataDir: join(work, 'data'),
    port: 0,
    host: '127.0.0.1',
    seedDemo: true,
    staticDir: work,
    logger: pino({ level: 'silent' }),
    feedExportDir: exportDir,
  });
  await exported();
  // The static host's root: the built app and a kiosk config pointing at the feed on the same host.
  const appDir = join(work, 'app');
  cpSync(inject('distDir'), appDir, { recursive: true });
  mkdirSync(join(appDir, 'kiosk-config'), { recursive: true });
  const template = JSON.parse(readFileSync(join(ROOT, 'kiosk-config/kiosk-county-1.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(appDir, 'kiosk-config/kiosk-static-1.json'),
    JSON.stringify({
      ...template,
      kioskId: 'kiosk-static-1',
      feedUrl: '/',
      feedPublicKey: server.publicKey,
      pollIntervalSeconds: 2,
      staleAfterSeconds: 8,
    }),
  );
  nginx = await startNginx(staticHostConfig(exportDir, appDir));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a kiosk on a static host', () => {
  it('syncs from the export served by nginx, gets the next publish, and reports an export that stopped updating', async () => {
    const feedRequests: string[] = [];
    const context = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('request', (req) => {
      if (req.url().includes('/feed/')) feedRequests.push(new URL(req.url()).pathname);
    });
    if (process.env.DEBUG_STATIC_E2E) {
      page.on('response', (r) => console.log(r.status(), r.url()));
      page.on('console', (m) => console.log('[console]', m.text()));
    }
    try {
      await page.goto(`${nginx.url}/?kiosk=kiosk-static-1`);
      await waitForContent(page);
      await page.click('[data-testid=tile-notices]');
      await page.waitForSelector('[data-testid=notice-list] li');

      const title = `静态源通知 ${Date.now()}`;
      const notice: Notice = {
        id: `notice-static-${Date.now()}`,
        type: 'notice',
        version: 1,
        updatedAt: new Date().toISOString(),
        scope: 'global',
        title,
        format: 'plain',
        body: '本通知经静态内容源送达。',
        priority: 'urgent',
        departmentId: null,
        publishAt: '2020-01-01T00:00:00+08:00',
        expiresAt: null,
      };
      await server.store.publish([{ op: 'put', record: notice }]);
      await exported();
      await page.waitForSelector(`[data-testid=notice-list] :text("${title}")`, { timeout: 30_000 });
      expect(feedRequests).toContain(`/${staticHeadPath('hall-county')}`);
      expect(feedRequests.some((p) => p.startsWith('/feed/v2/static/pages/'))).toBe(true);

      // The export as written two hours ago and never renewed: the head has expired.
      const signer = loadOrCreateSigner(join(work, 'data'), { logHasChanges: true });
      const past = () => new Date(Date.now() - 2 * 3600_000);
      await createFeedExporter({ store: server.store, signer, outDir: exportDir, now: past, headTtlSeconds: 3600 }).run();
      await page.waitForSelector('[data-testid=offline-banner][data-stale=true]', { timeout: 30_000 });
      // The content stays on screen.
      expect(await page.textContent('[data-testid=notice-list]')).toContain(title);
    } finally {
      await context.close();
    }
  }, 180_000);
});
