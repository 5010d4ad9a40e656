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
 * Pending codes and wrong guesses are in the database (ShortLivedStore), so a
 * code shown through one server process can be entered through another, and
 * guesses through all of them count together. A code is claimed by one
 * conditional UPDATE, so two staff entering it at once pair one kiosk, and
 * the kiosk takes its configuration the same way, once.
 */
import { randomInt } from 'node:crypto';
import { randomToken, sha256Hex } from '../accounts/tokens';
import type { KioskConfig } from '../../../shared/kiosk-config';
import type { ShortLivedStore } from '../short-lived-store';

export const PAIRING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 500;
const FREE_WRONG_GUESSES = 10;
const KEEP_USED_MS = 60 * 60_000;

export type ClaimRefusal = 'unknown' | 'expired' | 'used';

type PairingStore = Pick<
  ShortLivedStore,
  | 'insertPairing'
  | 'countPairings'
  | 'pairingByCode'
  | 'pairingBySecret'
  | 'claimPairing'
  | 'releasePairing'
  | 'setPairingConfig'
  | 'takePairingConfig'
  | 'recordPairingGuess'
  | 'pairingGuessesSince'
  | 'forgetPairings'
>;

const iso = (ms: number) => new Date(ms).toISOString();

export class PairingCodes {
  constructor(
    private readonly store: PairingStore,
    private readonly now: () => number,
  ) {}

  /** A new code for a kiosk, and the secret it polls with. Null when too many are pending. */
  async start(): Promise<{ code: string; secret: string; expiresAt: string } | null> {
    await this.prune();
    if ((await this.store.countPairings()) >= MAX_PENDING) return null;
    const secret = randomToken(24);
    const expiresAt = iso(this.now() + PAIRING_TTL_MS);
    let code: string;
    // A code in use (in any process) is refused by its primary key: draw again.
    do code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    while (!(await this.store.insertPairing(code, sha256Hex(secret), expiresAt)));
    return { code, secret, expiresAt };
  }

  /** What the kiosk holding this secret should do now. */
  async poll(
    secret: string,
  ): Promise<{ status: 'waiting'; expiresAt: string } | { status: 'paired'; config: KioskConfig } | { status: 'expired' }> {
    const hash = sha256Hex(secret);
    const config = await this.store.takePairingConfig(hash);
    if (config !== null) return { status: 'paired', config: JSON.parse(config) as KioskConfig };
    const entry = await this.store.pairingBySecret(hash);
    if (!entry || entry.delivered || Date.parse(entry.expiresAt) <= this.now()) return { status: 'expired' };
    return { status: 'waiting', expiresAt: entry.expiresAt };
  }

  /** Seconds every guess must wait now (wrong codes slow everyone), or 0. */
  async retryAfterSeconds(): Promise<number> {
    const { count, lastAt } = await this.store.pairingGuessesSince(iso(this.now() - PAIRING_TTL_MS));
    if (count < FREE_WRONG_GUESSES || !lastAt) return 0;
    const delayMs = Math.min(2_000 * 2 ** (count - FREE_WRONG_GUESSES), 60_000);
    const wait = Date.parse(lastAt) + delayMs - this.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Checks a code typed by staff: the pending entry, or why it is refused (a refusal counts as a wrong guess). */
  async check(typed: string): Promise<{ ok: true; code: string } | { ok: false; reason: ClaimRefusal }> {
    const code = normaliseCode(typed);
    const entry = await this.store.pairingByCode(code);
    const reason: ClaimRefusal | null = !entry
      ? 'unknown'
      : entry.claimed
        ? 'used'
        : Date.parse(entry.expiresAt) <= this.now()
          ? 'expired'
          : null;
    if (reason) return this.refuse(reason);
    return { ok: true, code };
  }

  /**
   * Takes a checked code for one pairing: false when someone else (through
   * any server process) took it first or it expired meanwhile, so only one
   * kiosk is made for it.
   */
  async claim(code: string): Promise<{ ok: true } | { ok: false; reason: ClaimRefusal }> {
    if (await this.store.claimPairing(code, iso(this.now()))) return { ok: true };
    const entry = await this.store.pairingByCode(code);
    return { ok: false, reason: !entry ? 'unknown' : entry.claimed ? 'used' : 'expired' };
  }

  /** Gives a claimed code back when its pairing failed before a configuration was made. */
  async release(code: string): Promise<void> {
    await this.store.releasePairing(code);
  }

  /** Hands the configuration to the kiosk waiting with this (claimed) code. */
  async fulfil(code: string, config: KioskConfig): Promise<void> {
    await this.store.setPairingConfig(code, JSON.stringify(config));
  }

  private async refuse(reason: ClaimRefusal): Promise<{ ok: false; reason: ClaimRefusal }> {
    await this.prune();
    await this.store.recordPairingGuess(iso(this.now()));
    return { ok: false, reason };
  }

  private async prune() {
    const at = this.now();
    // Spent and expired codes stay a while so that a late entry is told "expired" or "used", not "unknown".
    await this.store.forgetPairings(iso(at - KEEP_USED_MS), iso(at - PAIRING_TTL_MS));
  }
}

/** "1234 5678", "1234-5678" and full-width digits all mean 12345678. */
export function normaliseCode(typed: string): string {
  return typed.normalize('NFKC').replace(/[\s-]/g, '');
}
