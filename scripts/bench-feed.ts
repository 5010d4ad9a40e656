// `npm run bench:feed`: feed server figures, one JSON line each.
// The server runs in a child process so that autocannon (here) and the server
// (there) each get a core, as they would on two machines.
//
// Options: --guides N --fees N --officials N (default 5000/20000/500), --duration S (autocannon seconds,
// default 10), --demo (use the small demo dataset instead of the scaled one, for a quick run).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import pino from 'pino';
import { seedDataset, startServer, type Dataset } from '../src/server/app';
import { buildDemoDataset } from '../src/server/demo/index';
import { buildScaledDataset } from '../src/server/demo/scale';
import { openSqliteStore } from '../src/server/store/sqlite-store';
import type { FeeItem } from '../src/shared/content';

interface CannonResult {
  requests: { average: number };
  latency: { p99: number };
  errors: number;
  statusCodeStats: Record<string, { count: number }>;
}
// autocannon ships no types; this is the part of its API the benchmark uses.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  headers: Record<string, string>;
  duration: number;
  connections: number;
  pipelining: number;
}) => Promise<CannonResult>;

const { values: args } = parseArgs({
  options: {
    serve: { type: 'string' },
    guides: { type: 'string', default: '5000' },
    fees: { type: 'string', default: '20000' },
    officials: { type: 'string', default: '500' },
    duration: { type: 'string', default: '10' },
    demo: { type: 'boolean', default: false },
  },
});

if (args.serve) {
  // Child mode: serve an already seeded data dir until killed.
  const server = await startServer({ dataDir: args.serve, port: 0, host: '127.0.0.1', seedDemo: false, logger: pino({ level: 'silent' }) });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
} else {
  await runBenchmarks();
}

function figure(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ bench: 'feed', figure: name, value: Math.round(value * 100) / 100, unit, ...extra }));
}

function wholeNumber(name: 'guides' | 'fees' | 'officials' | 'duration'): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number of at least 1 (got ${JSON.stringify(args[name])})`);
    process.exit(2);
  }
  return n;
}

function loadDataset(counts: { guides: number; fees: number; officials: number }, now: Date): Dataset {
  return args.demo ? buildDemoDataset(now) : buildScaledDataset(counts, now);
}

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

function rawResponseBytes(url: string, path: string, headers: Record<string, string>): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let bytes = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      bytes = Buffer.concat([bytes, d]);
      if (bytes.includes('\r\n\r\n')) socket.end();
    });
    socket.on('end', () => resolve(bytes.byteLength));
    socket.on('error', reject);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`,
    );
  });
}

