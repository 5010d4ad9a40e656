/**
 * A JSON body frozen as bytes, with its signature and strong ETag computed
 * once: caches hold these, so a repeated request costs a map lookup.
 */
import { createHash } from 'node:crypto';
import type { FeedSigner } from './signing';

export interface SignedBody {
  bytes: Uint8Array;
  signature: string;
  /** Strong ETag: quoted, derived from the exact bytes. */
  etag: string;
}

const encoder = new TextEncoder();

export function signJson(value: unknown, signer: FeedSigner): SignedBody {
  return signBytes(encoder.encode(JSON.stringify(value)), signer);
}

/** A body spliced from stored JSON that does not parse: the database holds damaged text. */
export class UnparsableBodyError extends Error {
  override readonly name = 'UnparsableBodyError';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Signs bytes spliced from stored JSON only after they parse: a damaged record
 * must fail loudly on the server, not reach kiosks under a valid signature.
 */
export function signParsedBytes(bytes: Uint8Array, signer: FeedSigner): SignedBody {
  try {
    JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new UnparsableBodyError(
      `内容数据库中的数据已损坏：拼出的应答不是有效的 JSON（${(error as Error).message}），服务器拒绝签名发送。请检查 content.db 或从备份恢复。`,
    );
  }
  return signBytes(bytes, signer);
}

export function signBytes(bytes: Uint8Array, signer: FeedSigner): SignedBody {
  return { bytes, signature: signer.sign(bytes), etag: etagOf(bytes) };
}

/**
 * The bytes JSON.stringify({...fields, [arrayKey]: array}) would give, with
 * the array supplied already serialised (it can be tens of megabytes).
 */
export function jsonWithArray(fields: Record<string, unknown>, arrayKey: string, arrayJson: Uint8Array): Uint8Array {
  const head = JSON.stringify(fields).slice(0, -1);
  return Buffer.concat([Buffer.from(`${head},${JSON.stringify(arrayKey)}:`), arrayJson, Buffer.from('}')]);
}

export function etagOf(bytes: Uint8Array, suffix = ''): string {
  return `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}${suffix}"`;
}

/** If-None-Match may list several tags or "*"; weak tags compare equal for GET (RFC 9110 13.1.2). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
