/**
 * Verify before applying: the Ed25519 signature over the exact body bytes,
 * then every record against the shared schema. One bad byte or one bad record
 * rejects the whole page: the kiosk keeps what it has.
 */
import * as ed from '@noble/ed25519';
import { formatProblems, isRecordType, validateRecordOfType, type ContentRecord } from '../../shared/content';
import {
  FEED_FORMAT_VERSION,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  type ChangesPage,
  type FeedChange,
  type Snapshot,
  type SnapshotEntry,
} from '../../shared/feed/protocol';

export class FeedRejectedError extends Error {
  override readonly name = 'FeedRejectedError';
  constructor(
    readonly reason: 'signature' | 'key' | 'format' | 'schema' | 'binding' | 'rollback' | 'expired' | 'size',
    message: string,
  ) {
    super(message);
  }
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64.trim());
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export async function sha256Hex(bytes: BufferSource): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

/** The key id the server sends in X-Feed-Key-Id: first 16 hex of SHA-256 of the raw public key. */
export async function keyIdOf(publicKeyB64: string): Promise<string> {
  return (await sha256Hex(base64ToBytes(publicKeyB64) as Uint8Array<ArrayBuffer>)).slice(0, 16);
}

const importedKeys = new Map<string, Promise<CryptoKey | null>>();

/** WebCrypto Ed25519 where the browser has it (Chromium 137+), null where it does not. */
function importEd25519(publicKeyB64: string): Promise<CryptoKey | null> {
  let key = importedKeys.get(publicKeyB64);
  if (!key) {
    key = crypto.subtle
      .importKey('raw', base64ToBytes(publicKeyB64) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify'])
      .catch(() => null);
    importedKeys.set(publicKeyB64, key);
  }
  return key;
}

export async function verifyEd25519(body: Uint8Array, signatureB64: string, publicKeyB64: string): Promise<boolean> {
  let signature: Uint8Array;
  try {
    signature = base64ToBytes(signatureB64);
  } catch {
    return false;
  }
  if (signature.length !== 64) return false;
  const key = await importEd25519(publicKeyB64);
  if (key) return crypto.subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, body as Uint8Array<ArrayBuffer>);
  try {
    return await ed.verifyAsync(signature, body, base64ToBytes(publicKeyB64));
  } catch {
    return false;
  }
}

/** Checks the signature headers of a feed response against the configured key; throws FeedRejectedError. */
export async function verifyBody(body: Uint8Array, headers: Headers, publicKeyB64: string, what: string): Promise<void> {
  await verifySignature(body, { signature: headers.get(SIGNATURE_HEADER), keyId: headers.get(KEY_ID_HEADER) }, publicKeyB64, what);
}

/** The two signature headers of a response, as plain strings (what the snapshot worker receives). */
export interface SignatureHeaders {
  signature: string | null;
  keyId: string | null;
}

export function signatureHeadersOf(headers: Headers): SignatureHeaders {
  return { signature: headers.get(SIGNATURE_HEADER), keyId: headers.get(KEY_ID_HEADER) };
}

export async function verifySignature(
  body: Uint8Array,
  { signature, keyId }: SignatureHeaders,
  publicKeyB64: string,
  what: string,
): Promise<void> {
  if (!signature) throw new FeedRejectedError('signature', `${what}没有签名（缺少 ${SIGNATURE_HEADER}），已拒绝。`);
  if (keyId) {
    const expected = await keyIdOf(publicKeyB64);
    if (keyId !== expected) {
      throw new FeedRejectedError(
        'key',
        `${what}由另一把密钥签名（密钥编号 ${keyId}，本机配置的是 ${expected}），已拒绝。请核对终端配置中的 feedPublicKey。`,
      );
    }
  }
  if (!(await verifyEd25519(body, signature, publicKeyB64))) {
    throw new FeedRejectedError('signature', `${what}签名校验失败（内容可能被篡改或损坏），已拒绝，继续显示原有内容。`);
  }
}

export function parseJson(body: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new FeedRejectedError('format', `${what}不是有效的 JSON，已拒绝。`);
  }
}

export function checkFormatVersion(value: { formatVersion?: unknown }, what: string): void {
  if (value.formatVersion !== FEED_FORMAT_VERSION) {
    throw new FeedRejectedError(
      'format',
      `${what}的格式版本为 ${String(value.formatVersion)}，本终端只支持版本 ${FEED_FORMAT_VERSION}，请升级终端程序。`,
    );
  }
}

/**
 * Format 2: a signature proves who wrote a body, not that it answers this kiosk's question. The body
 * must name this kiosk's hall (not another hall, not the whole feed) and the log's epoch. Returns the epoch.
 */
export function checkBinding(raw: { hall?: unknown; epoch?: unknown }, hall: string, what: string): string {
  if (raw.hall === null || raw.hall === undefined)
    throw new FeedRejectedError('binding', `${what}是整个内容源（所有大厅）的数据，不是本大厅 ${hall} 的，已拒绝。`);
  if (raw.hall !== hall) throw new FeedRejectedError('binding', `${what}属于大厅 ${String(raw.hall)}，本终端属于 ${hall}，已拒绝。`);
  if (typeof raw.epoch !== 'string' || raw.epoch.length === 0 || raw.epoch.length > 100)
    throw new FeedRejectedError('format', `${what}缺少日志纪元（epoch），已拒绝。`);
  return raw.epoch;
}

/** Stage marks let the kiosk benchmark split a snapshot apply into signature, parse, validation and storage. */
function stageMark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}

