/**
 * Pairing a kiosk by a code, with no file copied anywhere: a kiosk with no
 * configuration asks for a code and shows it; staff type the code into the
 * console with the kiosk's settings; the kiosk, polling with a secret only it
 * holds, receives its configuration and token once, over the feed origin.
 *
 * Codes are 8 digits (easy to read off a screen and type) and live 10 minutes.
 * Wrong codes are slowed for everyone together: after 10 wrong codes in a
 * lifetime window every further guess waits longer (up to a minute), so at most
 * a few dozen of the 100,000,000 codes can be tried while one is valid.
 * Pending codes are kept in memory: after a restart a kiosk simply asks again.
 */
import { randomInt } from 'node:crypto';
import { randomToken, sha256Hex } from '../accounts/tokens';
import type { KioskConfig } from '../../../shared/kiosk-config';

export const PAIRING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 500;
const FREE_WRONG_GUESSES = 10;
const KEEP_USED_MS = 60 * 60_000;

interface Pairing {
  code: string;
  secretHash: string;
  expiresAt: number;
  /** Set when staff paired it; delivered to the kiosk once, then the entry is spent. */
  config: KioskConfig | null;
  delivered: boolean;
}

export type ClaimRefusal = 'unknown' | 'expired' | 'used';

export class PairingCodes {
  private readonly byCode = new Map<string, Pairing>();
  private wrong: number[] = [];

  constructor(private readonly now: () => number) {}

  /** A new code for a kiosk, and the secret it polls with. Null when too many are pending. */
  start(): { code: string; secret: string; expiresAt: string } | null {
    this.prune();
    if (this.byCode.size >= MAX_PENDING) return null;
    let code: string;
    do code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    while (this.byCode.has(code));
    const secret = randomToken(24);
    const expiresAt = this.now() + PAIRING_TTL_MS;
    this.byCode.set(code, { code, secretHash: sha256Hex(secret), expiresAt, config: null, delivered: false });
    return { code, secret, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** What the kiosk holding this secret should do now. */
  poll(secret: string): { status: 'waiting'; expiresAt: string } | { status: 'paired'; config: KioskConfig } | { status: 'expired' } {
    const hash = sha256Hex(secret);
    const entry = [...this.byCode.values()].find((p) => p.secretHash === hash);
    if (!entry || entry.delivered) return { status: 'expired' };
    if (entry.config) {
      entry.delivered = true;
      return { status: 'paired', config: entry.config };
    }
    if (entry.expiresAt <= this.now()) return { status: 'expired' };
    return { status: 'waiting', expiresAt: new Date(entry.expiresAt).toISOString() };
  }

  /** Seconds every guess must wait now (wrong codes slow everyone), or 0. */
  retryAfterSeconds(): number {
    this.wrong = this.wrong.filter((t) => t > this.now() - PAIRING_TTL_MS);
    if (this.wrong.length < FREE_WRONG_GUESSES) return 0;
    const delayMs = Math.min(2_000 * 2 ** (this.wrong.length - FREE_WRONG_GUESSES), 60_000);
    const wait = this.wrong[this.wrong.length - 1]! + delayMs - this.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Checks a code typed by staff: the pending entry, or why it is refused (a refusal counts as a wrong guess). */
  check(typed: string): { ok: true; code: string } | { ok: false; reason: ClaimRefusal } {
    const code = normaliseCode(typed);
    const entry = this.byCode.get(code);
    const reason: ClaimRefusal | null = !entry ? 'unknown' : entry.config ? 'used' : entry.expiresAt <= this.now() ? 'expired' : null;
    if (reason) {
      this.wrong.push(this.now());
      return { ok: false, reason };
    }
    return { ok: true, code };
  }

  /** Hands the configuration to the kiosk waiting with this code. */
  fulfil(code: string, config: KioskConfig): void {
    const entry = this.byCode.get(code);
    if (entry) entry.config = config;
  }

  private prune() {
    const at = this.now();
    // Spent and expired codes stay a while so that a late entry is told "expired" or "used", not "unknown".
    for (const [code, p] of this.byCode) if (p.expiresAt + KEEP_USED_MS <= at) this.byCode.delete(code);
  }
}

/** "1234 5678", "1234-5678" and full-width digits all mean 12345678. */
export function normaliseCode(typed: string): string {
  return typed.normalize('NFKC').replace(/[\s-]/g, '');
}
