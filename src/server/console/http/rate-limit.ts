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
 * Counts and trusted browsers are in the database (ShortLivedStore), so every
 * server process on it counts the same failures and sees an unlock at once;
 * a failure is counted with one upsert, so parallel attempts are all counted.
 */
import { sha256Hex } from '../accounts/tokens';
import type { ShortLivedStore } from '../short-lived-store';

export interface LoginLimiterOptions {
  freeFailures?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  forgetAfterMs?: number;
  now?: () => number;
}

/** Where an attempt's failure counts: the account's own key, or the account on a browser it used before. */
export interface LoginBucket {
  key: string;
  account: string;
}

const TRUSTED_DEVICES_PER_ACCOUNT = 20;
/** As long as the device cookie lives. */
const FORGET_DEVICE_AFTER_MS = 365 * 24 * 3600_000;
const CLEANUP_EVERY_MS = 60_000;

type LoginStore = Pick<
  ShortLivedStore,
  | 'loginFailures'
  | 'recordLoginFailure'
  | 'clearLoginFailures'
  | 'clearLoginFailuresOfAccount'
  | 'trustLoginDevice'
  | 'isTrustedLoginDevice'
  | 'forgetLoginState'
>;

export class LoginLimiter {
  private readonly freeFailures: number;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly now: () => number;
  private lastCleanup = 0;

  constructor(
    private readonly store: LoginStore,
    options: LoginLimiterOptions = {},
  ) {
    this.freeFailures = options.freeFailures ?? 5;
    this.firstDelayMs = options.firstDelayMs ?? 30_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait before an attempt in this bucket may be made, or 0. */
  async retryAfterSeconds(bucket: LoginBucket): Promise<number> {
    const until = await this.until(bucket.key);
    return until === null ? 0 : Math.ceil((until - this.now()) / 1000);
  }

  /** When the account may try again (ms since epoch), or null when it may now. */
  lockedUntil(username: string): Promise<number | null> {
    return this.until(keyOf(username));
  }

  /** Failures counted against the account (for the admin's view). */
  async failureCount(username: string): Promise<number> {
    return (await this.entry(keyOf(username)))?.count ?? 0;
  }

  async recordFailure(bucket: LoginBucket): Promise<void> {
    const at = this.now();
    await this.store.recordLoginFailure(bucket.key, bucket.account, iso(at), iso(at - this.forgetAfterMs));
    if (at - this.lastCleanup >= CLEANUP_EVERY_MS) {
      this.lastCleanup = at;
      await this.store.forgetLoginState(iso(at - this.forgetAfterMs), iso(at - FORGET_DEVICE_AFTER_MS));
    }
  }

  async recordSuccess(bucket: LoginBucket): Promise<void> {
    await this.store.clearLoginFailures(bucket.key);
  }

  /** An admin lets the owner try again at once (from anywhere, through any server process). */
  async unlock(username: string): Promise<void> {
    await this.store.clearLoginFailuresOfAccount(keyOf(username));
  }

  /** Remembers a browser where this account signed in (by a random id it keeps in a cookie; stored hashed). */
  async trustDevice(username: string, deviceId: string): Promise<void> {
    await this.store.trustLoginDevice(keyOf(username), sha256Hex(deviceId), iso(this.now()), TRUSTED_DEVICES_PER_ACCOUNT);
  }

  /** The bucket to count this attempt under: the device's own when it is one the account used before. */
  async bucket(username: string, deviceId: string | undefined): Promise<LoginBucket> {
    const account = keyOf(username);
    if (deviceId) {
      const deviceHash = sha256Hex(deviceId);
      if (await this.store.isTrustedLoginDevice(account, deviceHash)) return { key: `${account}#${deviceHash}`, account };
    }
    return { key: account, account };
  }

  private async until(key: string): Promise<number | null> {
    const entry = await this.entry(key);
    if (!entry || entry.count < this.freeFailures) return null;
    const until = entry.lastAt + this.delayAfter(entry.count);
    return until > this.now() ? until : null;
  }

  private delayAfter(count: number): number {
    const steps = count - this.freeFailures;
    return Math.min(this.firstDelayMs * 2 ** Math.min(steps, 20), this.maxDelayMs);
  }

  /** The count in force: one whose last failure is over forgetAfterMs old counts as none. */
  private async entry(key: string): Promise<{ count: number; lastAt: number } | null> {
    const stored = await this.store.loginFailures(key);
    if (!stored) return null;
    const lastAt = Date.parse(stored.lastAt);
    return this.now() - lastAt > this.forgetAfterMs ? null : { count: stored.count, lastAt };
  }
}

const keyOf = (username: string) => username.trim().toLowerCase();
const iso = (ms: number) => new Date(ms).toISOString();
