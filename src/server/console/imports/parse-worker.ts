/**
 * The worker thread of an import: runs readImport on the bytes it is sent and
 * posts progress, then the checked rows or the refusal. One worker per import,
 * with a heap cap, so that even a file that gets past the limits cannot take
 * the server's memory or its event loop with it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImportRefusal, readImport } from './read-import';

type Input = Parameters<typeof readImport>[0];

const input = workerData as Input;
readImport(input, (progress) => parentPort!.postMessage({ kind: 'progress', progress })).then(
  (result) => parentPort!.postMessage({ kind: 'done', result }),
  (err: unknown) =>
    parentPort!.postMessage(
      err instanceof ImportRefusal
        ? { kind: 'refused', message: err.message, rows: err.rows }
        : { kind: 'failed', message: (err as Error)?.message ?? String(err) },
    ),
);
