/**
 * FEED_EXPORT_DIR: the server keeps a static export current. Publishes complete
 * in more than one place (ContentStore.publish, the console's one-transaction
 * PublishStore, and with several processes on one database, in another
 * process), so instead of hooking each, this watches the log position — one
 * cheap read a second — and exports when it moved (a publish or a compaction).
 * Exports run one at a time. A timer re-exports at half the head's lifetime,
 * so the exported heads never expire while the server runs: an export
 * directory that stopped updating is then visible to kiosks by the head's expiry.
 */
import type pino from 'pino';
import type { ContentStore } from '../../store/content-store';
import type { FeedExporter } from './export-feed';

export interface ExportAfterPublish {
  close(): Promise<void>;
}

export function exportAfterPublish(
  store: ContentStore,
  exporter: FeedExporter,
  options: { headTtlSeconds: number; logger: pino.Logger; checkEveryMs?: number },
): ExportAfterPublish {
  const { logger } = options;
  let exportedAt: string | null = null;
  let lastRunMs = 0;
  let running: Promise<void> | null = null;
  let closed = false;
  const renewMs = (options.headTtlSeconds * 1000) / 2;

  async function tick(): Promise<void> {
    const position = await store.position();
    const at = `${position.seq}/${position.minSeq}/${position.epoch}`;
    if (at === exportedAt && Date.now() - lastRunMs < renewMs) return;
    const result = await exporter.run();
    exportedAt = at;
    lastRunMs = Date.now();
    logger.info({ at, halls: result.halls.length, written: result.written, pruned: result.pruned }, 'exported the static feed');
  }

  function check(): void {
    if (closed || running) return;
    running = tick()
      .catch((error: unknown) => {
        // The export lags (kiosks on it see the head expire); the origin is unaffected. Retried next tick.
        logger.error({ err: error }, 'static feed export failed');
      })
      .finally(() => {
        running = null;
      });
  }

  const timer = setInterval(check, options.checkEveryMs ?? 1000);
  timer.unref();
  check();

  return {
    async close() {
      closed = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
