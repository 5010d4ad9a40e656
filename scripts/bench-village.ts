// `npm run bench:village`: a village query point on a poor link, in headless Chromium.
// The kiosk (kiosk-dongshan-1) runs with 4x CPU throttling and 1 Mbit/s with 300 ms round trips
// (CDP network emulation), against the real server with the demo data. One JSON line per figure:
//   home-tiles-painted    navigation to the home's tiles painted (usable: a tap is kept during the download)
//   hall-home-shown       navigation to the home showing the hall's own stored content (polled)
//   content-stored        navigation to the snapshot applied (every record in IndexedDB)
//   media-stored          navigation to every referenced media file stored
//   media-over-content    media-stored / content-stored (target: <= 2)
//   ... the same three with media bundles refused (one request per file, as before bundles), for the ratio
//   offline-7-days-apply  network back after 7 days offline (server and kiosk clocks advanced) and
//                         2,000 published changes: time until the kiosk has applied them all,
//                         with the duty board checked against the shared duty rules for the new day
//                         throughout (duty-checks, duty-wrong).
// Options: --rate (CPU slowdown, default 4), --kbps (default 1000), --rtt (ms, default 300), --changes (default 2000).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import pino from 'pino';
import { build } from 'vite';
import { startServer } from '../src/server/app';
import type { ContentRecord, DutyException, DutyShift, Hall, Official } from '../src/shared/content';
import { hallDate, rotaForToday } from '../src/shared/duty';
import { launchChromium } from '../tests/e2e/support/browser';
import { PORTRAIT, ROOT } from '../tests/e2e/kiosk-support';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '4' },
    kbps: { type: 'string', default: '1000' },
    rtt: { type: 'string', default: '300' },
    changes: { type: 'string', default: '2000' },
  },
});
const num = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1 (got ${JSON.stringify(args[name])})`);
  return n;
};
const RATE = num('rate');
const KBPS = num('kbps');
const RTT = num('rtt');
const CHANGES = num('changes');
const KIOSK = 'kiosk-dongshan-1';
const HALL = 'point-dongshan';
const DAY_MS = 24 * 3600_000;

function figure(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  const profile = { cpuThrottle: RATE, kbps: KBPS, rttMs: RTT };
  console.log(JSON.stringify({ bench: 'village', figure: name, value: Math.round(value * 100) / 100, unit, ...profile, ...extra }));
}

/** Throttles this page's CPU and network; `offline` cuts the link while keeping the profile for later. */
async function villageLink(context: BrowserContext, page: Page): Promise<(offline: boolean) => Promise<void>> {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
  await cdp.send('Network.enable');
  const set = async (offline: boolean) => {
    const bytesPerSecond = (KBPS * 1000) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline,
      latency: RTT,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
  };
  await set(false);
  return set;
}

/** When a performance mark was made, in ms after navigation start (waits for it). */
async function markTime(page: Page, name: string, timeout = 600_000): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout, polling: 250 });
  return page.evaluate((n) => performance.getEntriesByName(n)[0]!.startTime, name);
}

async function firstInstall(context: BrowserContext, url: string, label: string, refuseBundles: boolean) {
  const page = await context.newPage();
  if (refuseBundles) await page.route('**/media/bundle**', (route) => route.fulfill({ status: 404, body: 'no bundles' }));
  await villageLink(context, page);
  await page.goto(`${url}/?kiosk=${KIOSK}`);
  await page.waitForSelector('.masthead-name:has-text("东山村")', { timeout: 600_000 });
  const home = await page.evaluate(() => performance.now());
  const painted = await markTime(page, 'shk:home-painted');
  const content = await markTime(page, 'shk:snapshot-applied');
  const mediaStart = await markTime(page, 'shk:media-start');
  const media = await markTime(page, 'shk:media-synced');
  const files = await page.evaluate(() => (performance.getEntriesByName('shk:media-synced')[0] as PerformanceMark).detail.files as number);
  figure(`home-tiles-painted${label}`, painted, 'ms');
  figure(`hall-home-shown${label}`, home, 'ms');
  figure(`content-stored${label}`, content, 'ms');
  figure(`media-stored${label}`, media, 'ms', { files, mediaStartMs: Math.round(mediaStart) });
  figure(`media-over-content${label}`, media / content, 'ratio', refuseBundles ? {} : { target: '<= 2' });
  return page;
}

/** "window|name" pairs of today's rota on the duty board, leave rows left out. */
async function dutyBoardPairs(page: Page): Promise<string[] | null> {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid=duty-today]');
    if (!table) return null;
    return [...table.querySelectorAll('tbody tr')]
      .filter((tr) => !tr.textContent?.includes('请假'))
      .map((tr) => {
        const cells = tr.querySelectorAll('td');
        return `${cells[0]?.querySelector('.nobr')?.textContent ?? ''}|${cells[2]?.querySelector('.nobr')?.textContent ?? ''}`;
      })
      .sort();
  });
}

function expectedPairs(records: ContentRecord[], nowMs: number): { date: string; pairs: string[] } {
  const hall = records.find((r) => r.type === 'hall' && r.id === HALL) as Hall;
  const shifts = records.filter((r): r is DutyShift => r.type === 'dutyShift' && r.hallId === HALL);
  const exceptions = records.filter((r): r is DutyException => r.type === 'dutyException' && r.hallId === HALL);
  const officials = new Map(records.filter((r): r is Official => r.type === 'official').map((o) => [o.id, o.name]));
  const rota = rotaForToday({ shifts, exceptions, timezone: hall.timezone, nowMs });
  return {
    date: hallDate(nowMs, hall.timezone),
    pairs: rota.map((a) => `${a.windowId}|${officials.get(a.officialId) ?? a.officialId}`).sort(),
  };
}

/** 2,000 ordinary edits (fees, guides, notices): no duty records, so today's rota stays as the rules say. */
function edits(records: ContentRecord[], count: number, now: Date): ContentRecord[] {
  const editable = records.filter((r) => r.type === 'fee' || r.type === 'guide' || r.type === 'notice');
  const out: ContentRecord[] = [];
  const stamp = now.toISOString();
  for (let i = 0; i < count; i++) {
    const r = editable[i % editable.length]!;
    // The same record may change several times in a week; each change is its own seq.
    out.push({ ...r, updatedAt: stamp } as ContentRecord);
  }
  return out;
}

async function main() {
  const distDir = mkdtempSync(join(tmpdir(), 'shk-bench-village-dist-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'shk-bench-village-data-'));
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: distDir, emptyOutDir: true } });
  const kioskConfigDir = join(dataDir, 'kiosk-config');
  cpSync(join(ROOT, 'kiosk-config'), kioskConfigDir, { recursive: true });
  for (const file of readdirSync(kioskConfigDir)) {
    const config = JSON.parse(readFileSync(join(kioskConfigDir, file), 'utf8')) as Record<string, unknown>;
    // Polls often, so the week-later catch-up starts soon after the link is back.
    config.pollIntervalSeconds = 5;
    writeFileSync(join(kioskConfigDir, file), JSON.stringify(config));
  }
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const server = await startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    staticDir: distDir,
    kioskConfigDir,
    seedDemo: true,
    now,
    logger: pino({ level: 'silent' }),
  });
  const browser = await launchChromium();
  try {
    const options = { viewport: PORTRAIT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' as const };
    // Before bundles: one request per media file, for the ratio within this run.
    const before = await browser.newContext(options);
    await firstInstall(before, server.url, '-single-files', true);
    await before.close();

    const context = await browser.newContext(options);
    const page = await firstInstall(context, server.url, '', false);
    const setOffline = await villageLink(context, page);
    await page.goto(`${server.url}/duty?kiosk=${KIOSK}`);
    await page.waitForSelector('[data-testid=duty-today]', { timeout: 120_000 });

    // A week offline: the link goes, the server's clock moves on, staff publish 2,000 changes meanwhile.
    // (The kiosk reads the date from the server's Date header: its clock follows at the first answer.)
    await setOffline(true);
    offsetMs = 7 * DAY_MS;
    const records = [
      ...(await server.store.listRecords('hall')),
      ...(await server.store.listRecords('dutyShift')),
      ...(await server.store.listRecords('dutyException')),
      ...(await server.store.listRecords('official')),
    ];
    const all = [
      ...(await server.store.listRecords('fee')),
      ...(await server.store.listRecords('guide')),
      ...(await server.store.listRecords('notice')),
    ];
    const changes = edits(all, CHANGES, now());
    let target = 0;
    for (let i = 0; i < changes.length; i += 200)
      target = (
        await server.store.publish(
          changes.slice(i, i + 200).map((record) => ({ op: 'put' as const, record })),
          { actor: 'bench-village', now: now() },
        )
      ).toSeq;

    const pagesBefore = await page.evaluate(() => performance.getEntriesByName('shk:page-applied').length);
    await setOffline(false);
    const back = Date.now();
    // The first answer after the week brings the new date; from the first page applied on, the board must be right.
    await page.waitForFunction((n) => performance.getEntriesByName('shk:page-applied').length > n, pagesBefore, {
      timeout: 600_000,
      polling: 250,
    });
    const firstPage = Date.now() - back;
    let checks = 0;
    const wrong: string[] = [];
    for (;;) {
      const done = await page.evaluate(
        (seq) => performance.getEntriesByName('shk:page-applied').some((e) => ((e as PerformanceMark).detail?.to ?? 0) >= seq),
        target,
      );
      const expected = expectedPairs(records, now().getTime());
      const shown = await dutyBoardPairs(page);
      checks++;
      if (JSON.stringify(shown) !== JSON.stringify(expected.pairs))
        wrong.push(`${expected.date}: shown ${JSON.stringify(shown)} expected ${JSON.stringify(expected.pairs)}`);
      if (done) break;
      if (Date.now() - back > 900_000) throw new Error('the kiosk did not apply the week of changes within 15 minutes');
      await page.waitForTimeout(500); // a bench, not a test: sample the board twice a second
    }
    figure('offline-7-days-apply', Date.now() - back, 'ms', {
      changes: CHANGES,
      firstPageMs: firstPage,
      dutyChecks: checks,
      dutyWrong: wrong.length,
    });
    if (wrong.length) console.error(`duty board differed from the rules ${wrong.length} times, first: ${wrong[0]}`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(distDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
