/**
 * Per-kiosk token bucket for the ingest endpoint: a kiosk coming back after
 * days offline drains its outbox in a burst, then settles to a trickle. In
 * memory: a restart only ever favours the kiosk.
 */
export class KioskRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly options: { burst: number; perMinute: number; now?: () => number } = { burst: 60, perMinute: 120 }) {}

  /** 0 when the request may go ahead (and a token is taken), else seconds to wait. */
  take(kioskId: string): number {
    const now = (this.options.now ?? Date.now)();
    const refillPerMs = this.options.perMinute / 60_000;
    const bucket = this.buckets.get(kioskId) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    this.buckets.set(kioskId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
  }
}
