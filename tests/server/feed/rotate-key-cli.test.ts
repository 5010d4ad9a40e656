/** The rotation command an operator types: it refuses unsafe schedules with a reason and writes nothing then. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigner } from '../../../src/server/feed/signing';

const ROOT = join(import.meta.dirname, '../../..');
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rotate(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/rotate-feed-key.ts'), '--data-dir', dir, ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('npm run feed:rotate-key', () => {
  it('schedules the next key, and the server announces it', { timeout: 60_000 }, () => {
    dir = mkdtempSync(join(tmpdir(), 'shk-rotate-'));
    loadOrCreateSigner(dir);
    const r = rotate('--active-from', inDays(20));
    expect(r.status).toBe(0);
    const keyId = /新密钥 ([0-9a-f]{16})/.exec(r.out)?.[1];
    expect(keyId).toBeTruthy();
    const signer = loadOrCreateSigner(dir, { logHasChanges: true });
    expect(signer.nextKey()?.keyId).toBe(keyId);
    // A second rotation while one is pending is refused.
    expect(rotate('--active-from', inDays(30))).toMatchObject({ status: 1, out: expect.stringContaining('已有一个待启用的新密钥') });
  });

  it('refuses a time without a zone, a past time and a short overlap, writing nothing', { timeout: 60_000 }, () => {
    dir = mkdtempSync(join(tmpdir(), 'shk-rotate-'));
    loadOrCreateSigner(dir);
    expect(rotate('--active-from', '2027-01-15')).toMatchObject({ status: 1, out: expect.stringContaining('不是带时区的时间') });
    expect(rotate('--active-from', inDays(-1))).toMatchObject({ status: 1, out: expect.stringContaining('已经过去') });
    expect(rotate('--active-from', inDays(3))).toMatchObject({ status: 1, out: expect.stringContaining('请至少留 14 天') });
    expect(readdirSync(dir)).toEqual(['feed-key.pem']);
    expect(rotate('--active-from', inDays(3), '--allow-short-overlap').status).toBe(0);
    expect(existsSync(join(dir, 'feed-key.next.pem'))).toBe(true);
  });
});
