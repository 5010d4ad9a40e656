/**
 * ShortLivedStore on PostgreSQL (migration version 3): the same SQL as
 * sqlite-short-lived-store.ts, "?" placeholders and all. Each atomic step is
 * one statement, so under READ COMMITTED two processes racing for the same
 * row queue on its row lock and the second sees the first one's result.
 */
import type { Pool } from 'pg';
import { row, run as runSql, transaction } from '../../store/postgres/sql';
import type { ShortLivedStore } from '../short-lived-store';
import type { Row } from './console-rows';
import { challengeFromRow, pairingFromRow } from './short-lived-rows';

export function postgresShortLivedStore(pool: Pool): ShortLivedStore {
  const get = (sql: string, ...params: unknown[]) => row<Row>(pool, sql, params);
  const run = (sql: string, ...params: unknown[]) => runSql(pool, sql, params);

  return {
    async loginFailures(bucket) {
      const r = await get('SELECT count, last_at FROM login_failures WHERE bucket = ?', bucket);
      return r ? { count: Number(r.count), lastAt: String(r.last_at) } : null;
    },
    async recordLoginFailure(bucket, account, at, forgetBefore) {
      const r = await get(
        `INSERT INTO login_failures (bucket, account, count, last_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (bucket) DO UPDATE SET
           count = CASE WHEN login_failures.last_at < ? THEN 1 ELSE login_failures.count + 1 END, last_at = excluded.last_at
         RETURNING count`,
        bucket,
        account,
        at,
        forgetBefore,
      );
      return Number(r!.count);
    },
    async clearLoginFailures(bucket) {
      await run('DELETE FROM login_failures WHERE bucket = ?', bucket);
    },
    async clearLoginFailuresOfAccount(account) {
      await run('DELETE FROM login_failures WHERE account = ?', account);
    },
    async trustLoginDevice(account, deviceHash, at, keep) {
      await transaction(pool, async (client) => {
        await runSql(
          client,
          `INSERT INTO login_devices (account, device_hash, used_at) VALUES (?, ?, ?)
           ON CONFLICT (account, device_hash) DO UPDATE SET used_at = excluded.used_at`,
          [account, deviceHash, at],
        );
        await runSql(
          client,
          `DELETE FROM login_devices WHERE account = ? AND device_hash NOT IN
             (SELECT device_hash FROM login_devices WHERE account = ? ORDER BY used_at DESC, device_hash LIMIT ?)`,
          [account, account, keep],
        );
      });
    },
    async isTrustedLoginDevice(account, deviceHash) {
      return !!(await get('SELECT 1 AS yes FROM login_devices WHERE account = ? AND device_hash = ?', account, deviceHash));
    },
    async forgetLoginState(failuresBefore, devicesBefore) {
      await run('DELETE FROM login_failures WHERE last_at < ?', failuresBefore);
      await run('DELETE FROM login_devices WHERE used_at < ?', devicesBefore);
    },

    async createLoginChallenge(hash, c) {
      await run(
        `INSERT INTO login_challenges (hash, user_id, bucket, account, address, expires_at, tries) VALUES (?,?,?,?,?,?,?)`,
        hash,
        c.userId,
        c.bucket,
        c.account,
        c.address,
        c.expiresAt,
        c.tries,
      );
    },
    async getLoginChallenge(hash) {
      const r = await get('SELECT * FROM login_challenges WHERE hash = ?', hash);
      return r ? challengeFromRow(r) : null;
    },
    async countLoginChallengeTry(hash) {
      const r = await get('UPDATE login_challenges SET tries = tries + 1 WHERE hash = ? RETURNING tries', hash);
      return r ? Number(r.tries) : 0;
    },
    async takeLoginChallenge(hash) {
      return (await run('DELETE FROM login_challenges WHERE hash = ?', hash)) > 0;
    },
    async forgetLoginChallenges(expiredBefore) {
      await run('DELETE FROM login_challenges WHERE expires_at <= ?', expiredBefore);
    },

    async insertPairing(code, secretHash, expiresAt) {
      const inserted = await run(
        'INSERT INTO pairing_codes (code, secret_hash, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        code,
        secretHash,
        expiresAt,
      );
      return inserted > 0;
    },
    async countPairings() {
      return Number((await get('SELECT count(*) AS n FROM pairing_codes'))!.n);
    },
    async pairingByCode(code) {
      const r = await get('SELECT * FROM pairing_codes WHERE code = ?', code);
      return r ? pairingFromRow(r) : null;
    },
    async pairingBySecret(secretHash) {
      const r = await get('SELECT * FROM pairing_codes WHERE secret_hash = ?', secretHash);
      return r ? pairingFromRow(r) : null;
    },
    async claimPairing(code, at) {
      return (await run('UPDATE pairing_codes SET claimed = 1 WHERE code = ? AND claimed = 0 AND expires_at > ?', code, at)) > 0;
    },
    async releasePairing(code) {
      await run('UPDATE pairing_codes SET claimed = 0 WHERE code = ? AND config IS NULL AND delivered = 0', code);
    },
    async setPairingConfig(code, config) {
      await run('UPDATE pairing_codes SET config = ? WHERE code = ? AND claimed = 1 AND delivered = 0', config, code);
    },
    async takePairingConfig(secretHash) {
      // The conditional UPDATE hands the configuration to one caller only; the token in it is then wiped.
      const r = await get(
        'UPDATE pairing_codes SET delivered = 1 WHERE secret_hash = ? AND config IS NOT NULL AND delivered = 0 RETURNING config',
        secretHash,
      );
      await run('UPDATE pairing_codes SET config = NULL WHERE secret_hash = ? AND delivered = 1', secretHash);
      return r ? String(r.config) : null;
    },
    async recordPairingGuess(at) {
      await run('INSERT INTO pairing_guesses (at) VALUES (?)', at);
    },
    async pairingGuessesSince(since) {
      const r = (await get('SELECT count(*) AS n, max(at) AS last_at FROM pairing_guesses WHERE at > ?', since))!;
      return { count: Number(r.n), lastAt: (r.last_at as string | null) ?? null };
    },
    async forgetPairings(codesBefore, guessesBefore) {
      await run('DELETE FROM pairing_codes WHERE expires_at <= ?', codesBefore);
      await run('DELETE FROM pairing_guesses WHERE at <= ?', guessesBefore);
    },

    async offerSetupToken(token, at) {
      await run('INSERT INTO setup_token (id, token, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING', token, at);
      return ((await get('SELECT token FROM setup_token WHERE id = 1'))?.token as string | undefined) ?? null;
    },
    async setupToken() {
      return ((await get('SELECT token FROM setup_token WHERE id = 1'))?.token as string | undefined) ?? null;
    },
    async takeSetupToken(token) {
      return (await run('DELETE FROM setup_token WHERE id = 1 AND token = ?', token)) > 0;
    },
    async clearSetupToken() {
      await run('DELETE FROM setup_token');
    },
  };
}
