/**
 * Page side of the snapshot pipeline: hands the downloaded body to the
 * snapshot worker (transferred, not copied) and turns its messages into the
 * event stream the store stages from. Where no Worker can be started (vitest,
 * a browser without module workers, a worker script that fails to load) the
 * same preparation runs on the main thread in slices.
 */
import type { SnapshotBlockEvent } from '../store/snapshot-blocks';
import { prepareSnapshot, type PrepareEvent } from './snapshot-prepare';
import { FeedRejectedError, type SignatureHeaders } from './verify';

export interface SnapshotJob {
  body: ArrayBuffer;
  signature: SignatureHeaders;
  publicKey: string;
  emulatedSlowdown: number;
}

export type WorkerReply =
  | PrepareEvent
  | { kind: 'ready' }
  | { kind: 'finished' }
  | { kind: 'error'; reason: FeedRejectedError['reason'] | null; message: string };

/**
 * Benchmarks only: Chromium's CDP CPU throttling slows the page's main thread but not its workers. A
 * harness that throttles the page sets `globalThis.shkWorkerCpuSlowdown` to the same rate, so the
 * worker's share of a snapshot is slowed alike and the figure stays honest.
 */
export const WORKER_SLOWDOWN_GLOBAL = 'shkWorkerCpuSlowdown';

const WORKER_START_TIMEOUT_MS = 15_000;
const MAIN_THREAD_SLICE_MS = 30;

/** A minimal single-consumer async queue. */
class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private failure: { error: unknown } | null = null;
  private ended = false;
  onCancel: (() => void) | null = null;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }
  fail(error: unknown): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async () => {
        for (;;) {
          if (this.items.length > 0) return { done: false, value: this.items.shift()! };
          if (this.failure) throw this.failure.error;
          if (this.ended) return { done: true, value: undefined };
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = null;
        }
      },
      return: async () => {
        this.ended = true;
        this.onCancel?.();
        return { done: true, value: undefined };
      },
    };
  }
}

function stageMark(stage: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(`shk:snapshot-${stage}`);
}

/**
 * Verifies, parses and validates a snapshot body and yields store blocks. The iteration throws
 * FeedRejectedError on a bad signature or record; nothing it yielded before is visible until the store's
 * final switch, which happens only after the iteration ended cleanly.
 */
export function snapshotBlockSource(body: Uint8Array, signature: SignatureHeaders, publicKey: string, options: { useWorker?: boolean } = {}): AsyncIterable<SnapshotBlockEvent> {
  const queue = new EventQueue<SnapshotBlockEvent>();
  const accept = (event: PrepareEvent) => {
    if (event.kind === 'stage') stageMark(event.stage);
    else queue.push(event);
  };
  const onMainThread = () =>
    prepareSnapshot(body, signature, publicKey, accept, {
      // Hand the thread back between slices: the progress bar paints and the store commits staged blocks.
      betweenSlices: (busyMs) => (busyMs >= MAIN_THREAD_SLICE_MS ? new Promise<void>((resolve) => setTimeout(resolve, 0)) : undefined),
    }).then(
      () => queue.end(),
      (err: unknown) => queue.fail(err),
    );

  if (options.useWorker === false || typeof Worker === 'undefined') {
    void onMainThread();
    return queue;
  }
  void startWorker().then((worker) => {
    if (!worker) return void onMainThread();
    queue.onCancel = () => worker.terminate();
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.kind === 'finished') {
        worker.terminate();
        queue.end();
      } else if (reply.kind === 'error') {
        worker.terminate();
        queue.fail(reply.reason ? new FeedRejectedError(reply.reason, reply.message) : new Error(`快照处理失败：${reply.message}`));
      } else if (reply.kind !== 'ready') accept(reply);
    };
    worker.onerror = (event) => {
      worker.terminate();
      queue.fail(new Error(`快照处理失败：${event.message || '后台线程出错'}`));
    };
    const slowdown = Number((globalThis as Record<string, unknown>)[WORKER_SLOWDOWN_GLOBAL] ?? 1);
    // The body is transferred, not copied: the page does not need it any more.
    const buffer = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? (body.buffer as ArrayBuffer) : (body.slice().buffer as ArrayBuffer);
    const job: SnapshotJob = { body: buffer, signature, publicKey, emulatedSlowdown: Number.isFinite(slowdown) ? slowdown : 1 };
    worker.postMessage(job, [buffer]);
  });
  return queue;
}

/** Starts the worker and waits for it to load; null when it cannot (the caller falls back to the main thread). */
function startWorker(): Promise<Worker | null> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./snapshot-worker.ts', import.meta.url), { type: 'module', name: 'shk-snapshot' });
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => settle(false), WORKER_START_TIMEOUT_MS);
    const settle = (ok: boolean) => {
      clearTimeout(timer);
      worker.onmessage = null;
      worker.onerror = null;
      if (!ok) worker.terminate();
      resolve(ok ? worker : null);
    };
    worker.onmessage = (event: MessageEvent<WorkerReply>) => settle(event.data?.kind === 'ready');
    worker.onerror = (event) => {
      event.preventDefault();
      settle(false);
    };
  });
}