async function cannon(url: string, headers: Record<string, string>, duration: number, connections: number) {
  const result = await autocannon({ url, headers, duration, connections, pipelining: 1 });
  return {
    perSecond: result.requests.average,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    latencyP99: result.latency.p99,
    errors: result.errors,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runBenchmarks() {
  const counts = { guides: wholeNumber('guides'), fees: wholeNumber('fees'), officials: wholeNumber('officials') };
  const duration = wholeNumber('duration');
  const dataDir = mkdtempSync(join(tmpdir(), 'shk-bench-feed-'));
  let child: ChildProcess | undefined;
  try {
    const now = new Date();
    const built = performance.now();
    const dataset = loadDataset(counts, now);
    figure('dataset build', performance.now() - built, 'ms', {
      records: dataset.records.length,
      media: dataset.media.length,
      ...(args.demo ? { dataset: 'demo' } : counts),
    });

    const seeding = openSqliteStore({ dataDir });
    const seeded = performance.now();
    await seedDataset(seeding, dataset, now);
    figure('seed publish (one transaction)', performance.now() - seeded, 'ms', { records: dataset.records.length });
    await seeding.close();

    const started = await startChild(dataDir);
    child = started.child;
    const url = started.url;
    const hall = 'hall-county';

    // Snapshot: cold (built, signed and gzipped on this request) and warm (cached bytes).
    for (const kind of ['cold', 'warm'] as const) {
      const t = performance.now();
      const res = await fetch(`${url}/feed/v1/snapshot?hall=${hall}`, { headers: { 'Accept-Encoding': 'gzip' } });
      const body = Buffer.from(await res.arrayBuffer());
      const ms = performance.now() - t;
      figure(`snapshot ${kind} time`, ms, 'ms', { hall, target: kind === 'cold' ? '< 2000 ms' : undefined });
      if (kind === 'cold') {
        figure('snapshot uncompressed bytes', Number(res.headers.get('x-uncompressed-length')), 'bytes', {
          records: (JSON.parse(body.toString('utf8')) as { count: number }).count,
        });
        const gz = await new Promise<number>((resolve) => {
          import('node:http').then(({ request }) =>
            request(`${url}/feed/v1/snapshot?hall=${hall}`, { headers: { 'Accept-Encoding': 'gzip' } }, (r) => {
              let n = 0;
              r.on('data', (d: Buffer) => (n += d.byteLength));
              r.on('end', () => resolve(n));
            }).end(),
          );
        });
        figure('snapshot gzip bytes on the wire', gz, 'bytes');
      }
    }

    // Head polls with ETag hits.
    const head = await fetch(`${url}/feed/v1/head?hall=${hall}`);
    const etag = head.headers.get('etag')!;
    await head.arrayBuffer();
    figure('head 304 bytes on the wire', await rawResponseBytes(url, `/feed/v1/head?hall=${hall}`, { 'If-None-Match': etag }), 'bytes', {
      target: '< 300',
    });
    const polls = await cannon(`${url}/feed/v1/head?hall=${hall}`, { 'If-None-Match': etag }, duration, 50);
    figure('head polls per second (ETag hit, 304)', polls.perSecond, 'req/s', {
      connections: 50,
      statusCodes: polls.statusCodes,
      p99ms: polls.latencyP99,
      errors: polls.errors,
      target: '>= 5000',
    });

    // Full pages of 500 changes, generated on every request (no server-side page cache).
    // A kiosk catching up from zero: every page rendered for the first time (nothing cached yet),
    // gzip-encoded as a browser would ask for it.
    let cursor = 0;
    let walked = 0;
    let records = 0;
    const walkStart = performance.now();
    for (;;) {
      const page = (await (
        await fetch(`${url}/feed/v1/changes?since=${cursor}&limit=500&hall=${hall}`, { headers: { 'Accept-Encoding': 'gzip' } })
      ).json()) as { to: number; hasMore: boolean; changes: unknown[] };
      walked += 1;
      records += page.changes.length;
      cursor = page.to;
      if (!page.hasMore) break;
    }
    const walkSeconds = (performance.now() - walkStart) / 1000;
    figure('changes pages per second, first rendering (limit=500, one client walking the log)', walked / walkSeconds, 'pages/s', {
      pages: walked,
      records,
      recordsPerSecond: Math.round(records / walkSeconds),
    });

    // Many kiosks asking for the same full page: served from the server's immutable-page cache.
    const pagePath = `/feed/v1/changes?since=0&limit=500&hall=${hall}`;
    const sample = await fetch(url + pagePath);
    const sampleBytes = (await sample.arrayBuffer()).byteLength;
    const gzipPageBytes = await new Promise<number>((resolve) => {
      void import('node:http').then(({ request }) =>
        request(url + pagePath, { headers: { 'Accept-Encoding': 'gzip' } }, (r) => {
          let n = 0;
          r.on('data', (d: Buffer) => (n += d.byteLength));
          r.on('end', () => resolve(n));
        }).end(),
      );
    });
    figure('changes page bytes (limit=500): JSON / gzip on the wire', sampleBytes, 'bytes', { gzipBytes: gzipPageBytes });
    const pages = await cannon(url + pagePath, {}, duration, 10);
    figure('changes pages per second, same full page (limit=500, cached, identity encoding)', pages.perSecond, 'pages/s', {
      connections: 10,
      pageBytes: sampleBytes,
      statusCodes: pages.statusCodes,
      p99ms: pages.latencyP99,
    });

    // Publish latency of a 10-record publish, from another connection to the same file (as the console would).
    const store = openSqliteStore({ dataDir });
    const template = (await store.listRecords<FeeItem>('fee'))[0]!;
    const latencies: number[] = [];
    for (let round = 0; round < 100; round++) {
      const changes = Array.from({ length: 10 }, (_, i) => ({
        op: 'put' as const,
        record: { ...template, id: `bench-fee-${round}-${i}`, amount: { kind: 'fixed' as const, fen: round * 10 + i } },
      }));
      const t = performance.now();
      await store.publish(changes, { actor: 'bench' });
      latencies.push(performance.now() - t);
    }
    await store.close();
    latencies.sort((a, b) => a - b);
    figure('publish latency p50 (10 records)', percentile(latencies, 50), 'ms', { rounds: latencies.length });
    figure('publish latency p95 (10 records)', percentile(latencies, 95), 'ms', { rounds: latencies.length });
  } finally {
    child?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
