/**
 * Where the server's stores come from: embedded SQLite in the data directory
 * (the default, one process), or PostgreSQL when DATABASE_URL is set (any
 * number of server processes on one database). Callers get the same
 * interfaces either way.
 */
import type { PublishStore } from '../console/publish-store';
import type { ConsoleStore } from '../console/console-store';
import { createPostgresConsoleStore } from '../console/store/postgres-console-store';
import { postgresPublishStoreFor } from '../console/store/postgres-publish-store';
import type { FeedbackStore } from '../feedback/feedback-store';
import { createPostgresFeedbackStore } from '../feedback/store/postgres-feedback-store';
import type { ContentStore } from './content-store';
import { LOCK_KEYS, tryWithAdvisoryLock, withAdvisoryLock } from './postgres/locks';
import { migratePostgres } from './postgres/migrate';
import { createPgPool, ensureSchema, waitForPostgres } from './postgres/pool';
import { createPostgresStore, ensurePostgresLogEpoch } from './postgres/postgres-store';
import { openSqliteStore } from './sqlite-store';

export interface Stores {
  dialect: 'sqlite' | 'postgres';
  content: ContentStore;
  /** Absent on SQLite: the console and feedback open their tables in the data directory themselves. */
  console?: { consoleStore: ConsoleStore; publishStore: PublishStore; feedbackStore: FeedbackStore };
  /**
   * Runs a scheduler tick unless another process is running one (null then).
   * On SQLite a single server process is assumed, so it always runs.
   */
  schedulerLock: <T>(tick: () => Promise<T>) => Promise<T | null>;
  /** Runs fn while no other process runs it (the first-start demo seed). */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  dataDir: string;
  /** postgres://… selects PostgreSQL; unset or empty keeps SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema for the tables (tests give each test its own); default the role's search_path. */
  schema?: string;
  now?: () => Date;
  logger?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** How long to wait for PostgreSQL at start (default 5 minutes). */
  waitTimeoutMs?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openStores(options: OpenStoresOptions): Promise<Stores> {
  if (!options.databaseUrl) {
    return {
      dialect: 'sqlite',
      content: openSqliteStore({ dataDir: options.dataDir }),
      schedulerLock: (tick) => tick(),
      exclusive: (fn) => fn(),
      close: async () => undefined,
    };
  }
  if (!isPostgresUrl(options.databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for the embedded SQLite store)');
  }
  const url = options.databaseUrl;
  const pool = createPgPool({ url, schema: options.schema, logger: options.logger });
  try {
    await waitForPostgres(pool, url, { logger: options.logger, timeoutMs: options.waitTimeoutMs });
    if (options.schema) await ensureSchema(url, options.schema);
    await migratePostgres(pool);
    await ensurePostgresLogEpoch(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const content = createPostgresStore(pool);
  const now = options.now;
  return {
    dialect: 'postgres',
    content,
    console: {
      consoleStore: createPostgresConsoleStore(pool, { now }),
      publishStore: postgresPublishStoreFor(content, { now }),
      feedbackStore: createPostgresFeedbackStore(pool),
    },
    schedulerLock: (tick) => tryWithAdvisoryLock(pool, LOCK_KEYS.scheduler, tick),
    exclusive: (fn) => withAdvisoryLock(pool, LOCK_KEYS.seed, fn),
    close: () => pool.end(),
  };
}
