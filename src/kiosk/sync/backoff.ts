/**
 * When to poll next. After a failure: exponential backoff with full jitter
 * (AWS architecture blog, "Exponential Backoff And Jitter"), so a county of
 * kiosks coming back online together does not hit the server in one wave.
 */

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** The floor keeps a run of failures from turning into a hot loop when random() is near 0. */
export const BACKOFF_FLOOR_MS = 250;
/** Longest Retry-After honoured; a longer one is treated as this (a misconfigured proxy must not park a kiosk for days). */
export const RETRY_AFTER_MAX_MS = 60 * 60_000;

/** Upper bound of the delay after `failures` consecutive failures (1-based). */
export function backoffCeilingMs(failures: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}

export function backoffDelayMs(failures: number, random: () => number): number {
  return Math.max(BACKOFF_FLOOR_MS, Math.floor(random() * backoffCeilingMs(failures)));
}

/** A regular poll, spread by ±10 % so kiosks started together drift apart. */
export function pollDelayMs(pollIntervalSeconds: number, random: () => number): number {
  return Math.round(pollIntervalSeconds * 1000 * (0.9 + 0.2 * random()));
}

/** Retry-After (seconds or an HTTP date) in ms from `nowMs`, or null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(RETRY_AFTER_MAX_MS, Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, at - nowMs));
}

/** Never sooner than the server asked; up to 20 % later so the herd spreads out. */
export function retryAfterDelayMs(retryAfterMs: number, random: () => number): number {
  return Math.round(retryAfterMs * (1 + 0.2 * random()));
}
