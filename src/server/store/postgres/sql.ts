/**
 * The small layer every PostgreSQL store shares: SQL written with SQLite's
 * "?" placeholders (so a PostgreSQL query stays next to, and looks like, its
 * SQLite twin) numbered to $1, $2 … here, and transactions on one pooled
 * connection.
 */
import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** A pool or a connection inside a transaction: anything that can run a query. */
export type Queryable = Pick<Pool | PoolClient, 'query'>;

const numbered = new Map<string, string>();

/** "a = ? AND b = ?" → "a = $1 AND b = $2". Question marks inside quoted strings are left alone. */
export function numberPlaceholders(sql: string): string {
  const cached = numbered.get(sql);
  if (cached !== undefined) return cached;
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  if (numbered.size < 5000) numbered.set(sql, out);
  return out;
}

export async function rows<T extends QueryResultRow = Record<string, unknown>>(
  db: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await db.query<T>(numberPlaceholders(sql), params)).rows;
}

export async function row<T extends QueryResultRow = Record<string, unknown>>(
  db: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<T | undefined> {
  return (await rows<T>(db, sql, params))[0];
}

/** Rows changed by an INSERT/UPDATE/DELETE. */
export async function run(db: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query(numberPlaceholders(sql), params)).rowCount ?? 0;
}

/**
 * BEGIN … COMMIT on one connection; any throw rolls back and is rethrown.
 * A connection whose ROLLBACK failed (the server went away) is destroyed, not
 * returned to the pool.
 */
export async function transaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
