/** Random bearer secrets (session ids, kiosk tokens, setup links) and the hashes we store instead of them. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
