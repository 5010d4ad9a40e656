/**
 * Run as a child process by the concurrent publish test: one server's worth of
 * stores on the shared PostgreSQL schema, publishing small batches as fast as
 * it can once a line arrives on its stdin (it says READY first), then printing the seq ranges it was given.
 * Some batches also update a record every publisher shares, so publishes
 * really contend on the same rows, not only on the seq counter.
 */
import { openStores } from '../../../src/server/store/open-stores';
import { fee, puts } from '../support/fixtures';

const [url, schema, worker, batches] = process.argv.slice(2);
const stores = await openStores({ dataDir: '/nonexistent-unused', databaseUrl: url!, schema });
process.stdout.write('READY\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const ranges: { fromSeq: number; toSeq: number; ids: string[] }[] = [];
for (let i = 0; i < Number(batches); i++) {
  const records = Array.from({ length: 1 + (i % 3) }, (_, j) => fee(`fee-w${worker}-${i}-${j}`, 100 + j));
  if (i % 4 === 0) records.push(fee('fee-shared', 1000 + i));
  const result = await stores.content.publish(puts(records), { actor: `worker-${worker}` });
  ranges.push({ fromSeq: result.fromSeq, toSeq: result.toSeq, ids: records.map((r) => r.id) });
}
await stores.close();
process.stdout.write(JSON.stringify(ranges));
