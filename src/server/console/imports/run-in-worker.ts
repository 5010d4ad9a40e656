/** Runs readImport in a worker thread (see parse-worker.ts) and answers as if it ran here. */
import { Worker } from 'node:worker_threads';
import { ImportRefusal, type CheckedRow, type ImportProgress, type readImport } from './read-import';

/** Heap of the import worker: a file that gets past the limits still cannot grow beyond this. */
const WORKER_HEAP_MB = 512;

export function readImportInWorker(
  input: Parameters<typeof readImport>[0],
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<{ total: number; rows: CheckedRow[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./parse-worker-entry.mjs', import.meta.url), {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on(
      'message',
      (message: {
        kind: string;
        progress?: ImportProgress;
        result?: { total: number; rows: CheckedRow[] };
        message?: string;
        rows?: [];
      }) => {
        if (message.kind === 'progress') onProgress(message.progress!);
        else if (message.kind === 'done') settle(() => resolve(message.result!));
        else if (message.kind === 'refused') settle(() => reject(new ImportRefusal(message.message!, message.rows)));
        else settle(() => reject(new Error(message.message)));
      },
    );
    worker.on('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportRefusal(`读取此文件需要超过 ${WORKER_HEAP_MB} MB 内存，已停止：请删除多余的列、格式和空行，或拆成较小的文件`)
            : err,
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(new Error(`导入进程意外退出（代码 ${code}）`))));
  });
}
