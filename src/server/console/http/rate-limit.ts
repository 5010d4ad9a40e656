/**
 * Login throttling: 5 failures for one username from one address within 15
 * minutes lock that pair until the oldest failure ages out (429 with
 * Retry-After); 50 failures from one address lock the address (password spraying).
 * In memory: a restart forgets, which only ever favours a legitimate user.
 */
export interface LoginLimiterOptions {
  maxPerUser?: number;
  maxPerAddress?: number;
  windowMs?: number;
  now?: () => number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxPerUser: number;
  private readonly maxPerAddress: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: LoginLimiterOptions = {}) {
    this.maxPerUser = options.maxPerUser ?? 5;
    this.maxPerAddress = options.maxPerAddress ?? 50;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait, or 0 when a login attempt is allowed now. */
  retryAfterSeconds(username: string, address: string): number {
    const wait = Math.max(this.wait(this.userKey(username, address), this.maxPerUser), this.wait(`ip|${address}`, this.maxPerAddress));
    return Math.ceil(wait / 1000);
  }

  recordFailure(username: string, address: string): void {
    for (const key of [this.userKey(username, address), `ip|${address}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  recordSuccess(username: string, address: string): void {
    this.failures.delete(this.userKey(username, address));
  }

  private userKey(username: string, address: string) {
    return `u|${username.trim().toLowerCase()}|${address}`;
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private wait(key: string, max: number): number {
    const list = this.recent(key);
    if (list.length < max) return 0;
    return list[list.length - max]! + this.windowMs - this.now();
  }
}
