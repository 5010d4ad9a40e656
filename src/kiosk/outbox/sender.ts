/**
 * Sends the outbox to the server in batches, each item keyed by its own id,
 * so a batch that was stored but whose answer was lost is simply stored
 * nothing the second time. Runs in the page (no Background Sync); backs off
 * exponentially with full jitter after failures and honours Retry-After, so a
 * county coming back online does not hammer the server at once.
 */
import type { BatchReceipt } from '../../shared/feedback';
import type { Outbox } from './outbox-store';

export interface SenderOptions {
  outbox: Outbox;
  url: string;
  token: string;
  kioskId: string;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often to look for new items when everything is sent. */
  idleDelayMs?: number;
  timeoutMs?: number;
  onStatus?: (status: SenderStatus) => void;
}

export interface SenderStatus {
  lastSentAt: number | null;
  lastError: string | null;
  failures: number;
}

export type SendResult =
  { kind: 'empty' } | { kind: 'sent'; receipt: BatchReceipt } | { kind: 'failed'; retryAfterMs: number | null; error: string };

export function createSender(options: SenderOptions) {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const random = options.random ?? Math.random;
  const base = options.baseDelayMs ?? 2_000;
  const cap = options.maxDelayMs ?? 5 * 60_000;
  let batchSize = options.batchSize ?? 200;
  const status: SenderStatus = { lastSentAt: null, lastError: null, failures: 0 };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let inFlight: Promise<SendResult> | null = null;

  async function sendOnce(): Promise<SendResult> {
    const items = await options.outbox.takeBatch(batchSize);
    if (!items.length) return { kind: 'empty' };
    const controller = new AbortController();
    const abort = setTimeout(() => controller.abort(), options.timeoutMs ?? 20_000);
    try {
      const res = await doFetch(options.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body: JSON.stringify({ kioskId: options.kioskId, sentAt: new Date((options.now ?? Date.now)()).toISOString(), items }),
        signal: controller.signal,
      });
      if (res.status === 413 && batchSize > 1) {
        batchSize = Math.max(1, Math.floor(batchSize / 2));
        return { kind: 'failed', retryAfterMs: 0, error: 'batch too large: halved' };
      }
      if (!res.ok) {
        const retryAfter = Number(res.headers.get('retry-after'));
        return {
          kind: 'failed',
          retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
          error: `HTTP ${res.status}`,
        };
      }
      const receipt = (await res.json()) as BatchReceipt;
      await options.outbox.acknowledge([...receipt.stored, ...receipt.duplicates]);
      await options.outbox.setAside(receipt.rejected.filter((r) => r.id).map((r) => ({ id: r.id!, problems: r.problems })));
      return { kind: 'sent', receipt };
    } catch (err) {
      return { kind: 'failed', retryAfterMs: null, error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(abort);
    }
  }

  /** Full jitter: a random wait in [0, min(cap, base·2^failures)], so retries of many kiosks spread out. */
  const backoff = (failures: number) => Math.round(random() * Math.min(cap, base * 2 ** Math.min(failures, 20)));

  async function tick() {
    timer = null;
    if (!running) return;
    inFlight = sendOnce();
    const result = await inFlight;
    inFlight = null;
    let delay: number;
    if (result.kind === 'sent') {
      status.failures = 0;
      status.lastError = null;
      status.lastSentAt = (options.now ?? Date.now)();
      delay = 0;
    } else if (result.kind === 'empty') {
      delay = options.idleDelayMs ?? 15_000;
    } else {
      status.failures++;
      status.lastError = result.error;
      delay = Math.max(result.retryAfterMs ?? 0, backoff(status.failures));
    }
    options.onStatus?.({ ...status });
    if (running) timer = setTimeout(() => void tick(), delay);
  }

  return {
    sendOnce,
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(() => void tick(), 0);
    },
    /** Try now (an item was just added, or the network came back), unless a send is under way. */
    nudge() {
      if (!running || inFlight) return;
      if (timer) clearTimeout(timer);
      // A nudge does not cut short a back-off after failures: the server may be struggling.
      timer = setTimeout(() => void tick(), status.failures > 0 ? backoff(status.failures) : 0);
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    status: () => ({ ...status }),
  };
}
