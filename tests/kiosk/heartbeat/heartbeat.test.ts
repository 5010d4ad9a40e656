import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeartbeat, heartbeatUrl } from '../../../src/kiosk/heartbeat/heartbeat';

/** A real HTTP endpoint on loopback that records what kiosks send (and can be told to hang or fail). */
let received: { auth: string | undefined; body: any }[] = [];
let mode: 'ok' | 'hang' | 'fail' = 'ok';
let base = '';
const server = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (mode === 'hang') return;
    received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
    res.writeHead(mode === 'fail' ? 500 : 204).end();
  });
});

beforeEach(async () => {
  received = [];
  mode = 'ok';
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const status = (
  over: Partial<{ cursor: number | null; online: boolean; lastError: string | null; dataAgeSeconds: number | null }> = {},
) => ({
  cursor: 7,
  online: true,
  lastError: null,
  storage: { usage: 2048.4, quota: 1e9 },
  ...over,
});

/** The real fetch, counting requests started and settled (answered, failed or aborted). */
function countingFetch() {
  const counts = {
    started: 0,
    settled: 0,
    fetch: (...args: Parameters<typeof fetch>) => {
      counts.started++;
      return fetch(...args).finally(() => counts.settled++);
    },
  };
  return counts;
}

describe('kiosk heartbeat', () => {
  it('sends version, committed cursor, storage, last error, data age, online-since and page start with the bearer token', async () => {
    let now = Date.parse('2026-11-23T08:00:00Z');
    const sends = countingFetch();
    const hook = createHeartbeat({
      config: { feedUrl: '/', heartbeatToken: 'tok-123', settingsVersion: 3 },
      appVersion: '1.0.0',
      pageStartedAt: '2026-11-23T07:30:00.000Z',
      baseUrl: base,
      now: () => now,
      fetch: sends.fetch,
      errorCount: () => 2,
    });
    hook({ ...status({ lastError: '签名校验失败', dataAgeSeconds: 7200 }), storage: { usage: 2048.4, quota: 1e9, persisted: false } });
    // One send at a time: the next beat goes out only once this one has settled.
    await expect.poll(() => sends.settled).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]).toEqual({
      auth: 'Bearer tok-123',
      body: {
        appVersion: '1.0.0',
        cursor: 7,
        storageUsed: 2048,
        storageQuota: 1e9,
        lastError: '签名校验失败',
        onlineSince: '2026-11-23T08:00:00.000Z',
        pageStartedAt: '2026-11-23T07:30:00.000Z',
        dataAgeSeconds: 7200,
        storagePersisted: false,
        errorCount: 2,
        settingsVersion: 3,
        acks: [],
      },
    });
    // Still online later: online-since stays; offline then back: it restarts.
    now += 60_000;
    hook(status({ cursor: 9 }));
    await expect.poll(() => sends.settled).toBe(2);
    expect(received).toHaveLength(2);
    expect(received[1]!.body.onlineSince).toBe('2026-11-23T08:00:00.000Z');
    hook(status({ online: false }));
    now += 60_000;
    hook(status());
    await expect.poll(() => sends.settled).toBe(3);
    expect(received).toHaveLength(3);
    expect(received[2]!.body.onlineSince).toBe('2026-11-23T08:02:00.000Z');
  });

  it('does nothing without a token', () => {
    const sends = countingFetch();
    createHeartbeat({ config: { feedUrl: '/' }, appVersion: '1', baseUrl: base, fetch: sends.fetch })(status());
    // A beat starts its request synchronously inside the hook, so none started means none will.
    expect(sends.started).toBe(0);
  });

  it('never blocks or throws, and sends one at a time while the server hangs', async () => {
    mode = 'hang';
    const sends = countingFetch();
    const hook = createHeartbeat({
      config: { feedUrl: '/', heartbeatToken: 't' },
      appVersion: '1',
      baseUrl: base,
      timeoutMs: 300,
      fetch: sends.fetch,
    });
    expect(hook(status())).toBeUndefined();
    hook(status());
    expect(sends.started).toBe(1);
    // The hanging request is abandoned after timeoutMs.
    await expect.poll(() => sends.settled).toBe(1);
    mode = 'fail';
    hook(status());
    await expect.poll(() => sends.settled).toBe(2);
    expect(received).toHaveLength(1);
  });

  it('resolves the heartbeat URL against the feed URL', () => {
    expect(heartbeatUrl('/', 'http://kiosk.local/fees')).toBe('http://kiosk.local/api/kiosk/heartbeat');
    expect(heartbeatUrl('https://feed.example.gov.cn/', 'http://kiosk.local/')).toBe('https://feed.example.gov.cn/api/kiosk/heartbeat');
  });
});
