/**
 * The kiosk's clock corrected by the server's: village PCs have flat CMOS
 * batteries and no network time, so anything that depends on "now" (duty
 * board, fee effective dates, notice expiry) asks this clock instead.
 *
 * The offset is measured from the HTTP Date header (1 s resolution) at the
 * midpoint of each request and smoothed; a jump larger than JUMP_MS is taken
 * at once (someone set the kiosk clock, or it was never set).
 */

export const JUMP_MS = 5 * 60_000;
/** Weight of a new sample: enough to settle in a few polls, small enough to average out the 1 s header resolution. */
const SMOOTHING = 0.25;

export interface ServerClock {
  /** Milliseconds since the epoch, corrected to the server's clock. */
  now(): number;
  /** Server clock minus kiosk clock, in ms (0 until measured). */
  offsetMs(): number;
  /** True once at least one measurement (or a persisted offset) exists. */
  measured(): boolean;
  /** Feeds one measurement; returns the new offset. Ignores a missing or unparsable header. */
  observe(dateHeader: string | null, sentAtMs: number, receivedAtMs: number): number;
}

export function createServerClock(options: { now?: () => number; initialOffsetMs?: number | null } = {}): ServerClock {
  const localNow = options.now ?? Date.now;
  let offset = options.initialOffsetMs ?? 0;
  let hasOffset = options.initialOffsetMs != null;
  return {
    now: () => localNow() + offset,
    offsetMs: () => offset,
    measured: () => hasOffset,
    observe(dateHeader, sentAtMs, receivedAtMs) {
      const serverMs = dateHeader ? Date.parse(dateHeader) : NaN;
      if (Number.isNaN(serverMs)) return offset;
      // The header is truncated to whole seconds: the true server time lies in [t, t + 1000).
      const sample = serverMs + 500 - (sentAtMs + receivedAtMs) / 2;
      if (!hasOffset || Math.abs(sample - offset) > JUMP_MS) offset = sample;
      else offset += (sample - offset) * SMOOTHING;
      offset = Math.round(offset);
      hasOffset = true;
      return offset;
    },
  };
}
