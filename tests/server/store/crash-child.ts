/**
 * Run as a child process by the crash test: publishes a batch and kills
 * itself with SIGKILL from inside the transaction after `killAfter` rows.
 */
import { openSqliteStore } from '../../../src/server/store/sqlite-store';
import { fee, puts } from '../support/fixtures';

const [dataDir, killAfter, count] = process.argv.slice(2);
let written = 0;
const store = openSqliteStore({
  dataDir: dataDir!,
  onChangeWritten: () => {
    written += 1;
    if (written === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
  },
});
const records = Array.from({ length: Number(count) }, (_, i) => fee(`crash-fee-${i}`, 100 + i));
await store.publish(puts(records));
console.log('publish finished without being killed');
