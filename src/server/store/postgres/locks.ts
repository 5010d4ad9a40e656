/**
 * Advisory locks: work that must run in one server process at a time when
 * several share one PostgreSQL (the publish scheduler, the demo seed).
 * Session-level locks on one pooled connection: if the process or its
 * connection dies, PostgreSQL releases the lock by itself.
 */
import type { Pool } from 'pg';

/** Fixed keys (any numbers, fixed forever) of the locks this server takes, with the schema as the second key. */
export const LOCK_KEYS = { scheduler: 417_002, seed: 417_003 } as const;

/** Runs fn if no other process holds the lock (null otherwise): a scheduler tick another process is running is skipped here. */
export async function tryWithAdvisoryLock<T>(pool: Pool, key: number, fn: () => Promise<T>): Promise<T | null> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const got = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok', [key])).rows[0]!
      .ok;
    if (!got) return null;
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [key]).catch((err: Error) => {
        broken = err;
      });
    }
  } finally {
    client.release(broken);
  }
}

/** Runs fn once every other holder of the lock is done. */
export async function withAdvisoryLock<T>(pool: Pool, key: number, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [key]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [key]).catch((err: Error) => {
        broken = err;
      });
    }
  } finally {
    client.release(broken);
  }
}
