/**
 * Ad-hoc measurement of the first-run snapshot in Chromium on the scaled data
 * (5,000 guides, 20,000 fees, 500 officials), optionally with CPU throttling:
 *   npx tsx tests/e2e/sync-harness/measure-snapshot.ts [--throttle 4] [--runs 3] [--no-worker 1]
 * Prints one JSON line per run. CDP throttling does not reach workers (Chromium answers "only
 * supported for pages"), so the page also sets `shkWorkerCpuSlowdown` and the snapshot worker idles
 * (rate - 1) times each slice's busy time, as a throttled thread would. `--no-worker 1` hides Worker
 * from the page, so the engine prepares the snapshot on the main thread (the fallback path). The kiosk benchmark (npm run bench:kiosk) reads
 * the same performance marks from the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { startServer } from '../../../src/server/app';
import type { ContentRecord } from '../../../src/shared/content';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser';
import { department, fee, guide, hall, official } from '../../kiosk/store/fixtures';
import { buildSyncHarness } from './build-harness';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const throttle = arg('throttle', 1);
const runs = arg('runs', 3);
const guides = arg('guides', 5000);
const fees = arg('fees', 20000);
const officials = arg('officials', 500);
const noWorker = arg('no-worker', 0) === 1;

function scaled(): ContentRecord[] {
  const long = '申请人应当如实提供家庭收入、财产状况等材料，并配合入户调查。'.repeat(8);
  return [
    hall(),
    department('dept-mz', '民政局', 1),
    department('dept-zrzy', '自然资源局', 2),
    ...Array.from({ length: guides }, (_, i) => guide(`g-${i}`, { summary: long, popularity: i % 100 })),
    ...Array.from({ length: fees }, (_, i) => fee(`f-${i}`)),
    ...Array.from({ length: officials }, (_, i) => official(`o-${i}`)),
  ];
}

const work = mkdtempSync(join(tmpdir(), 'shk-measure-'));
await buildSyncHarness(join(work, 'static'));
const server = await startServer({
  dataDir: join(work, 'data'),
  port: 0,
  host: '127.0.0.1',
  seedDemo: false,
  staticDir: join(work, 'static'),
  logger: pino({ level: 'silent' }),
});
const records = scaled();
await server.store.publish(records.map((record) => ({ op: 'put' as const, record })));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.addInitScript(
      ({ rate, hideWorker }) => {
        (globalThis as Record<string, unknown>).shkWorkerCpuSlowdown = rate;
        // tsx names the functions it compiles through a helper the page lacks.
        (globalThis as Record<string, unknown>).__name ??= (f: unknown) => f;
        if (hideWorker) delete (globalThis as { Worker?: unknown }).Worker;
      },
      { rate: throttle, hideWorker: noWorker },
    );
    await page.goto(`${server.url}/sync-harness.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const result = await page.evaluate(
      async ({ config }) => {
        const store = await window.shk.openKioskStore({ name: `measure-${Math.random()}` });
        const engine = window.shk.createSyncEngine({ config, store });
        // Longest gap between animation frames during the apply: how smooth the progress screen stays.
        let longestFrameGap = 0;
        let last = performance.now();
        let watching = true;
        const onFrame = () => {
          const t = performance.now();
          longestFrameGap = Math.max(longestFrameGap, t - last);
          last = t;
          if (watching) requestAnimationFrame(onFrame);
        };
        const longTasks: number[][] = [];
        new PerformanceObserver((list) =>
          list.getEntries().forEach((e) => longTasks.push([Math.round(e.startTime), Math.round(e.duration)])),
        ).observe({ type: 'longtask' });
        const t0 = performance.now();
        requestAnimationFrame(onFrame);
        await engine.syncNow();
        watching = false;
        const fetched = performance.getEntriesByName('shk:snapshot-fetched')[0]!.startTime;
        const applied = performance.getEntriesByName('shk:snapshot-applied')[0]!.startTime;
        const t1 = performance.now();
        // (no helper function here: tsx would wrap it in __name(), which the page lacks)
        const [signed, parsed, validated] = ['shk:snapshot-signature-checked', 'shk:snapshot-parsed', 'shk:snapshot-validated'].map(
          (n) => performance.getEntriesByName(n)[0]!.startTime,
        ) as [number, number, number];
        const stages = {
          signatureMs: signed - fetched,
          parseMs: parsed - signed,
          validateMs: validated - parsed,
          storeMs: applied - validated,
        };
        const guideOpen0 = performance.now();
        await store.getGuide('g-2500');
        const guideOpen = performance.now() - guideOpen0;
        const list0 = performance.now();
        await store.listGuideSummaries({ departmentId: 'dept-mz' });
        const list = performance.now() - list0;
        const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]));
        return {
          stages,
          longTasks,
          marks,
          longestFrameGap,
          status: engine.status(),
          fetchMs: fetched - t0,
          applyMs: applied - fetched,
          totalMs: t1 - t0,
          guideOpenMs: guideOpen,
          guideListMs: list,
        };
      },
      {
        config: {
          kioskId: 'kiosk-county-1',
          hallId: 'hall-county',
          feedUrl: '/',
          feedPublicKey: server.publicKey,
          pollIntervalSeconds: 30,
          idleTimeoutSeconds: 90,
          languages: ['zh-Hans' as const],
          staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
          theme: 'default' as const,
        },
      },
    );
    if (result.status.lastError) throw new Error(result.status.lastError);
    const n = records.length;
    if (process.env.MEASURE_DEBUG) console.error(JSON.stringify({ longTasks: result.longTasks, marks: result.marks }));
    console.log(
      JSON.stringify({
        figure: 'kiosk.snapshot.apply',
        run,
        throttle,
        worker: !noWorker,
        longestFrameGapMs: Math.round(result.longestFrameGap),
        records: n,
        applyMs: Math.round(result.applyMs),
        recordsPerSecond: Math.round(n / (result.applyMs / 1000)),
      }),
    );
    console.log(
      JSON.stringify({
        figure: 'kiosk.snapshot.applyStages',
        run,
        throttle,
        ...Object.fromEntries(Object.entries(result.stages).map(([k, v]) => [k, Math.round(v)])),
      }),
    );
    console.log(
      JSON.stringify({
        figure: 'kiosk.snapshot.firstRunTotal',
        run,
        throttle,
        records: n,
        fetchMs: Math.round(result.fetchMs),
        totalMs: Math.round(result.totalMs),
        recordsPerSecond: Math.round(n / (result.totalMs / 1000)),
      }),
    );
    console.log(
      JSON.stringify({
        figure: 'kiosk.store.openGuideAfterSnapshot',
        run,
        throttle,
        ms: Math.round(result.guideOpenMs * 10) / 10,
        listMs: Math.round(result.guideListMs * 10) / 10,
      }),
    );
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
