/**
 * Dedicated module worker for first-run and reset snapshots: runs
 * prepareSnapshot off the page's thread so the progress screen stays smooth
 * on a slow kiosk, and posts block batches back for the store to stage.
 * Protocol: ./snapshot-source.ts.
 */
import { prepareSnapshot } from './snapshot-prepare';
import type { SnapshotJob, WorkerReply } from './snapshot-source';
import { FeedRejectedError } from './verify';

const scope = self as unknown as {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<SnapshotJob>) => void) | null;
};

scope.onmessage = (event) => {
  const job = event.data;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const slowdown = job.emulatedSlowdown > 1 ? job.emulatedSlowdown : 1;
  prepareSnapshot(new Uint8Array(job.body), job.signature, job.publicKey, (e) => scope.postMessage(e), {
    // Measurement only: CDP CPU throttling does not reach workers, so the harness asks the worker to
    // idle (slowdown - 1) times each slice's busy time, as a throttled thread would.
    betweenSlices: slowdown > 1 ? (busyMs) => sleep(busyMs * (slowdown - 1)) : undefined,
    share: job.share,
  }).then(
    () => scope.postMessage({ kind: 'finished' }),
    (err: unknown) =>
      scope.postMessage(
        err instanceof FeedRejectedError
          ? { kind: 'error', reason: err.reason, message: err.message }
          : { kind: 'error', reason: null, message: err instanceof Error ? err.message : String(err) },
      ),
  );
};
scope.postMessage({ kind: 'ready' });
