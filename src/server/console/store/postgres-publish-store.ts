/**
 * PublishStore on PostgreSQL: the feed publish and the console's writes
 * between one BEGIN and COMMIT on one connection (both live in one database).
 * The publish takes the headSeq row lock first, so concurrent publishers from
 * any number of processes queue and their seqs never interleave or gap.
 */
import type { ContentStore } from '../../store/content-store';
import { postgresInternalsOf } from '../../store/postgres/postgres-store';
import { transaction } from '../../store/postgres/sql';
import type { PublishStore } from '../publish-store';
import { postgresConsoleWriter } from './postgres-console-store';

export function postgresPublishStoreFor(content: ContentStore, options: { now?: () => Date } = {}): PublishStore {
  const pg = postgresInternalsOf(content);
  if (!pg) throw new Error('postgresPublishStoreFor needs a PostgreSQL content store (createPostgresStore)');
  const writer = postgresConsoleWriter(options.now ?? (() => new Date()));
  return {
    async publishWithConsole(changes, meta, writes) {
      return transaction(pg.pool, async (client) => {
        const result = await pg.publishInTransaction(client, changes, meta.now, meta.actor);
        const publication = await writer.applyWrites(client, writes(result));
        return { result, publication };
      });
    },
  };
}
