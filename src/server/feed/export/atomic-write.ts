/**
 * Files a static host may serve at any moment: written under a temporary name
 * in the same directory, flushed, then renamed over the final name (rename is
 * atomic on one file system), so a reader sees the old file or the new one,
 * never half of one.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temporary files start with this; a crashed export leaves them behind and the next prune removes them. */
export const TEMP_PREFIX = '.tmp-';

export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}-${basename(path)}`);
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      let at = 0;
      while (at < bytes.byteLength) at += writeSync(fd, bytes, at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes a content-addressed file unless it is already there (its name is the hash of its bytes). Returns true when written. */
export function writeImmutable(path: string, bytes: Uint8Array): boolean {
  if (existsSync(path)) return false;
  writeFileAtomic(path, bytes);
  return true;
}
