// A share of the simulated fleet for `npm run sim:fleet` (started by scripts/sim-fleet.ts, one per core).
// Each simulated kiosk is a few numbers (hall, cursor, ETag, failures); its polls run the kiosk's own feed
// client (src/kiosk/sync/feed-client.ts: the head's signature, hall, epoch and expiry are verified on every
// 200) and its own backoff (src/kiosk/sync/backoff.ts). Kiosks of one hall share one client object (it
// holds no per-kiosk state in live mode); a changes page is fetched and verified once per process per
// (hall, cursor, head) and shared, since every kiosk would get the same bytes.
import { createFeedClient, HttpStatusError, type FeedClient } from '../src/kiosk/sync/feed-client';
import { backoffDelayMs, pollDelayMs } from '../src/kiosk/sync/backoff';
import type { ChangesPage } from '../src/shared/feed/protocol';
import type { KioskConfig } from '../src/shared/kiosk-config';
import { createServerClock } from '../src/shared/time/server-clock';

export interface WorkerStart {
  type: 'start';
  feedUrl: string;
  publicKey: string;
  halls: string[];
  kiosks: number;
  intervalSeconds: number;
  cursor: number;
  maxInFlight: number;
}

export interface PhaseStats {
  requests: number;
  notModified: number;
  errors: number;
  bytes: number;
  latencies: number[];
}

export interface WorkerReport {
  type: 'report';
  phases: Record<string, PhaseStats>;
  /** Wall-clock ms at which each kiosk first held a cursor past the start cursor (null: never). */
  reachedAt: (number | null)[];
  /** Wall-clock ms of each kiosk's first successful poll after the outage began (null: none). */
  recoveredAt: (number | null)[];
}

type Message = WorkerStart | { type: 'phase'; name: string } | { type: 'finish' };

interface Kiosk {
  hall: number;
  cursor: number;
  etag: string | null;
  failures: number;
}

const SLOT_MS = 50;

let phase = 'warmup';
const phases: Record<string, PhaseStats> = {};
const stats = () => (phases[phase] ??= { requests: 0, notModified: 0, errors: 0, bytes: 0, latencies: [] });

function run(start: WorkerStart) {
  const countingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    stats().bytes += Number(res.headers.get('Content-Length') ?? 0);
    return res;
  };
  const clients: FeedClient[] = start.halls.map((hallId) => {
    const config: KioskConfig = {
      kioskId: `sim-${hallId}`,
      hallId,
      feedUrl: start.feedUrl,
      feedPublicKey: start.publicKey,
      pollIntervalSeconds: start.intervalSeconds,
      idleTimeoutSeconds: 90,
      languages: ['zh-Hans'],
      staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
      theme: 'default',
    };
    return createFeedClient({ config, fetch: countingFetch, clock: createServerClock(), now: Date.now });
  });
  const kiosks: Kiosk[] = Array.from({ length: start.kiosks }, (_, i) => ({
    hall: i % start.halls.length,
    cursor: start.cursor,
    etag: null,
    failures: 0,
  }));
  const reachedAt: (number | null)[] = kiosks.map(() => null);
  const recoveredAt: (number | null)[] = kiosks.map(() => null);
  const pages = new Map<string, Promise<ChangesPage>>();

  // A timing wheel of 50 ms slots instead of one timer per kiosk.
  const slots = new Map<number, number[]>();
  let waiting: number[] = [];
  let next = 0;
  let inFlight = 0;
  const schedule = (i: number, delayMs: number) => {
    const slot = Math.floor((Date.now() + delayMs) / SLOT_MS);
    let list = slots.get(slot);
    if (!list) slots.set(slot, (list = []));
    list.push(i);
  };
  const interval = start.intervalSeconds * 1000;
  // First polls spread over one interval, as kiosks switched on through a morning would be.
  kiosks.forEach((_, i) => schedule(i, Math.random() * interval));

  async function poll(i: number) {
    const k = kiosks[i]!;
    const client = clients[k.hall]!;
    const s = stats();
    const started = performance.now();
    s.requests++;
    try {
      const result = await client.head(k.etag);
      s.latencies.push(performance.now() - started);
      if (!result.changed) s.notModified++;
      else {
        if (result.head.expiresAtMs <= Date.now()) throw new Error('expired head');
        k.etag = result.etag;
        while (k.cursor < result.head.seq) {
          const key = `${k.hall}|${k.cursor}|${result.head.seq}`;
          let page = pages.get(key);
          if (!page) {
            page = client.changes(k.cursor, 500);
            pages.set(key, page);
            page.catch(() => pages.delete(key));
          }
          const p = await page;
          if (p.to <= k.cursor) break;
          k.cursor = p.to;
          if (!p.hasMore) break;
        }
        if (k.cursor > start.cursor && reachedAt[i] === null) reachedAt[i] = Date.now();
      }
      if (phase === 'recovery' && recoveredAt[i] === null && k.failures > 0) recoveredAt[i] = Date.now();
      k.failures = 0;
      schedule(i, pollDelayMs(start.intervalSeconds, Math.random));
    } catch (error) {
      s.latencies.push(performance.now() - started);
      s.errors++;
      k.failures++;
      const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs : null;
      schedule(i, retryAfter ?? backoffDelayMs(k.failures, Math.random));
    }
  }

  const pump = () => {
    while (inFlight < start.maxInFlight && next < waiting.length) {
      const i = waiting[next++]!;
      inFlight++;
      void poll(i).finally(() => {
        inFlight--;
        pump();
      });
    }
  };
  let lastSlot = Math.floor(Date.now() / SLOT_MS);
  const wheel = setInterval(() => {
    const now = Math.floor(Date.now() / SLOT_MS);
    for (let slot = lastSlot; slot <= now; slot++) {
      const due = slots.get(slot);
      if (due) {
        slots.delete(slot);
        for (const i of due) waiting.push(i);
      }
    }
    lastSlot = now + 1;
    if (next > 10_000) {
      waiting = waiting.slice(next);
      next = 0;
    }
    pump();
  }, SLOT_MS);

  return () => {
    clearInterval(wheel);
    const report: WorkerReport = { type: 'report', phases, reachedAt, recoveredAt };
    return report;
  };
}

let finish: (() => WorkerReport) | null = null;
process.on('message', (message: Message) => {
  if (message.type === 'start') finish = run(message);
  else if (message.type === 'phase') phase = message.name;
  else if (message.type === 'finish' && finish) {
    // Latencies are many: send a sample of at most 200,000 per phase (enough for a p99).
    const report = finish();
    for (const s of Object.values(report.phases))
      if (s.latencies.length > 200_000) s.latencies = s.latencies.filter((_, i) => i % Math.ceil(s.latencies.length / 200_000) === 0);
    process.send!(report, () => process.exit(0));
  }
});
process.send!({ type: 'ready' });
