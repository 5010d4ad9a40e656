/**
 * The day the bench ran (UTC), for the `date` field of every figure: the figures belong to the
 * machine and code of that day. The scaled data's own clock (bench-search.ts NOW) is another thing.
 */
export function runDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
