/**
 * TOTP secrets encrypted at rest with AES-256-GCM. The key comes from
 * TOTP_SECRET_KEY (32 bytes, base64 or hex) or from <dataDir>/totp-secret.key,
 * created on first start with mode 0600. Each value is bound to its user and
 * field (additional authenticated data), so a secret copied onto another
 * account does not decrypt. Stored as "enc:v1:<iv>:<ciphertext>:<tag>" (base64).
 *
 * The store is wrapped (withEncryptedTotpSecrets), so every store
 * implementation gets it, and plaintext secrets from before are encrypted
 * once on start (migratePlaintextTotpSecrets).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleStore } from '../console-store';
import type { UserSecurity } from '../types';

const PREFIX = 'enc:v1:';
export const KEY_FILE = 'totp-secret.key';
const FIELDS = ['totpSecret', 'totpPendingSecret'] as const;

/** The key from TOTP_SECRET_KEY, else the data directory's key file (made on first start). */
export function loadTotpKey(options: { envKey?: string; dataDir?: string }): Buffer | null {
  if (options.envKey) {
    const text = options.envKey.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (key.length !== 32)
      throw new Error('TOTP_SECRET_KEY must be 32 bytes, written as 64 hex digits or base64 (openssl rand -base64 32)');
    return key;
  }
  if (!options.dataDir) return null;
  const file = join(options.dataDir, KEY_FILE);
  if (!existsSync(file)) {
    // 'wx': never overwrite a key another process just wrote.
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new Error(`${file} does not hold a 32-byte base64 key; restore it from backup (TOTP secrets cannot be read without it)`);
  return key;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64')}:${data.toString('base64')}:${cipher.getAuthTag().toString('base64')}`;
}

export function decryptSecret(key: Buffer, stored: string, context: string): string {
  if (!isEncrypted(stored)) return stored; // not yet migrated
  const [iv, data, tag] = stored.slice(PREFIX.length).split(':');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag!, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data!, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      "A stored TOTP secret cannot be decrypted: TOTP_SECRET_KEY or the data directory's totp-secret.key is not the key it was written with",
    );
  }
}

const contextOf = (userId: string, field: string) => `${userId}:${field}`;

/** The same store, with TOTP secrets encrypted on the way in and decrypted on the way out. */
export function withEncryptedTotpSecrets(store: ConsoleStore, key: Buffer): ConsoleStore {
  const getUserSecurity: ConsoleStore['getUserSecurity'] = async (userId) => {
    const security = await store.getUserSecurity(userId);
    const out: UserSecurity = { ...security };
    for (const field of FIELDS) if (out[field]) out[field] = decryptSecret(key, out[field]!, contextOf(userId, field));
    return out;
  };
  const setUserSecurity: ConsoleStore['setUserSecurity'] = async (userId, patch, audit) => {
    const out: Partial<UserSecurity> = { ...patch };
    for (const field of FIELDS) {
      const value = out[field];
      if (value && !isEncrypted(value)) out[field] = encryptSecret(key, value, contextOf(userId, field));
    }
    return store.setUserSecurity(userId, out, audit);
  };
  // Every other method goes to the store itself, bound to it (an implementation calling its own
  // getUserSecurity internally must see the stored, encrypted values).
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'getUserSecurity') return getUserSecurity;
      if (prop === 'setUserSecurity') return setUserSecurity;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Encrypts the plaintext secrets written before encryption existed; returns how many values it encrypted. */
export async function migratePlaintextTotpSecrets(raw: ConsoleStore, key: Buffer): Promise<number> {
  let migrated = 0;
  for (const user of await raw.listUsers()) {
    const security = await raw.getUserSecurity(user.id);
    const patch: Partial<UserSecurity> = {};
    for (const field of FIELDS) {
      const value = security[field];
      if (value && !isEncrypted(value)) {
        patch[field] = encryptSecret(key, value, contextOf(user.id, field));
        migrated++;
      }
    }
    if (Object.keys(patch).length) await raw.setUserSecurity(user.id, patch);
  }
  return migrated;
}
