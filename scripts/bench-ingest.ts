// `npm run bench:ingest`: residents' feedback figures, one JSON line each.
// 1. Ingest: batches of 500 usage events and ratings POSTed over real HTTP to the
//    real ingest route (token check, validation, one SQLite transaction per batch),
//    from several kiosks at once; each batch carries fresh ids. Prints events/s.
// 2. Reports: a year of events from 100 kiosks written into a fresh store, then
//    every report query the console makes, timed (median of 5).
//
// Options: --seconds S (ingest duration, default 10), --kiosks N (report data, default 100),
// --only ingest|reports (one half; the report data takes minutes to write).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Kiosk } from '../src/server/console/types';
import { createFeedback } from '../src/server/feedback/mount';
import { openSqliteFeedbackStore } from '../src/server/feedback/store/sqlite-feedback-store';
import type { IngestRow } from '../src/server/feedback/types';
import type { ConsoleStore } from '../src/server/console/console-store';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    kiosks: { type: 'string', default: '100' },
    only: { type: 'string' },
  },
});

const kiosk = (i: number): Kiosk => ({
  id: `kiosk-${i}`,
  hallId: 'hall-county',
  name: `kiosk ${i}`,
  createdAt: '2026-01-01T00:00:00Z',
  lastSeenAt: null,
  appVersion: null,
  cursor: null,
  storageUsed: null,
  storageQuota: null,
  lastError: null,
  onlineSince: null,
});
const noAudit = { appendAudit: async () => {} } as unknown as ConsoleStore;

