/**
 * FEED_EXPORT_DIR: the server keeps a static export current. The content store
 * is wrapped so that every publish (and compaction) that completes schedules an
 * export; exports run one at a time and publishes that land meanwhile are
 * folded into one more run. A timer re-exports at half the head's lifetime, so
 * the exported heads never expire while the server runs: an export directory
 * that stopped updating is then visible to kiosks by the head's expiry.
 */
import type pino from 'pino';
import type { ContentStore } from '../../store/content-store';
import type { FeedExporter } from './export-feed';

export interface ExportAfterPublish {
  /** The store to hand to the app: the same store, with publish and compact followed by an export. */
  store: ContentStore;
  /** Resolves when no export is running or scheduled (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function exportAfterPublish(
  store: ContentStore,
  exporter: FeedExporter,
  options: { headTtlSeconds: number; logger: pino.Logger },
): ExportAfterPublish {
  const { logger } = options;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  function schedule(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const result = await exporter.run();
          logger.info({ halls: result.halls.length, written: result.written, pruned: result.pruned }, 'exported the static feed');
        } catch (error) {
          // The export lags; kiosks on it see the head expire, the origin is unaffected.
          logger.error({ err: error }, 'static feed export failed');
        }
      } while (again && !closed);
    })().finally(() => {
      running = null;
    });
  }

  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'publish' && prop !== 'compact') return typeof value === 'function' ? value.bind(target) : value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        const result = await method.apply(target, args);
        schedule();
        return result;
      };
    },
  });

  const timer = setInterval(schedule, (options.headTtlSeconds * 1000) / 2);
  timer.unref();
  schedule();

  return {
    store: wrapped,
    async idle() {
      while (running) await running;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
