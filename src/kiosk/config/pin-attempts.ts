/**
 * Wrong staff PINs on this kiosk: after MAX_WRONG_PINS in a row the staff
 * panel is locked for PIN_LOCK_MINUTES, and each wrong PIN after a lock locks
 * it again for twice as long (up to an hour). Kept in localStorage so a reload
 * does not reset the count. The server keeps its own count for PINs it checks.
 */
export const MAX_WRONG_PINS = 5;
export const PIN_LOCK_MINUTES = 5;
const MAX_LOCK_MS = 60 * 60_000;
const KEY = 'shk-staff-pin-attempts';

interface State {
  wrong: number;
  lockedUntil: number;
  locks: number;
}

export function createPinAttempts(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = localStorage,
  now: () => number = Date.now,
) {
  const read = (): State => {
    try {
      const s = JSON.parse(storage.getItem(KEY) ?? 'null') as State | null;
      return s && typeof s.wrong === 'number' ? s : { wrong: 0, lockedUntil: 0, locks: 0 };
    } catch {
      return { wrong: 0, lockedUntil: 0, locks: 0 };
    }
  };
  const save = (s: State) => {
    try {
      storage.setItem(KEY, JSON.stringify(s));
    } catch {
      // Storage blocked: the count lives as long as the page.
    }
  };
  return {
    /** Seconds the panel stays locked (0 when a PIN may be tried). */
    lockedForSeconds(): number {
      const left = read().lockedUntil - now();
      return left > 0 ? Math.ceil(left / 1000) : 0;
    },
    attemptsLeft(): number {
      return Math.max(0, MAX_WRONG_PINS - read().wrong);
    },
    /** A wrong PIN; returns the seconds of the lock it started (0 if none). */
    failed(): number {
      const s = read();
      s.wrong += 1;
      let lock = 0;
      if (s.wrong >= MAX_WRONG_PINS || s.locks > 0) {
        lock = Math.min(PIN_LOCK_MINUTES * 60_000 * 2 ** s.locks, MAX_LOCK_MS);
        s.locks += 1;
        s.wrong = 0;
        s.lockedUntil = now() + lock;
      }
      save(s);
      return Math.ceil(lock / 1000);
    },
    succeeded(): void {
      try {
        storage.removeItem(KEY);
      } catch {
        // nothing kept
      }
    },
  };
}

/** "请 5 分钟后再试" for a lock of this many seconds. */
export function lockedMessage(seconds: number): string {
  return `密码错误次数过多，维护面板已锁定，请 ${Math.max(1, Math.ceil(seconds / 60))} 分钟后再试`;
}