async function benchIngest(seconds: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const kiosks = Array.from({ length: 8 }, (_, i) => kiosk(i));
  const feedback = createFeedback({
    dataDir: dir,
    consoleStore: noAudit,
    authenticate: async (token) => kiosks.find((k) => `token-of-${k.id}-0000000000` === token) ?? null,
    now: () => new Date(),
    rateLimit: { burst: 1e9, perMinute: 1e9 },
  });
  const app = new Hono();
  app.route('/api/kiosk', feedback.ingestRoutes());
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, port: info.port }));
  });
  const url = `http://127.0.0.1:${port}/api/kiosk/feedback`;
  const events = ['visit', 'screen', 'guide', 'fee', 'duty', 'search', 'qr'] as const;
  const batch = (k: Kiosk) => {
    const at = new Date().toISOString();
    return JSON.stringify({
      kioskId: k.id,
      sentAt: at,
      items: Array.from({ length: 500 }, (_, i) =>
        i % 50 === 0
          ? {
              id: randomUUID(),
              kind: 'rating',
              kioskId: k.id,
              at,
              level: (i % 5) + 1,
              subject: { type: 'guide', id: `guide-${i % 40}`, departmentId: 'dept-mz', title: '示例' },
            }
          : i % 25 === 1
            ? { id: randomUUID(), kind: 'usage', kioskId: k.id, at, event: 'search', results: 0, query: `词${i % 7}` }
            : { id: randomUUID(), kind: 'usage', kioskId: k.id, at, event: events[i % events.length], target: `guide-${i % 40}` },
      ),
    });
  };
  let stored = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    kiosks.slice(0, 4).map(async (k) => {
      while (Date.now() < deadline) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer token-of-${k.id}-0000000000` },
          body: batch(k),
        });
        const receipt = (await res.json()) as { stored: string[]; rejected: unknown[] };
        if (res.status !== 200 || receipt.rejected.length)
          throw new Error(`ingest failed: ${res.status} ${JSON.stringify(receipt).slice(0, 300)}`);
        stored += receipt.stored.length;
      }
    }),
  );
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(
    JSON.stringify({
      figure: 'ingest',
      eventsPerSecond: Math.round((stored / ms) * 1000),
      // Server and client share this process; per CPU second is the figure that other load on the machine does not skew.
      eventsPerCpuSecond: Math.round(stored / ((cpu.user + cpu.system) / 1e6)),
      events: stored,
      seconds: +(ms / 1000).toFixed(1),
      batchSize: 500,
      concurrentKiosks: 4,
    }),
  );
  await new Promise<void>((done) => server.close(() => done()));
  await feedback.close();
  rmSync(dir, { recursive: true, force: true });
}

/** A year of 100 kiosks, written as the ingest would write it (daily usage counts, ratings, cases). */
async function benchReports(kioskCount: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
  const store = openSqliteFeedbackStore({ dataDir: dir });
  const started = performance.now();
  let ratings = 0;
  let usageRows = 0;
  for (let d = 0; d < 365; d++) {
    const day = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    const rows: IngestRow[] = [];
    for (let k = 0; k < kioskCount; k++) {
      const kioskId = `kiosk-${k}`;
      const at = `${day}T02:00:00.000Z`;
      const counts = [
        { key: { event: 'visit', target: '' }, n: 150 + (k % 50) },
        { key: { event: 'search', target: '' }, n: 80 },
        ...Array.from({ length: 30 }, (_, g) => ({ key: { event: 'guide', target: `guide-${(g * 7 + k) % 300}` }, n: 1 + (g % 5) })),
        ...Array.from({ length: 5 }, (_, z) => ({ key: { event: 'search-zero', target: `没找到的词${(z + d) % 40}` }, n: 1 })),
        { key: { event: 'fee', target: '' }, n: 20 },
        { key: { event: 'duty', target: '' }, n: 15 },
      ];
      usageRows += counts.length;
      rows.push({ kind: 'usage', id: randomUUID(), kioskId, hallId: `hall-${k % 10}`, at, day, counts });
      for (let r = 0; r < 20; r++) {
        const level = ([5, 5, 5, 4, 4, 4, 3, 2, 5, 1] as const)[(r + k + d) % 10]!;
        const id = randomUUID();
        const rating = {
          id,
          kioskId,
          hallId: `hall-${k % 10}`,
          at,
          day,
          level,
          subjectType: (r % 3 === 0 ? 'official' : 'guide') as 'official' | 'guide',
          subjectId: r % 3 === 0 ? `official-${r % 20}` : `guide-${(r * 13 + k) % 300}`,
          subjectTitle: r % 3 === 0 ? `窗口 ${r % 20}` : `事项 ${(r * 13 + k) % 300}`,
          departmentId: `dept-${(r + k) % 12}`,
          reasons: [],
          text: '',
          phone: null,
        };
        const bad = level <= 2;
        rows.push({
          kind: 'rating',
          rating,
          case: bad
            ? {
                id: `case-${id}`,
                sourceKind: 'rating',
                sourceId: id,
                departmentId: rating.departmentId,
                hallId: rating.hallId,
                kioskId,
                openedAt: at,
                dueDate: day,
                dueAt: at,
                state: (d + r) % 3 === 0 ? 'closed' : 'pending',
                summary: '不满意',
                text: '',
                reasons: [],
                phone: null,
                rectification: '',
                reply: (d + r) % 2 ? '已答复' : '',
                callback: null,
                closedAt: (d + r) % 3 === 0 ? at : null,
                updatedAt: at,
              }
            : null,
        });
        ratings++;
      }
    }
    await store.ingest(rows, new Date().toISOString());
  }
  console.log(
    JSON.stringify({
      figure: 'report-data',
      kiosks: kioskCount,
      days: 365,
      ratings,
      usageRows,
      seconds: +((performance.now() - started) / 1000).toFixed(1),
    }),
  );

  const range = { from: '2026-01-01', to: '2026-12-31', departments: null };
  const scoped = { ...range, departments: ['dept-1', 'dept-2'] };
  const queries: [string, () => Promise<unknown>][] = [
    ['satisfaction by department', () => store.satisfaction('department', range)],
    ['satisfaction by service', () => store.satisfaction('service', range)],
    ['satisfaction by window', () => store.satisfaction('window', range)],
    ['satisfaction by month', () => store.satisfaction('month', range)],
    ['satisfaction by month, two departments', () => store.satisfaction('month', scoped)],
    ['case rates', () => store.caseRates({ ...range, now: new Date().toISOString() })],
    // The report page reads the sums (365 + 100 rows); the export reads every kiosk and day (36,500 rows).
    ['visits per day and per kiosk (page)', () => store.usageTotals({ ...range, event: 'visit' })],
    ['visits by kiosk and day (export)', () => store.usageByDay({ ...range, event: 'visit' })],
    ['guides opened per day and per kiosk (30 targets a kiosk-day)', () => store.usageTotals({ ...range, event: 'guide' })],
    ['top guides', () => store.topTargets({ ...range, event: 'guide', limit: 20 })],
    ['zero-result searches', () => store.topTargets({ ...range, event: 'search-zero', limit: 100 })],
    ['open cases list', () => store.listCases({ departments: null, state: 'pending', limit: 500 })],
  ];
  for (const [name, run] of queries) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ figure: 'report-query', query: name, medianMs: +times[2]!.toFixed(1), maxMs: +times[4]!.toFixed(1) }));
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

if (args.only !== undefined && args.only !== 'ingest' && args.only !== 'reports') throw new Error('--only must be ingest or reports');
if (args.only !== 'reports') await benchIngest(Number(args.seconds));
if (args.only !== 'ingest') await benchReports(Number(args.kiosks));
