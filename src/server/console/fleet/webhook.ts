/**
 * Posts alert messages to a webhook (ALERT_WEBHOOK_URL), never blocking the
 * console: each message is sent in the background, retried with exponential
 * backoff (1 s, 2 s, 4 s … up to maxAttempts) when the receiver fails, answers
 * non-2xx or hangs past the timeout.
 *
 * The body is the JSON that 政务微信 (WeCom) and 钉钉 (DingTalk) group robots
 * accept ({ msgtype: 'text', text: { content } }) plus the structured alerts.
 * With ALERT_WEBHOOK_SECRET set, every post carries
 *   X-Signature-Timestamp: <unix ms>
 *   X-Signature-SHA256: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
 * so a receiver can check it came from this server and is not a replay.
 */
import { createHmac } from 'node:crypto';

export interface WebhookOptions {
  url: string;
  secret?: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  onDelivered?: (info: { attempts: number }) => void;
  onFailed?: (info: { attempts: number; error: string }) => void;
}

export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createWebhookSender(options: WebhookOptions) {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  async function attempt(body: string): Promise<void> {
    const timestamp = String(now());
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'service-hall-kiosk-alerts',
    };
    if (options.secret) {
      headers['X-Signature-Timestamp'] = timestamp;
      headers['X-Signature-SHA256'] = signWebhookBody(options.secret, timestamp, body);
    }
    const res = await doFetch(options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    // Drain the body so the connection is released.
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  }

  async function deliver(body: string): Promise<void> {
    let lastError = '';
    for (let n = 1; n <= maxAttempts && !closed; n++) {
      try {
        await attempt(body);
        options.onDelivered?.({ attempts: n });
        return;
      } catch (err) {
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        if (n < maxAttempts) await sleep(baseDelayMs * 2 ** (n - 1));
      }
    }
    options.onFailed?.({ attempts: maxAttempts, error: lastError });
  }

  return {
    /** Queues one message; returns at once. */
    send(payload: unknown): void {
      if (closed) return;
      const p = deliver(JSON.stringify(payload)).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    /** Settles when every message sent so far is delivered or given up (for tests and shutdown). */
    async idle(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    close() {
      closed = true;
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
}
