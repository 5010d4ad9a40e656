/**
 * The two store dialects for the contract suite. Every case runs on SQLite
 * (a temp data dir) and on PostgreSQL (a schema of its own, dropped after the
 * test, so test files run in parallel on one database). PostgreSQL comes from
 * TEST_DATABASE_URL or DATABASE_URL; without one its cases are skipped with
 * one printed line, except in CI (CI=true), where that is a failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import type { ConsoleStore } from '../../../src/server/console/console-store';
import type { PublishStore } from '../../../src/server/console/publish-store';
import { createSqliteConsoleStore, prepareConsoleTables } from '../../../src/server/console/store/sqlite-console-store';
import { sqlitePublishStoreFor } from '../../../src/server/console/store/sqlite-publish-store';
import type { FeedbackStore } from '../../../src/server/feedback/feedback-store';
import { openSqliteFeedbackStore } from '../../../src/server/feedback/store/sqlite-feedback-store';
import type { ContentStore } from '../../../src/server/store/content-store';
import { openStores, type Stores } from '../../../src/server/store/open-stores';
import { sqliteInternalsOf } from '../../../src/server/store/sqlite-store';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';

if (!POSTGRES_URL) {
  if (process.env.CI === 'true')
    throw new Error('CI=true but neither TEST_DATABASE_URL nor DATABASE_URL is set: the PostgreSQL store suite must run in CI');
  console.log('PostgreSQL store cases skipped: set TEST_DATABASE_URL or DATABASE_URL=postgres://… to run them');
}

export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: Dialect[] = POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface OpenedStores {
  content: ContentStore;
  consoleStore: ConsoleStore;
  publishStore: PublishStore;
  feedbackStore: FeedbackStore;
  /** Opens a second set of stores on the same data (another process would do the same). */
  reopen(): Promise<OpenedStores>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh, empty PostgreSQL schema name, dropped after the test. */
export function freshSchema(): string {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  return schema;
}

export async function openDialect(dialect: Dialect, now?: () => Date): Promise<OpenedStores> {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-contract-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const schema = dialect === 'postgres' ? freshSchema() : undefined;
  const open = async (): Promise<OpenedStores> => {
    const stores: Stores = await openStores({ dataDir, databaseUrl: dialect === 'postgres' ? POSTGRES_URL : undefined, schema, now });
    let opened: Omit<OpenedStores, 'reopen'>;
    if (stores.console) {
      opened = { content: stores.content, ...stores.console };
    } else {
      const sqlite = sqliteInternalsOf(stores.content)!;
      prepareConsoleTables(sqlite.db, dataDir, new Date());
      opened = {
        content: stores.content,
        consoleStore: createSqliteConsoleStore(sqlite.db, { now }),
        publishStore: sqlitePublishStoreFor(stores.content, { now }),
        feedbackStore: openSqliteFeedbackStore({ dataDir }),
      };
    }
    cleanups.push(async () => {
      if (!stores.console) await opened.feedbackStore.close();
      await stores.content.close();
      await stores.close();
    });
    return { ...opened, reopen: open };
  };
  return open();
}
