// `npm run sim:fleet -- --kiosks 100000`: a province's fleet polling the feed through nginx (proxy_cache)
// in front of the origin, all on this machine. Simulated kiosks run in child processes
// (scripts/sim-fleet-worker.ts) with the kiosk's own feed client and backoff. Phases:
//   warm-up (first polls spread over one interval) → steady polling → a publish (reach curve) →
//   an outage (origin and nginx stop; kiosks fail and back off) → recovery (both back, the cache cold).
// Prints one JSON line per figure and writes docs/sim-fleet-reach.svg and docs/sim-fleet-origin.svg.
//
// Options: --kiosks N (100000) --interval S (poll interval, 30) --steady S (60) --reach S (2.5 intervals)
// --outage S (20) --recovery S (60) --processes N (2) --max-in-flight N (per process, 256) --no-svg
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startServer, type RunningServer } from '../src/server/app';
import type { Notice } from '../src/shared/content';
import { cachingProxyConfig, startNginx } from './nginx/nginx-process';
import type { PhaseStats, WorkerReport, WorkerStart } from './sim-fleet-worker';

const { values: args } = parseArgs({
  options: {
    kiosks: { type: 'string', default: '100000' },
    interval: { type: 'string', default: '30' },
    steady: { type: 'string', default: '60' },
    reach: { type: 'string' },
    outage: { type: 'string', default: '20' },
    recovery: { type: 'string', default: '60' },
    processes: { type: 'string', default: '2' },
    'max-in-flight': { type: 'string', default: '256' },
    'no-svg': { type: 'boolean', default: false },
  },
});
function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`sim:fleet: --${name} must be a positive number (got "${raw}")`);
    process.exit(1);
  }
  return value;
}
const kioskCount = Math.round(positive('kiosks', args.kiosks));
const intervalSeconds = positive('interval', args.interval);
const steadySeconds = positive('steady', args.steady);
const reachSeconds = args.reach ? positive('reach', args.reach) : 2.5 * intervalSeconds;
const outageSeconds = positive('outage', args.outage);
const recoverySeconds = positive('recovery', args.recovery);
const processes = Math.round(positive('processes', args.processes));
const maxInFlight = Math.round(positive('max-in-flight', args['max-in-flight']));

const ROOT = resolve(import.meta.dirname, '..');
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));

// ------------------------------------------------------------------ the origin, with its requests counted

/** Origin requests per wall-clock second (the server logs one 'request' line per answer). */
const originPerSecond = new Map<number, number>();
const counter = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n'))
      if (line.includes('"msg":"request"')) {
        const second = Math.floor(Date.now() / 1000);
        originPerSecond.set(second, (originPerSecond.get(second) ?? 0) + 1);
      }
    done();
  },
});
const dataDir = mkdtempSync(join(tmpdir(), 'shk-sim-fleet-'));
const startOrigin = (port = 0) =>
  startServer({ dataDir, port, host: '127.0.0.1', seedDemo: true, staticDir: dataDir, logger: pino({ level: 'info' }, counter) });
let origin: RunningServer = await startOrigin();
const originPort = origin.port;
let nginx = await startNginx(cachingProxyConfig(origin.url), { workerConnections: 8192 });
const nginxPort = nginx.port;
const halls = (await origin.store.listRecords('hall')).map((h) => h.id);
const startCursor = (await origin.store.position()).seq;
const publicKey = origin.publicKey;

// ------------------------------------------------------------------ the simulated fleet

