/**
 * Run as a child process by the publish durability test: opens a data
 * directory as the server does and approves (so publishes) either the batch
 * or the single draft, killing itself with SIGKILL at `killAt`:
 *   change:N         inside the transaction, after the Nth feed row
 *   published        inside, after all feed rows, before the console rows
 *   console-written  inside, after the console rows, before COMMIT
 *   committed        after COMMIT, before the answer
 */
import { sqlitePublishStoreFor } from '../../../src/server/console/store/sqlite-publish-store';
import { openDataDir, NOW } from './support/publish-data-dir';

const [dataDir, what, id, killAt] = process.argv.slice(2) as [string, 'batch' | 'single', string, string];
const die = (point: string) => {
  if (point === killAt) process.kill(process.pid, 'SIGKILL');
};
let rows = 0;
const opened = await openDataDir(dataDir, {
  content: { onChangeWritten: () => die(`change:${++rows}`) },
  publishStore: (content) => sqlitePublishStoreFor(content, { now: () => NOW, onStep: die }),
});
if (what === 'batch') {
  await opened.console.workflow.approveBatch(opened.reviewer, id);
} else {
  const draft = (await opened.console.consoleStore.getDraft(id))!;
  await opened.console.workflow.approve(opened.reviewer, id, { revision: draft.revision });
}
console.log('publish finished without being killed');
