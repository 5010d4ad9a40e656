/**
 * The security headers must not break the real kiosk: load the built kiosk
 * from the real server in Chromium and watch for CSP violations and errors.
 */
import { inject, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer } from '../../src/server/app';
import { waitForServiceWorker } from './kiosk-support';
import { launchChromium } from './support/browser';

let server: RunningServer | undefined;
let dataDir = '';
afterEach(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('content security policy with the real kiosk build', () => {
  it('the kiosk starts, syncs and shows content with no CSP violation or script error', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shk-csp-'));
    server = await startServer({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      staticDir: inject('distDir'),
      seedDemo: true,
      logger: pino({ level: 'silent' }),
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(`${server.url}/?kiosk=kiosk-county-1`);
      // The demo hall's name appears once the snapshot is applied.
      await page.getByText('政务服务中心').first().waitFor({ timeout: 20_000 });
      // Late loads (lazy chunks, the precache) are done once the service worker controls the page.
      await waitForServiceWorker(page);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
