/**
 * Page side of the snapshot pipeline: hands the downloaded body to the
 * snapshot worker (transferred, not copied) and turns its messages into the
 * event stream the store stages from. Where no Worker can be started (vitest,
 * a browser without module workers, a worker script that fails to load) the
 * same preparation runs on the main thread in slices.
 */
import type { RecordType } from '../../shared/content';
import type { TypeIndex } from '../store/layout';
import { mergeIndexes, type SnapshotBlockEvent } from '../store/snapshot-blocks';
import { prepareSnapshot, type PrepareEvent } from './snapshot-prepare';
import { FeedRejectedError, type SignatureHeaders } from './verify';

export interface SnapshotJob {
  body: ArrayBuffer;
  signature: SignatureHeaders;
  publicKey: string;
  emulatedSlowdown: number;
  share: { index: number; of: number };
}

export type WorkerReply =
  PrepareEvent | { kind: 'ready' } | { kind: 'finished' } | { kind: 'error'; reason: FeedRejectedError['reason'] | null; message: string };

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
 *
 * With two cores or more the records are split between two workers (validation is the largest
 * stage); the first also checks the signature, and the second's blocks are held back until it has.
 */
export function snapshotBlockSource(
  body: Uint8Array,
  signature: SignatureHeaders,
  publicKey: string,
  options: {
    workers?: Promise<Worker[]>;
    /** Identical copies of body made while it downloaded, for the other workers. */ copies?: Uint8Array[];
  } = {},
): AsyncIterable<SnapshotBlockEvent> {
  const queue = new EventQueue<SnapshotBlockEvent>();
  let shares = 1;
  let signatureChecked = false;
  let validated = 0;
  let finished = 0;
  const held: SnapshotBlockEvent[] = [];
  const ends: [RecordType, TypeIndex][][] = [];

  const accept = (share: number, event: PrepareEvent) => {
    if (event.kind === 'stage') {
      if (event.stage === 'signature-checked') {
        signatureChecked = true;
        stageMark(event.stage);
        for (const e of held.splice(0)) queue.push(e);
      } else if (event.stage === 'parsed') {
        if (share === 0) stageMark(event.stage);
      } else if (++validated === shares) stageMark(event.stage);
    } else if (event.kind === 'end') {
      ends[share] = event.indexes;
    } else if (share === 0 || signatureChecked) {
      queue.push(event);
    } else {
      held.push(event);
    }
  };
  const shareFinished = () => {
    if (++finished < shares) return;
    queue.push({ kind: 'end', indexes: mergeIndexes(ends) });
    queue.end();
  };
  const onMainThread = () =>
    prepareSnapshot(body, signature, publicKey, (e) => accept(0, e), {
      // Hand the thread back between slices: the progress bar paints and the store commits staged blocks.
      betweenSlices: (busyMs) => (busyMs >= MAIN_THREAD_SLICE_MS ? new Promise<void>((resolve) => setTimeout(resolve, 0)) : undefined),
    }).then(shareFinished, (err: unknown) => queue.fail(err));

  void (options.workers ?? startSnapshotWorkers()).then((workers) => {
    if (workers.length === 0) return void onMainThread();
    shares = workers.length;
    const stopAll = () => workers.forEach((w) => w.terminate());
    queue.onCancel = stopAll;
    const slowdown = Number((globalThis as Record<string, unknown>)[WORKER_SLOWDOWN_GLOBAL] ?? 1);
    workers.forEach((worker, share) => {
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.kind === 'finished') {
          worker.terminate();
          shareFinished();
        } else if (reply.kind === 'error') {
          stopAll();
          queue.fail(reply.reason ? new FeedRejectedError(reply.reason, reply.message) : new Error(`快照处理失败：${reply.message}`));
        } else if (reply.kind !== 'ready') accept(share, reply);
      };
      worker.onerror = (event) => {
        stopAll();
        queue.fail(new Error(`快照处理失败：${event.message || '后台线程出错'}`));
      };
      // The last worker gets the body itself, the others a copy (made during the download where there is one); all transferred.
      const own = share === workers.length - 1 ? body : options.copies?.[share];
      const whole = own && own.byteLength === body.byteLength && own.byteOffset === 0 && own.byteLength === own.buffer.byteLength;
      const buffer = (whole ? own.buffer : body.slice().buffer) as ArrayBuffer;
      const job: SnapshotJob = {
        body: buffer,
        signature,
        publicKey,
        emulatedSlowdown: Number.isFinite(slowdown) ? slowdown : 1,
        share: { index: share, of: workers.length },
      };
      worker.postMessage(job, [buffer]);
    });
  });
  return queue;
}

/**
 * Starts the snapshot workers (two with two cores or more) and resolves once they have loaded; an empty
 * list where none can run. The engine calls it when a snapshot download begins, so the workers load
 * while the body arrives instead of after.
 */
export function startSnapshotWorkers(): Promise<Worker[]> {
  return Promise.all(Array.from({ length: snapshotWorkersWanted() }, startWorker)).then((started) =>
    started.filter((w): w is Worker => w !== null),
  );
}

/** How many snapshot workers this device gets (two with two cores or more; none without Worker). */
export function snapshotWorkersWanted(): number {
  if (typeof Worker === 'undefined') return 0;
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
  return Math.min(SNAPSHOT_WORKERS, cores);
}

/** Validation is the largest stage: two workers split the records. */
const SNAPSHOT_WORKERS = 2;

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
