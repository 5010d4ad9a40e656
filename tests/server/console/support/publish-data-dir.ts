/**
 * A data directory as the server leaves it, for the durability tests: the
 * fixture content, an editor and a reviewer, and one import-like batch of
 * submitted drafts (edits of published fees and new fees). Opened the way the
 * server opens it: the SQLite content store with the console mounted on it.
 */
import pino from 'pino';
import { mountConsole, type MountedConsole } from '../../../../src/server/console/mount';
import type { PublishStore } from '../../../../src/server/console/publish-store';
import type { Draft, StoredUser } from '../../../../src/server/console/types';
import type { ContentStore } from '../../../../src/server/store/content-store';
import { openSqliteStore, type SqliteStoreOptions } from '../../../../src/server/store/sqlite-store';
import { FEE_MZ_ID, feeRecord, fixtureRecords } from './fixtures';

export const NOW = new Date('2026-11-23T10:00:00+08:00');
export const BATCH_FEES = [FEE_MZ_ID, 'fee-mz-2', 'fee-new-1', 'fee-new-2', 'fee-new-3'];

export interface OpenDataDir {
  content: ContentStore;
  console: MountedConsole;
  editor: StoredUser;
  reviewer: StoredUser;
  close(): Promise<void>;
}

export async function openDataDir(
  dataDir: string,
  options: { content?: Omit<SqliteStoreOptions, 'dataDir'>; publishStore?: (content: ContentStore) => PublishStore } = {},
): Promise<OpenDataDir> {
  const content = openSqliteStore({ dataDir, ...options.content });
  const mounted = mountConsole({
    content,
    now: () => NOW,
    feedPublicKey: async () => 'unused',
    schedulerIntervalMs: 0,
    logger: pino({ level: 'silent' }),
    ...(options.publishStore ? { publishStore: options.publishStore(content) } : {}),
  });
  await mounted.ready;
  return {
    content,
    console: mounted,
    editor: (await mounted.consoleStore.getUserByUsername('editor-mz'))!,
    reviewer: (await mounted.consoleStore.getUserByUsername('reviewer-mz'))!,
    async close() {
      await mounted.close();
      await content.close();
    },
  };
}

/** Seeds a fresh data directory; returns the batch id and the single draft's id (a notice edit, submitted). */
export async function seedDataDir(dataDir: string): Promise<{ batchId: string; singleId: string }> {
  const content = openSqliteStore({ dataDir });
  await content.publish(
    fixtureRecords().map((record) => ({ op: 'put' as const, record })),
    { actor: 'test', now: NOW },
  );
  await content.close();
  const opened = await openDataDir(dataDir);
  const store = opened.console.consoleStore;
  for (const [username, role] of [
    ['editor-mz', 'editor'],
    ['reviewer-mz', 'reviewer'],
  ] as const) {
    await store.createUser({
      id: `user-${username}`,
      username,
      displayName: username,
      role,
      departments: ['dept-mz'],
      halls: null,
      disabled: false,
      createdAt: NOW.toISOString(),
      passwordHash: 'not-used',
    });
  }
  const editor = (await store.getUser('user-editor-mz'))!;
  const batchId = 'batch-durability';
  for (const [i, id] of BATCH_FEES.entries()) {
    const current = await opened.content.getRecord('fee', id);
    const { version: _v, updatedAt: _u, ...data } = (current ?? feeRecord(id, 'dept-mz')) as unknown as Record<string, unknown>;
    await opened.console.workflow.createDraft(
      editor,
      { type: 'fee', id, data: { ...data, amount: { kind: 'fixed', fen: 5000 + i } } },
      batchId,
    );
  }
  await opened.console.workflow.submitBatch(editor, batchId);
  const single = await opened.console.workflow.createDraft(editor, {
    type: 'fee',
    id: 'fee-single',
    data: { ...feeRecord('fee-single', 'dept-mz') },
  });
  await opened.console.workflow.submit(editor, single.id, single.revision);
  await opened.close();
  return { batchId, singleId: single.id };
}

export async function draftsOf(opened: OpenDataDir, batchId: string): Promise<Draft[]> {
  return opened.console.consoleStore.listDrafts({ batchId });
}
