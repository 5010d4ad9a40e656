/**
 * Two-factor sign-in with time-based one-time codes (RFC 6238, the kind every
 * authenticator app reads from a QR code): 6 digits, 30 s steps, SHA-1, and
 * one step of clock drift either way. A code is accepted once only: the step it
 * belonged to is remembered and no code of that step or an earlier one passes.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = '政务公开内容管理';
const PERIOD = 30;

function totp(secretBase32: string, label: string) {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A fresh random secret (160 bits, base32). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

/**
 * The time step of a valid, not yet used code, or null. `lastCounter` is the
 * step of the last code accepted for this account.
 */
export function checkTotp(secretBase32: string, code: string, at: Date, lastCounter: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const timestamp = at.getTime();
  const delta = totp(secretBase32, '').validate({ token, timestamp, window: 1 });
  if (delta === null) return null;
  const counter = TOTP.counter({ period: PERIOD, timestamp }) + delta;
  if (lastCounter !== null && counter <= lastCounter) return null;
  return counter;
}

/** The current code (tests and the admin-create script use it; the server never shows it). */
export function currentTotp(secretBase32: string, at: Date): string {
  return totp(secretBase32, '').generate({ timestamp: at.getTime() });
}
