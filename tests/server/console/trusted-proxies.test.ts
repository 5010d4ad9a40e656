/** X-Forwarded-For counts only when it comes from a proxy named in the setting. */
import { describe, expect, it } from 'vitest';
import { parseTrustedProxies } from '../../../src/server/console/http/trusted-proxies';
import { startHarness } from './support/harness';

async function failedLoginAddress(trustedProxies: string[] | undefined, forwardedFor: string): Promise<string | null> {
  const h = await startHarness({ console: trustedProxies ? { trustedProxies } : {} });
  try {
    const res = await fetch(`${h.url}/api/console/login`, {
      method: 'POST',
      headers: { Origin: h.url, 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
      body: JSON.stringify({ username: 'editor-mz', password: 'wrong password here' }),
    });
    expect(res.status).toBe(401);
    const [entry] = await h.console.consoleStore.listAudit({ action: 'login.failed', limit: 1 });
    return entry?.detail ?? null;
  } finally {
    await h.close();
  }
}

describe('trusted proxies', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (the default)', async () => {
    expect(await failedLoginAddress(undefined, '203.0.113.9')).toBe('127.0.0.1');
    expect(await failedLoginAddress(['10.0.0.0/8'], '203.0.113.9')).toBe('127.0.0.1');
  });

  it('takes the nearest untrusted hop when the peer is a trusted proxy, so a client cannot prepend its own', async () => {
    expect(await failedLoginAddress(['127.0.0.1'], '203.0.113.9')).toBe('203.0.113.9');
    expect(await failedLoginAddress(['127.0.0.1', '10.1.0.0/16'], '198.51.100.1, 203.0.113.9, 10.1.2.3')).toBe('203.0.113.9');
  });

  it('refuses a setting entry that is not an address or range, naming it', () => {
    expect(() => parseTrustedProxies(['10.0.0.1', 'proxy.local'])).toThrow(/"proxy.local" is not an IP address/);
    expect(() => parseTrustedProxies(['10.0.0.0/33'])).toThrow(/"10.0.0.0\/33"/);
    const proxies = parseTrustedProxies(['10.0.0.0/8', '::1']);
    expect([proxies.trusts('10.200.1.1'), proxies.trusts('::ffff:10.0.0.5'), proxies.trusts('::1'), proxies.trusts('11.0.0.1')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