const workers: ChildProcess[] = [];
for (let p = 0; p < processes; p++) {
  const child = fork(join(ROOT, 'scripts/sim-fleet-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((ready) => child.once('message', () => ready()));
  const share = Math.floor(kioskCount / processes) + (p < kioskCount % processes ? 1 : 0);
  const start: WorkerStart = {
    type: 'start',
    feedUrl: `${nginx.url}/`,
    publicKey,
    halls,
    kiosks: share,
    intervalSeconds,
    cursor: startCursor,
    maxInFlight,
  };
  child.send(start);
  workers.push(child);
}
const marks: Record<string, number> = {};
const phase = (name: string) => {
  marks[name] = Date.now();
  for (const w of workers) w.send({ type: 'phase', name });
};

phase('warmup');
await sleep(intervalSeconds);
phase('steady');
await sleep(steadySeconds);
phase('publish');
const notice: Notice = {
  id: `notice-sim-${Date.now()}`,
  type: 'notice',
  version: 1,
  updatedAt: new Date().toISOString(),
  scope: 'global',
  title: '模拟发布：全省终端应在两个轮询周期内收到',
  format: 'plain',
  body: '模拟数据。',
  priority: 'normal',
  departmentId: null,
  publishAt: '2020-01-01T00:00:00+08:00',
  expiresAt: null,
};
const publishedAt = Date.now();
await origin.store.publish([{ op: 'put', record: notice }]);
await sleep(reachSeconds);
// The whole site goes away (origin and cache): every kiosk fails and backs off; then both come back,
// the cache cold, and the herd meets the origin through it.
phase('outage');
await nginx.stop();
await origin.close();
await sleep(outageSeconds);
origin = await startOrigin(originPort);
nginx = await startNginx(cachingProxyConfig(origin.url), { workerConnections: 8192, port: nginxPort });
phase('recovery');
const restartedAt = Date.now();
await sleep(recoverySeconds);
const endedAt = Date.now();

const reports = await Promise.all(
  workers.map(
    (w) =>
      new Promise<WorkerReport>((done) => {
        w.once('message', (m: WorkerReport) => done(m));
        w.send({ type: 'finish' });
      }),
  ),
);
await nginx.stop();
await origin.close();
rmSync(dataDir, { recursive: true, force: true });

// ------------------------------------------------------------------ figures

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const phaseEnds: Record<string, number> = {
  warmup: marks.steady!,
  steady: marks.publish!,
  publish: marks.outage!,
  outage: marks.recovery!,
  recovery: endedAt,
};

function originRequests(from: number, to: number): { total: number; peak: number } {
  let total = 0;
  let peak = 0;
  for (let s = Math.floor(from / 1000); s < Math.floor(to / 1000); s++) {
    const n = originPerSecond.get(s) ?? 0;
    total += n;
    peak = Math.max(peak, n);
  }
  return { total, peak };
}

for (const name of ['steady', 'publish', 'outage', 'recovery']) {
  const merged: PhaseStats = { requests: 0, notModified: 0, errors: 0, bytes: 0, latencies: [] };
  for (const r of reports) {
    const s = r.phases[name];
    if (!s) continue;
    merged.requests += s.requests;
    merged.notModified += s.notModified;
    merged.errors += s.errors;
    merged.bytes += s.bytes;
    for (const l of s.latencies) merged.latencies.push(l);
  }
  const seconds = (phaseEnds[name]! - marks[name]!) / 1000;
  const sorted = merged.latencies.sort((a, b) => a - b);
  const o = originRequests(marks[name]!, phaseEnds[name]!);
  emit({
    phase: name,
    kiosks: kioskCount,
    intervalSeconds,
    seconds: round(seconds),
    kioskRequestsPerSecond: round(merged.requests / seconds),
    targetRequestsPerSecond: round(kioskCount / intervalSeconds),
    notModifiedShare: round(merged.notModified / Math.max(1, merged.requests), 3),
    errors: merged.errors,
    headP50Ms: round(percentile(sorted, 50)),
    headP99Ms: round(percentile(sorted, 99)),
    bytesPerSecond: Math.round(merged.bytes / seconds),
    originRequestsPerSecond: round(o.total / seconds),
    originPeakPerSecond: o.peak,
  });
}

const reach = reports
  .flatMap((r) => r.reachedAt)
  .map((t) => (t === null ? Number.POSITIVE_INFINITY : (t - publishedAt) / 1000))
  .sort((a, b) => a - b);
const reached = reach.filter(Number.isFinite);
emit({
  figure: 'reach',
  kiosks: kioskCount,
  intervalSeconds,
  reachedShare: round(reached.length / kioskCount, 4),
  p50Seconds: round(percentile(reach, 50)),
  p99Seconds: round(percentile(reach, 99)),
  p100Seconds: round(percentile(reach, 100)),
  within2IntervalsShare: round(reach.filter((s) => s <= 2 * intervalSeconds).length / kioskCount, 4),
});
const recovered = reports
  .flatMap((r) => r.recoveredAt)
  .filter((t): t is number => t !== null)
  .map((t) => (t - restartedAt) / 1000)
  .sort((a, b) => a - b);
emit({
  figure: 'outage-recovery',
  outageSeconds,
  kiosksBackingOffAtRestart: recovered.length,
  recoveredP50Seconds: round(percentile(recovered, 50)),
  recoveredP99Seconds: round(percentile(recovered, 99)),
  recoveredP100Seconds: round(percentile(recovered, 100)),
  originPeakPerSecondAfterRestart: originRequests(restartedAt, endedAt).peak,
});

// ------------------------------------------------------------------ plots (hand-made SVG: two line charts)

function lineChart(o: {
  title: string;
  xLabel: string;
  yLabel: string;
  points: [number, number][];
  xMax: number;
  yMax: number;
  marks?: { x: number; label: string }[];
}): string {
  const W = 720;
  const H = 360;
  const L = 64;
  const R = 20;
  const T = 40;
  const B = 52;
  const x = (v: number) => L + (v / o.xMax) * (W - L - R);
  const y = (v: number) => H - B - (v / o.yMax) * (H - T - B);
  const path = o.points.map(([a, b], i) => `${i === 0 ? 'M' : 'L'}${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ');
  const ticks = (max: number) => Array.from({ length: 6 }, (_, i) => (max * i) / 5);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>
${ticks(o.xMax)
  .map(
    (v) =>
      `<line x1="${x(v)}" x2="${x(v)}" y1="${T}" y2="${H - B}" stroke="#eee"/><text x="${x(v)}" y="${H - B + 16}" text-anchor="middle">${round(v)}</text>`,
  )
  .join('\n')}
${ticks(o.yMax)
  .map(
    (v) =>
      `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${round(v)}</text>`,
  )
  .join('\n')}
<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/>
${(o.marks ?? [])
  .map(
    (m) =>
      `<line x1="${x(m.x)}" x2="${x(m.x)}" y1="${T}" y2="${H - B}" stroke="#c33" stroke-dasharray="4 3"/><text x="${x(m.x) > W - 120 ? x(m.x) - 4 : x(m.x) + 4}" y="${T + 12}" fill="#c33" text-anchor="${x(m.x) > W - 120 ? 'end' : 'start'}">${esc(m.label)}</text>`,
  )
  .join('\n')}
<path d="${path}" fill="none" stroke="#1558b0" stroke-width="2"/>
<text x="${(L + W - R) / 2}" y="${H - 14}" text-anchor="middle">${esc(o.xLabel)}</text>
<text x="16" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(T + H - B) / 2})">${esc(o.yLabel)}</text>
</svg>
`;
}

if (!args['no-svg']) {
  const step = Math.max(1, Math.floor(reach.length / 400));
  const points: [number, number][] = [[0, 0]];
  reach.forEach((s, i) => {
    if (Number.isFinite(s) && (i % step === 0 || i === reached.length - 1)) points.push([s, ((i + 1) / kioskCount) * 100]);
  });
  const xMax = Math.max(2 * intervalSeconds, ...reached) * 1.05;
  points.push([xMax, (reached.length / kioskCount) * 100]);
  writeFileSync(
    join(ROOT, 'docs/sim-fleet-reach.svg'),
    lineChart({
      title: `Reach after a publish: ${kioskCount.toLocaleString('en')} kiosks, poll every ${intervalSeconds} s, through nginx proxy_cache`,
      xLabel: 'seconds after the publish',
      yLabel: '% of kiosks holding it',
      points,
      xMax,
      yMax: 100,
      marks: [
        { x: intervalSeconds, label: '1 interval' },
        { x: 2 * intervalSeconds, label: '2 intervals' },
      ],
    }),
  );
  const t0 = marks.steady!;
  const series: [number, number][] = [];
  for (let s = Math.floor(t0 / 1000); s < Math.floor(endedAt / 1000); s++)
    series.push([s - Math.floor(t0 / 1000), originPerSecond.get(s) ?? 0]);
  writeFileSync(
    join(ROOT, 'docs/sim-fleet-origin.svg'),
    lineChart({
      title: `Origin requests per second behind nginx (${kioskCount.toLocaleString('en')} kiosks)`,
      xLabel: 'seconds since steady polling began',
      yLabel: 'origin requests / s',
      points: series,
      xMax: Math.max(1, series.length),
      yMax: Math.max(10, ...series.map(([, n]) => n)) * 1.1,
      marks: [
        { x: (publishedAt - t0) / 1000, label: 'publish' },
        { x: (marks.outage! - t0) / 1000, label: 'origin down' },
        { x: (restartedAt - t0) / 1000, label: 'back' },
      ],
    }),
  );
  console.error('sim:fleet: wrote docs/sim-fleet-reach.svg and docs/sim-fleet-origin.svg');
}
process.exit(0);
