/**
 * Fleet alerts against a real local HTTP receiver: a kiosk reporting
 * non-persistent storage and repeated errors, then falling silent, raises
 * alerts that the console lists and that are posted, signed, to the webhook;
 * a failing or hanging receiver is retried with backoff and never blocks.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertMonitor, DEFAULT_THRESHOLDS } from '../../../src/server/console/fleet/alerts';
import { createWebhookSender } from '../../../src/server/console/fleet/webhook';
import { startHarness, type Harness } from './support/harness';

const SECRET = 'webhook-secret-for-tests';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver answering each request with the next status in `plan` (then 200); 'hang' never answers. */
async function startReceiver(plan: (number | 'hang')[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const next = plan.shift() ?? 200;
      if (next === 'hang') return;
      res.writeHead(next, { 'Content-Type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let h: Harness | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await h?.close();
  await receiver?.close();
  h = undefined;
  receiver = undefined;
});

function verify(r: Received) {
  const timestamp = String(r.headers['x-signature-timestamp']);
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${r.body}`).digest('hex')}`;
  return r.headers['x-signature-sha256'] === expected;
}

describe('fleet alerts', () => {
  it('raises alerts from heartbeats and silence, lists them, and posts them signed to the webhook', async () => {
    receiver = await startReceiver([500]); // the first post fails: it is retried
    h = await startHarness({ console: { alerts: { webhookUrl: receiver.url, webhookSecret: SECRET, intervalMs: 0 } } });
    const admin = await h.login('admin');
    const { code, secret } = await (await fetch(`${h.url}/api/kiosk/pairing`, { method: 'POST' })).json();
    await admin.json('POST', '/api/console/kiosks/pair', {
      code,
      id: 'kiosk-county-7',
      hallId: 'hall-county',
      name: '7 号机',
      staffPin: '135790',
    });
    const { config } = await (
      await fetch(`${h.url}/api/kiosk/pairing/status`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } })
    ).json();
    const beat = await fetch(`${h.url}/api/kiosk/heartbeat`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.heartbeatToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        appVersion: '1',
        cursor: 0,
        storagePersisted: false,
        errorCount: 6,
        lastError: '签名校验失败',
        dataAgeSeconds: 7300,
      }),
    });
    expect(beat.status).toBe(200);

    const listed = await admin.json('GET', '/api/console/alerts?refresh=1');
    expect(listed.body.webhookConfigured).toBe(true);
    expect(listed.body.alerts.map((a: { kind: string }) => a.kind).sort()).toEqual([
      'repeated-errors',
      'stale-data',
      'storage-not-persisted',
    ]);
    expect(listed.body.alerts.find((a: { kind: string }) => a.kind === 'repeated-errors').message).toContain('签名校验失败');

    // Failed once (HTTP 500), delivered on the retry; both posts signed.
    await h.console.alerts.check(); // nothing new: no further post
    await expect.poll(() => receiver!.received.length, { timeout: 10_000 }).toBe(2);
    expect(receiver.received.every(verify)).toBe(true);
    const first = JSON.parse(receiver.received[1]!.body);
    expect(first.msgtype).toBe('text');
    expect(first.text.content).toContain('【告警】7 号机（kiosk-county-7）的本机存储不是持久存储');
    expect(first.raised).toHaveLength(3);

    // Silent for 20 minutes: one alert for it; what it reported before is cleared.
    h.clock.advance(20 * 60_000);
    const { raised, cleared } = await h.console.alerts.check();
    expect(raised.map((a) => a.kind)).toEqual(['silent']);
    expect(cleared).toHaveLength(3);
    await expect.poll(() => receiver!.received.length, { timeout: 10_000 }).toBe(3);
    const silent = JSON.parse(receiver.received[2]!.body);
    expect(silent.text.content).toContain('【告警】7 号机（kiosk-county-7）已 20 分钟没有联系');
    expect(verify(receiver.received[2]!)).toBe(true);
    // A tampered body does not verify.
    expect(verify({ ...receiver.received[2]!, body: receiver.received[2]!.body.replace('20', '21') })).toBe(false);
    expect((await admin.json('GET', '/api/console/alerts')).body.alerts.map((a: { kind: string }) => a.kind)).toEqual(['silent']);

    // A restarted server (a new monitor on the same database) neither raises it again nor forgets it.
    const restarted = createAlertMonitor({
      fleet: h.console.fleet,
      consoleStore: h.console.consoleStore,
      now: () => new Date(h!.clock.ms),
      thresholds: DEFAULT_THRESHOLDS,
      webhook: null,
    });
    expect(await restarted.check()).toEqual({ raised: [], cleared: [] });
    expect((await restarted.active()).map((a) => [a.kind, a.raisedAt])).toEqual([['silent', raised[0]!.raisedAt]]);
    // The three cleared ones are history, with raised and resolved times.
    const listed2 = (await admin.json('GET', '/api/console/alerts')).body;
    expect(listed2.history.map((a: { kind: string }) => a.kind).sort()).toEqual(['repeated-errors', 'stale-data', 'storage-not-persisted']);
    expect(listed2.history[0]).toMatchObject({ raisedAt: listed.body.alerts[0].raisedAt, resolvedAt: new Date(h.clock.ms).toISOString() });
  });

  it('retries a hanging receiver with backoff, returns at once, and gives up after the last attempt', async () => {
    receiver = await startReceiver(['hang', 'hang', 'hang']);
    const failures: { attempts: number; error: string }[] = [];
    const sender = createWebhookSender({
      url: receiver.url,
      secret: SECRET,
      maxAttempts: 3,
      baseDelayMs: 20,
      timeoutMs: 300,
      onFailed: (f) => failures.push(f),
    });
    sender.send({ msgtype: 'text', text: { content: 'x' } });
    expect(receiver.received).toHaveLength(0); // send() did not wait for anything
    await sender.idle();
    expect(receiver.received).toHaveLength(3);
    expect(failures).toEqual([{ attempts: 3, error: expect.stringMatching(/Timeout|abort/i) }]);
  });
});
