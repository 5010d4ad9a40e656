/**
 * Login throttling per account, never per address: in a service hall every
 * workstation shares one public address, so an address lock let one person
 * (or one script) lock every colleague out. Instead each account gets
 * increasing delays: after FREE_FAILURES wrong passwords each further attempt
 * must wait 30 s, 60 s, 2 min … up to 15 min. A guesser thus gets a few dozen
 * tries a day per account, which zxcvbn-checked passwords withstand; an admin
 * can clear the delay at once (unlock). So that a stranger hammering an account
 * cannot keep its owner out, a browser where the account signed in before
 * (a device cookie, as OWASP suggests) has its own count and is not delayed by
 * failures from elsewhere. Failures are forgotten a day after the last one.
 * In memory: a restart forgets, which only ever favours the owner.
 */
export interface LoginLimiterOptions {
  freeFailures?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  forgetAfterMs?: number;
  now?: () => number;
}

interface AccountFailures {
  count: number;
  lastAt: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, AccountFailures>();
  private readonly trustedDevices = new Map<string, Set<string>>();
  private readonly freeFailures: number;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly now: () => number;

  constructor(options: LoginLimiterOptions = {}) {
    this.freeFailures = options.freeFailures ?? 5;
    this.firstDelayMs = options.firstDelayMs ?? 30_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait before this account may try again, or 0. */
  retryAfterSeconds(username: string): number {
    const until = this.lockedUntil(username);
    return until === null ? 0 : Math.ceil((until - this.now()) / 1000);
  }

  /** When the account may try again (ms since epoch), or null when it may now. */
  lockedUntil(username: string): number | null {
    const entry = this.entry(username);
    if (!entry || entry.count < this.freeFailures) return null;
    const until = entry.lastAt + this.delayAfter(entry.count);
    return until > this.now() ? until : null;
  }

  /** Failures counted against the account (for the admin's view). */
  failureCount(username: string): number {
    return this.entry(username)?.count ?? 0;
  }

  recordFailure(username: string): void {
    const key = keyOf(username);
    const entry = this.entry(username);
    this.failures.set(key, { count: (entry?.count ?? 0) + 1, lastAt: this.now() });
    if (this.failures.size > 10_000) this.prune();
  }

  recordSuccess(username: string): void {
    this.failures.delete(keyOf(username));
  }

  /** An admin lets the owner try again at once (from anywhere). */
  unlock(username: string): void {
    const prefix = keyOf(username);
    for (const key of [...this.failures.keys()]) if (key === prefix || key.startsWith(`${prefix}#`)) this.failures.delete(key);
  }

  /** Remembers a browser where this account signed in (by a random id it keeps in a cookie). */
  trustDevice(username: string, deviceId: string): void {
    const key = keyOf(username);
    const set = this.trustedDevices.get(key) ?? new Set<string>();
    set.add(deviceId);
    if (set.size > 20) set.delete(set.values().next().value!);
    this.trustedDevices.set(key, set);
  }

  /** The key to count this attempt under: the device's own when it is one the account used before. */
  bucket(username: string, deviceId: string | undefined): string {
    return deviceId && this.trustedDevices.get(keyOf(username))?.has(deviceId) ? `${username}#${deviceId}` : username;
  }

  private delayAfter(count: number): number {
    const steps = count - this.freeFailures;
    return Math.min(this.firstDelayMs * 2 ** Math.min(steps, 20), this.maxDelayMs);
  }

  private entry(username: string): AccountFailures | undefined {
    const key = keyOf(username);
    const entry = this.failures.get(key);
    if (entry && this.now() - entry.lastAt > this.forgetAfterMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune() {
    for (const [key, entry] of this.failures) if (this.now() - entry.lastAt > this.forgetAfterMs) this.failures.delete(key);
  }
}

const keyOf = (username: string) => username.trim().toLowerCase();
