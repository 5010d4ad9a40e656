/**
 * The console's short-lived state, kept in the database so that several
 * server processes on one database share it (a load balancer may send each
 * request to a different one): login failures and trusted browsers
 * (http/rate-limit.ts), password-accepted logins waiting for their two-factor
 * code (http/auth-routes.ts), pending pairing codes and wrong guesses
 * (fleet/pairing.ts) and the one-time first-admin setup token.
 *
 * The rules live with their users; this interface only stores, and does the
 * few steps that must be atomic across processes in one statement: a failure
 * is counted with one upsert, a pairing code is claimed and a configuration
 * taken by a conditional UPDATE … RETURNING, the setup token is spent by a
 * conditional DELETE … RETURNING. Times are UTC ISO strings (they compare as
 * text), as everywhere in the console's tables.
 */

/** Failed logins counted under one key: an account, or an account on a browser it used before. */
export interface LoginFailureCount {
  count: number;
  lastAt: string;
}

/** A password accepted for an account with two-factor, waiting for the code. */
export interface LoginChallenge {
  userId: string;
  /** The key its failures count under (see LoginLimiter.bucket). */
  bucket: string;
  account: string;
  address: string;
  expiresAt: string;
  tries: number;
}

export interface PairingRow {
  code: string;
  secretHash: string;
  expiresAt: string;
  /** Staff entered the code (the code is spent even before its configuration is ready). */
  claimed: boolean;
  /** The configuration (JSON) waiting for the kiosk; cleared once delivered. */
  config: string | null;
  delivered: boolean;
}

export interface ShortLivedStore {
  // Login throttling
  loginFailures(bucket: string): Promise<LoginFailureCount | null>;
  /**
   * Counts one failure in one statement (processes never lose a count); a
   * count whose last failure is older than forgetBefore starts again at 1.
   * Returns the new count.
   */
  recordLoginFailure(bucket: string, account: string, at: string, forgetBefore: string): Promise<number>;
  clearLoginFailures(bucket: string): Promise<void>;
  /** Every count of the account (its own and its trusted browsers'). */
  clearLoginFailuresOfAccount(account: string): Promise<void>;
  /** Remembers a browser (by the hash of its id) for the account; keeps the newest `keep`. */
  trustLoginDevice(account: string, deviceHash: string, at: string, keep: number): Promise<void>;
  isTrustedLoginDevice(account: string, deviceHash: string): Promise<boolean>;
  /** Deletes counts last touched before failuresBefore and browsers last used before devicesBefore. */
  forgetLoginState(failuresBefore: string, devicesBefore: string): Promise<void>;

  // Two-factor challenges (keyed by the hash of the token the browser holds)
  createLoginChallenge(hash: string, challenge: LoginChallenge): Promise<void>;
  getLoginChallenge(hash: string): Promise<LoginChallenge | null>;
  /** Adds one wrong code; returns the new number of tries (0 when the challenge is gone). */
  countLoginChallengeTry(hash: string): Promise<number>;
  /** Deletes it; true only for the one caller that did (a challenge is used once). */
  takeLoginChallenge(hash: string): Promise<boolean>;
  forgetLoginChallenges(expiredBefore: string): Promise<void>;

  // Pairing codes
  /** False when the code is already in use (the caller draws another). */
  insertPairing(code: string, secretHash: string, expiresAt: string): Promise<boolean>;
  countPairings(): Promise<number>;
  pairingByCode(code: string): Promise<PairingRow | null>;
  pairingBySecret(secretHash: string): Promise<PairingRow | null>;
  /** Marks the code used if it is unclaimed and not expired at `at`; true only for the one caller that did. */
  claimPairing(code: string, at: string): Promise<boolean>;
  /** Undoes a claim whose pairing failed before any configuration was made. */
  releasePairing(code: string): Promise<void>;
  setPairingConfig(code: string, config: string): Promise<void>;
  /** The configuration, once: marks it delivered and clears it in the same statement. */
  takePairingConfig(secretHash: string): Promise<string | null>;
  recordPairingGuess(at: string): Promise<void>;
  /** Wrong guesses after `since`, and when the last one was. */
  pairingGuessesSince(since: string): Promise<{ count: number; lastAt: string | null }>;
  /** Deletes codes that expired before codesBefore and guesses before guessesBefore. */
  forgetPairings(codesBefore: string, guessesBefore: string): Promise<void>;

  // The first-admin setup token (one for every process)
  /** Stores `token` unless one is stored already; returns the stored one (null if it was spent meanwhile). */
  offerSetupToken(token: string, at: string): Promise<string | null>;
  setupToken(): Promise<string | null>;
  /** Deletes the token if it is `token`; true only for the one caller that did. */
  takeSetupToken(token: string): Promise<boolean>;
  clearSetupToken(): Promise<void>;
}
