/**
 * PublishStore on SQLite: the content store's publish and the console's
 * writes in one IMMEDIATE transaction on the one connection that holds both
 * (content.db). better-sqlite3 runs the content publish as a savepoint inside
 * it; any throw rolls back everything.
 */
import type { ContentStore } from '../../store/content-store';
import { sqliteInternalsOf } from '../../store/sqlite-store';
import type { PublishStore } from '../publish-store';
import { sqliteConsoleWriter } from './sqlite-console-store';

export interface SqlitePublishStoreOptions {
  now?: () => Date;
  /**
   * Test seam: called at each step inside the transaction ('published' after the
   * feed rows, 'console-written' after the console rows) and after 'committed'.
   * Killing the process there simulates a crash at that moment.
   */
  onStep?: (step: 'published' | 'console-written' | 'committed') => void;
}

export function sqlitePublishStoreFor(content: ContentStore, options: SqlitePublishStoreOptions = {}): PublishStore {
  const sqlite = sqliteInternalsOf(content);
  if (!sqlite) throw new Error('sqlitePublishStoreFor needs a SQLite content store (openSqliteStore)');
  const writer = sqliteConsoleWriter(sqlite.db, options.now ?? (() => new Date()));
  const publishTx = sqlite.db.transaction((...[changes, meta, writes]: Parameters<PublishStore['publishWithConsole']>) => {
    const result = sqlite.publishInTransaction(changes, meta.now, meta.actor);
    options.onStep?.('published');
    const publication = writer.applyWrites(writes(result));
    options.onStep?.('console-written');
    return { result, publication };
  });
  return {
    async publishWithConsole(changes, meta, writes) {
      const done = publishTx.immediate(changes, meta, writes);
      options.onStep?.('committed');
      return done;
    },
  };
}
