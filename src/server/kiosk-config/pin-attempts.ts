/**
 * Wrong staff PINs per kiosk: after MAX_WRONG in a row the panel is locked
 * for LOCK_MINUTES, and each further wrong PIN after a lock doubles the lock
 * (up to an hour). Four to twelve digits fall to a few thousand guesses, so
 * a few tries per lock period keeps guessing hopeless. In memory: a restart
 * forgets (the kiosk keeps its own count too, see src/kiosk/config/pin-attempts.ts).
 */
export const MAX_WRONG_PINS = 5;
export const PIN_LOCK_MINUTES = 5;
const MAX_LOCK_MS = 60 * 60_000;
const MAX_TRACKED = 10_000;

interface Entry {
  wrong: number;
  lockedUntil: number;
  locks: number;
}

export class PinAttemptLimiter {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  lockedForSeconds(key: string): number {
    const entry = this.entries.get(key);
    const left = entry ? entry.lockedUntil - this.now() : 0;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  attemptsLeft(key: string): number {
    return Math.max(0, MAX_WRONG_PINS - (this.entries.get(key)?.wrong ?? 0));
  }

  /** Records a wrong PIN; returns the lock in seconds it started (0 if none). */
  failed(key: string): number {
    if (!this.entries.has(key) && this.entries.size >= MAX_TRACKED) this.entries.delete(this.entries.keys().next().value!);
    const entry = this.entries.get(key) ?? { wrong: 0, lockedUntil: 0, locks: 0 };
    entry.wrong += 1;
    this.entries.set(key, entry);
    // After a lock has run out one more wrong PIN locks again, for twice as long.
    if (entry.wrong >= MAX_WRONG_PINS || entry.locks > 0) {
      const ms = Math.min(PIN_LOCK_MINUTES * 60_000 * 2 ** entry.locks, MAX_LOCK_MS);
      entry.locks += 1;
      entry.wrong = 0;
      entry.lockedUntil = this.now() + ms;
      return Math.ceil(ms / 1000);
    }
    return 0;
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }
}
