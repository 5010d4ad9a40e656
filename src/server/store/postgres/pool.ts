/**
 * The connection pool behind every PostgreSQL store, from DATABASE_URL.
 * - BIGINT (seqs, counts) comes back as a JS number: seqs stay far below 2^53.
 * - An idle connection that dies (PostgreSQL restarted) is logged and dropped
 *   by the pool; without an 'error' listener it would crash the process.
 * - At start the server waits for PostgreSQL with a backoff, saying which
 *   host and port it is trying, instead of failing on the first refusal.
 */
import pg from 'pg';

pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface PgPoolOptions {
  url: string;
  /** Tables live in this schema (created if missing); default the role's search_path ("public"). */
  schema?: string;
  max?: number;
  logger?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

export function createPgPool(options: PgPoolOptions): pg.Pool {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error(`PostgreSQL schema name "${options.schema}": only lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    // A publish waits for the publish lock; anything that hangs longer than this is a fault to report, not to wait out.
    statement_timeout: 60_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('error', (err) => {
    options.logger?.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'an idle PostgreSQL connection failed');
  });
  return pool;
}

export interface WaitOptions {
  /** Give up after this long (default 5 minutes; DATABASE_WAIT_SECONDS). */
  timeoutMs?: number;
  logger?: { warn(obj: object, msg: string): void };
  sleep?: (ms: number) => Promise<void>;
}

/** Resolves once PostgreSQL answers; retries with a doubling delay (0.5 s … 15 s) and says where it is knocking. */
export async function waitForPostgres(pool: pg.Pool, url: string, options: WaitOptions = {}): Promise<void> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason = code ? `${code}: ${(error as Error).message}` : (error as Error).message;
      const where = describeDatabaseUrl(url);
      if (code === '28P01' || code === '3D000' || code === '28000') {
        // Wrong password, missing database, no such role: waiting will not fix these.
        throw new Error(`PostgreSQL at ${where} refused the connection (${reason}); check DATABASE_URL`, { cause: error });
      }
      if (Date.now() - started + delay > timeoutMs) {
        throw new Error(`PostgreSQL at ${where} is not reachable after ${attempt} attempts (${reason}); is it running?`, { cause: error });
      }
      options.logger?.warn(
        { database: where, attempt, retryInMs: delay, reason },
        `PostgreSQL at ${where} is not reachable (${reason}); retrying in ${Math.round(delay / 100) / 10} s`,
      );
      await sleep(delay);
      delay = Math.min(delay * 2, 15_000);
    }
  }
}

/** Creates the schema the pool's search_path names, with a connection that does not use it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Two processes starting together can both pass IF NOT EXISTS and collide on the catalog's unique
    // index: a lock keyed by the name makes the second wait and then find the schema there.
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`schema:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
