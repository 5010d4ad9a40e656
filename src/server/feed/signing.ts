/**
 * The feed's Ed25519 signing keys. The key is created on first start in the
 * data directory (PKCS#8 PEM, mode 0600) and reused afterwards, so kiosks that
 * were provisioned with its public key keep trusting the feed. A missing key
 * for a log that already has changes is an operator mistake, not a first
 * start: the server refuses to start instead of silently making a key every
 * kiosk would reject.
 *
 * Rotation (scripts/rotate-feed-key.ts): the next key waits beside the current
 * one with the instant it becomes active. Until then the current key signs,
 * and the head announces the next key (so the announcement is signed by the
 * old key); from then on the next key signs. Kiosks that saw the announcement
 * follow without being reconfigured.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnnouncedKey, FeedKey } from '../../shared/feed/protocol';

export const KEY_FILE_NAME = 'feed-key.pem';
export const NEXT_KEY_FILE_NAME = 'feed-key.next.pem';
/** {"activeFrom": ISO 8601}: when the next key takes over. */
export const NEXT_KEY_SCHEDULE_FILE_NAME = 'feed-key.next.json';

export interface FeedSigner {
  /** Raw 32-byte public key, base64, of the key signing now (what kiosk-config.feedPublicKey holds). */
  readonly publicKey: string;
  /** First 16 hex of SHA-256 of the raw public key signing now. */
  readonly keyId: string;
  readonly feedKey: FeedKey;
  /** Base64 Ed25519 signature of exactly these bytes, by the key signing now. */
  sign(body: Uint8Array): string;
  /** During a rotation's overlap window: the key that takes over, for the head to announce. */
  nextKey(): AnnouncedKey | null;
}

export class FeedKeyMissingError extends Error {
  override readonly name = 'FeedKeyMissingError';
}

export interface LoadSignerOptions {
  /** The change log already holds changes: kiosks trust an existing key, so a missing key file is an error. */
  logHasChanges: boolean;
  now?: () => Date;
}

export function loadOrCreateSigner(dataDir: string, options: LoadSignerOptions = { logHasChanges: false }): FeedSigner {
  const path = join(dataDir, KEY_FILE_NAME);
  const now = options.now ?? (() => new Date());
  let privateKey: KeyObject;
  if (existsSync(path)) {
    privateKey = readKey(path);
  } else if (options.logHasChanges) {
    throw new FeedKeyMissingError(
      `签名密钥文件 ${path} 不存在，但内容日志中已有变更：所有终端只信任原来的密钥，新建密钥会让它们拒收全部更新，因此服务器拒绝启动。` +
        `请从备份恢复 ${KEY_FILE_NAME}（与 content.db 一起备份的那一份）放回数据目录后再启动。` +
        '若密钥确已丢失且无法恢复：删除数据目录中的 content.db（新的日志纪元）后启动，再用新的公钥重新配置每台终端。',
    );
  } else {
    privateKey = generateKeyPairSync('ed25519').privateKey;
    // 'wx' fails if another process created the key meanwhile, instead of overwriting it.
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  const next = readPendingRotation(dataDir);
  if (next && next.activeFrom.getTime() <= now().getTime()) {
    // The overlap window is over: the next key becomes the key, the old one is kept (renamed) for the record.
    renameSync(path, join(dataDir, `feed-key.retired-${keyIdOf(privateKey)}.pem`));
    renameSync(join(dataDir, NEXT_KEY_FILE_NAME), path);
    renameSync(join(dataDir, NEXT_KEY_SCHEDULE_FILE_NAME), join(dataDir, `feed-key.rotated-${keyIdOf(next.key)}.json`));
    return rotatingSigner(next.key, null, now);
  }
  return rotatingSigner(privateKey, next, now);
}

/** Writes the next key and when it takes over; the running server picks it up at its next start. */
export function scheduleRotation(dataDir: string, activeFrom: Date): AnnouncedKey {
  if (!existsSync(join(dataDir, KEY_FILE_NAME)))
    throw new FeedKeyMissingError(`${join(dataDir, KEY_FILE_NAME)} 不存在：没有可轮换的密钥。`);
  if (existsSync(join(dataDir, NEXT_KEY_FILE_NAME))) throw new Error('已有一个待启用的新密钥（feed-key.next.pem），不能再安排一次轮换。');
  const key = generateKeyPairSync('ed25519').privateKey;
  writeFileSync(join(dataDir, NEXT_KEY_FILE_NAME), key.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(join(dataDir, NEXT_KEY_SCHEDULE_FILE_NAME), JSON.stringify({ activeFrom: activeFrom.toISOString() }));
  return announce(key, activeFrom);
}

function readPendingRotation(dataDir: string): { key: KeyObject; activeFrom: Date } | null {
  const keyPath = join(dataDir, NEXT_KEY_FILE_NAME);
  if (!existsSync(keyPath)) return null;
  const schedulePath = join(dataDir, NEXT_KEY_SCHEDULE_FILE_NAME);
  let activeFrom: Date;
  try {
    activeFrom = new Date((JSON.parse(readFileSync(schedulePath, 'utf8')) as { activeFrom: string }).activeFrom);
  } catch {
    throw new Error(
      `${schedulePath} 缺失或不是 {"activeFrom": "…"}：无法确定新密钥何时启用。请删除 feed-key.next.pem 后用 npm run feed:rotate-key 重新安排。`,
    );
  }
  if (Number.isNaN(activeFrom.getTime())) throw new Error(`${schedulePath} 的 activeFrom 不是有效的时间。`);
  return { key: readKey(keyPath), activeFrom };
}

function readKey(path: string): KeyObject {
  const key = createPrivateKey(readFileSync(path));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} 不是 Ed25519 私钥`);
  return key;
}

/** The current key, handing over to `next` at its activeFrom while the server runs. */
function rotatingSigner(current: KeyObject, next: { key: KeyObject; activeFrom: Date } | null, now: () => Date): FeedSigner {
  const before = signerFor(current);
  const after = next ? signerFor(next.key) : null;
  const announced = next ? announce(next.key, next.activeFrom) : null;
  const active = () => (after && next && now().getTime() >= next.activeFrom.getTime() ? after : before);
  return {
    get publicKey() {
      return active().publicKey;
    },
    get keyId() {
      return active().keyId;
    },
    get feedKey() {
      return active().feedKey;
    },
    sign: (body) => active().sign(body),
    nextKey: () => (active() === before ? announced : null),
  };
}

function announce(key: KeyObject, activeFrom: Date): AnnouncedKey {
  const s = signerFor(key);
  return { keyId: s.keyId, publicKey: s.publicKey, activeFrom: activeFrom.toISOString() };
}

function keyIdOf(key: KeyObject): string {
  return signerFor(key).keyId;
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
    nextKey: () => null,
  };
}

/** The 32 raw key bytes are the last 32 bytes of the SPKI DER encoding of an Ed25519 key. */
function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}
