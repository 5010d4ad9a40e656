/**
 * TOTP secrets at rest: AES-256-GCM with a key from TOTP_SECRET_KEY or a key
 * file made on first start (0600); plaintext secrets from before are encrypted
 * on start; a secret copied to another account or read with another key fails.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, KEY_FILE, loadTotpKey } from '../../../src/server/console/accounts/secret-box';
import { mountConsole } from '../../../src/server/console/mount';
import { createSqliteConsoleStore, prepareConsoleTables } from '../../../src/server/console/store/sqlite-console-store';
import { openSqliteStore } from '../../../src/server/store/sqlite-store';
import { sqliteInternalsOf } from '../../../src/server/store/sqlite-store';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'totp-key-'));
  dirs.push(d);
  return d;
};

describe('TOTP secret encryption', () => {
  it('creates a 0600 key file on first start and reuses it; an env key wins and must be 32 bytes', () => {
    const dir = tempDir();
    const key = loadTotpKey({ dataDir: dir })!;
    expect(key).toHaveLength(32);
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadTotpKey({ dataDir: dir })!.equals(key)).toBe(true);
    const hex = 'ab'.repeat(32);
    expect(loadTotpKey({ envKey: hex, dataDir: dir })!.toString('hex')).toBe(hex);
    expect(() => loadTotpKey({ envKey: 'c2hvcnQ=' })).toThrow(/TOTP_SECRET_KEY must be 32 bytes/);
  });

  it('binds each value to its user and field, and refuses another key with a clear message', () => {
    const key = loadTotpKey({ dataDir: tempDir() })!;
    const stored = encryptSecret(key, SECRET, 'user-a:totpSecret');
    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain(SECRET);
    expect(encryptSecret(key, SECRET, 'user-a:totpSecret')).not.toBe(stored); // fresh IV each time
    expect(decryptSecret(key, stored, 'user-a:totpSecret')).toBe(SECRET);
    expect(() => decryptSecret(key, stored, 'user-b:totpSecret')).toThrow(/cannot be decrypted/);
    const other = loadTotpKey({ dataDir: tempDir() })!;
    expect(() => decryptSecret(other, stored, 'user-a:totpSecret')).toThrow(/totp-secret\.key is not the key/);
  });

  it('encrypts plaintext secrets left from before on start, and the console still reads them', async () => {
    const dataDir = tempDir();
    const content = openSqliteStore({ dataDir });
    const sqlite = sqliteInternalsOf(content)!;
    prepareConsoleTables(sqlite.db, sqlite.dataDir, new Date());
    const raw = createSqliteConsoleStore(sqlite.db, { now: () => new Date() });
    await raw.createUser({
      id: 'user-admin',
      username: 'admin',
      displayName: '管理员',
      role: 'admin',
      departments: null,
      halls: null,
      disabled: false,
      createdAt: new Date().toISOString(),
      passwordHash: 'x',
    });
    await raw.setUserSecurity('user-admin', { totpSecret: SECRET, totpPendingSecret: null });
    const mounted = mountConsole({
      content,
      dataDir,
      feedPublicKey: async () => Buffer.alloc(32, 7).toString('base64'),
      schedulerIntervalMs: 0,
      logger: pino({ level: 'silent' }),
      alerts: { intervalMs: 0 },
    });
    try {
      expect(await mounted.totpMigrated).toBe(1);
      const row = sqlite.db.prepare('SELECT totp_secret FROM user_security WHERE user_id = ?').get('user-admin') as { totp_secret: string };
      expect(row.totp_secret).toMatch(/^enc:v1:/);
      expect(row.totp_secret).not.toContain(SECRET);
      expect((await mounted.consoleStore.getUserSecurity('user-admin')).totpSecret).toBe(SECRET);
      // New secrets are written encrypted too.
      await mounted.consoleStore.setUserSecurity('user-admin', { totpPendingSecret: 'KRSXG5DSNFXGOIDB' });
      const pending = sqlite.db.prepare('SELECT totp_pending_secret FROM user_security WHERE user_id = ?').get('user-admin') as {
        totp_pending_secret: string;
      };
      expect(pending.totp_pending_secret).toMatch(/^enc:v1:/);
      expect((await mounted.consoleStore.getUserSecurity('user-admin')).totpPendingSecret).toBe('KRSXG5DSNFXGOIDB');
    } finally {
      await mounted.close();
      await content.close();
    }
  });
});
