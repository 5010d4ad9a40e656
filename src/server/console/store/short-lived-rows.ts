/** Row mappers of the short-lived tables, shared by the SQLite and PostgreSQL stores. */
import type { LoginChallenge, PairingRow } from '../short-lived-store';
import type { Row } from './console-rows';

export function challengeFromRow(r: Row): LoginChallenge {
  return {
    userId: String(r.user_id),
    bucket: String(r.bucket),
    account: String(r.account),
    address: String(r.address),
    expiresAt: String(r.expires_at),
    tries: Number(r.tries),
  };
}

export function pairingFromRow(r: Row): PairingRow {
  return {
    code: String(r.code),
    secretHash: String(r.secret_hash),
    expiresAt: String(r.expires_at),
    claimed: Number(r.claimed) === 1,
    config: (r.config as string | null) ?? null,
    delivered: Number(r.delivered) === 1,
  };
}
