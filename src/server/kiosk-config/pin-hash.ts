/**
 * Staff PIN hashes in the format kiosks check offline with WebCrypto:
 * "pbkdf2-sha256$<iterations>$<salt base64>$<32-byte hash base64>".
 */
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const PIN_HASH_ITERATIONS = 100_000;

export function hashPin(pin: string, options: { iterations?: number; salt?: Buffer } = {}): string {
  if (!/^\d{4,12}$/.test(pin)) throw new Error('PIN 必须是 4 到 12 位数字');
  const iterations = options.iterations ?? PIN_HASH_ITERATIONS;
  const salt = options.salt ?? randomBytes(16);
  const hash = pbkdf2Sync(pin, salt, iterations, 32, 'sha256');
  return `pbkdf2-sha256$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPinHash(pin: string, encoded: string): boolean {
  const [scheme, iterations, salt, hash] = encoded.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterations || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = pbkdf2Sync(pin, Buffer.from(salt, 'base64'), Number(iterations), expected.length, 'sha256');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
