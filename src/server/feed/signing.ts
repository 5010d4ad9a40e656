/**
 * The feed's Ed25519 signing key: created on first start in the data
 * directory (PKCS#8 PEM, mode 0600) and reused afterwards, so kiosks that
 * were provisioned with its public key keep trusting the feed.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedKey } from '../../shared/feed/protocol';

export const KEY_FILE_NAME = 'feed-key.pem';

export interface FeedSigner {
  /** Raw 32-byte public key, base64 (what kiosk-config.feedPublicKey holds). */
  publicKey: string;
  /** First 16 hex of SHA-256 of the raw public key. */
  keyId: string;
  feedKey: FeedKey;
  /** Base64 Ed25519 signature of exactly these bytes. */
  sign(body: Uint8Array): string;
}

export function loadOrCreateSigner(dataDir: string): FeedSigner {
  const path = join(dataDir, KEY_FILE_NAME);
  let privateKey: KeyObject;
  if (existsSync(path)) {
    privateKey = createPrivateKey(readFileSync(path));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${path} 不是 Ed25519 私钥`);
  } else {
    privateKey = generateKeyPairSync('ed25519').privateKey;
    // 'wx' fails if another process created the key meanwhile, instead of overwriting it.
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  return signerFor(privateKey);
}

export function signerFor(privateKey: KeyObject): FeedSigner {
  const raw = rawPublicKey(createPublicKey(privateKey));
  const publicKey = raw.toString('base64');
  const keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  return {
    publicKey,
    keyId,
    feedKey: { algorithm: 'Ed25519', keyId, publicKey },
    sign: (body) => sign(null, body, privateKey).toString('base64'),
  };
}

/** The 32 raw key bytes are the last 32 bytes of the SPKI DER encoding of an Ed25519 key. */
function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}