const VALIDATION_SLICE = 2000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export const isSeq = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** A type name this kiosk does not know yet (forward compatibility: skipped, protocol section 11). */
export function isUnknownRecordType(type: unknown): boolean {
  return typeof type === 'string' && type.length > 0 && !isRecordType(type);
}

/** Validates one record and checks it is what the envelope says it is; returns the schema's output. */
export function validatedRecord(type: unknown, id: unknown, record: unknown, where: string): ContentRecord {
  if (!isRecordType(type)) throw new FeedRejectedError('schema', `${where}: 未知的记录类型 ${String(type)}，已拒绝整页。`);
  const result = validateRecordOfType(type, record);
  if (!result.ok)
    throw new FeedRejectedError(
      'schema',
      `${where} (${type}/${String(id)}) 不符合数据规范：${formatProblems(result.problems)}。已拒绝整页。`,
    );
  if (result.value.id !== id)
    throw new FeedRejectedError('schema', `${where}: 记录编号 ${result.value.id} 与条目编号 ${String(id)} 不一致，已拒绝整页。`);
  return result.value;
}

export async function verifyChangesPage(body: Uint8Array, headers: Headers, publicKeyB64: string, hall: string): Promise<ChangesPage> {
  await verifyBody(body, headers, publicKeyB64, '更新页');
  const raw = parseJson(body, '更新页') as Partial<ChangesPage> | null;
  if (!raw || typeof raw !== 'object') throw new FeedRejectedError('format', '更新页不是对象，已拒绝。');
  checkFormatVersion(raw, '更新页');
  const epoch = checkBinding(raw, hall, '更新页');
  if (!isSeq(raw.from) || !isSeq(raw.to) || raw.to < raw.from || typeof raw.hasMore !== 'boolean' || !Array.isArray(raw.changes)) {
    throw new FeedRejectedError('format', '更新页缺少 from/to/hasMore/changes 或取值不正确，已拒绝。');
  }
  const changes: FeedChange[] = [];
  let previousSeq = raw.from;
  raw.changes.forEach((c: Partial<FeedChange> & { record?: unknown; type?: unknown }, i) => {
    const where = `changes[${i}]`;
    if (!c || !isSeq(c.seq) || c.seq <= raw.from! || c.seq > raw.to!)
      throw new FeedRejectedError('format', `${where}.seq 不在本页范围 (${raw.from}, ${raw.to}] 内，已拒绝整页。`);
    // The log is applied in seq order: a page out of order (or repeating a seq) was not written by the server.
    if (c.seq <= previousSeq!) throw new FeedRejectedError('format', `${where}.seq ${c.seq} 没有按顺序递增，已拒绝整页。`);
    previousSeq = c.seq;
    if (typeof c.id !== 'string') throw new FeedRejectedError('schema', `${where}: 类型或编号无效，已拒绝整页。`);
    // Protocol section 11: a newer server may add record types; skip them and keep the cursor moving.
    if (isUnknownRecordType(c.type)) return;
    if (!isRecordType(c.type)) throw new FeedRejectedError('schema', `${where}: 类型或编号无效，已拒绝整页。`);
    if (c.op === 'delete') return void changes.push({ seq: c.seq, type: c.type, id: c.id, op: 'delete' });
    if (c.op !== 'put') throw new FeedRejectedError('format', `${where}.op 必须是 put 或 delete，已拒绝整页。`);
    const record = validatedRecord(c.type, c.id, c.record, where);
    if (record.type !== c.type)
      throw new FeedRejectedError('schema', `${where}: 记录类型 ${record.type} 与条目类型 ${c.type} 不一致，已拒绝整页。`);
    changes.push({ seq: c.seq, type: c.type, id: c.id, op: 'put', record });
  });
  return { formatVersion: raw.formatVersion!, hall: raw.hall ?? null, epoch, from: raw.from, to: raw.to, hasMore: raw.hasMore, changes };
}

export async function verifySnapshot(body: Uint8Array, headers: Headers, publicKeyB64: string, hall: string): Promise<Snapshot> {
  await verifyBody(body, headers, publicKeyB64, '快照');
  stageMark('shk:snapshot-signature-checked');
  const raw = parseJson(body, '快照') as Partial<Snapshot> | null;
  stageMark('shk:snapshot-parsed');
  if (!raw || typeof raw !== 'object') throw new FeedRejectedError('format', '快照不是对象，已拒绝。');
  checkFormatVersion(raw, '快照');
  const epoch = checkBinding(raw, hall, '快照');
  if (!isSeq(raw.seq) || !Array.isArray(raw.records)) throw new FeedRejectedError('format', '快照缺少 seq 或 records，已拒绝。');
  const records: SnapshotEntry[] = [];
  const entries = raw.records as Partial<SnapshotEntry>[];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (isUnknownRecordType(e?.type)) continue;
    const record = validatedRecord(e?.type, e?.id, e?.record, `records[${i}]`);
    records.push({ type: record.type, id: record.id, record });
    // Tens of thousands of records take a second or more on old hardware: let the progress bar paint.
    if (i % VALIDATION_SLICE === VALIDATION_SLICE - 1) await yieldToEventLoop();
  }
  stageMark('shk:snapshot-validated');
  return {
    formatVersion: raw.formatVersion!,
    hall: raw.hall ?? null,
    epoch,
    seq: raw.seq,
    minSeq: isSeq(raw.minSeq) ? raw.minSeq : 0,
    generatedAt: String(raw.generatedAt ?? ''),
    count: records.length,
    records,
  };
}
