/**
 * The sync engine as a preview sees it: content as of one verified snapshot,
 * online, never polling (a preview is looked at for minutes, then closed), so
 * nothing is applied later and no heartbeat ever follows a poll.
 */
import type { EngineView } from '../app/services';
import type { SyncStatus } from '../sync/engine';

export function stillEngine(seq: number, clockOffsetMs = 0, now: () => number = Date.now): EngineView {
  const status: SyncStatus = {
    phase: 'idle',
    snapshotProgress: null,
    cursor: seq,
    headSeq: seq,
    lastSyncAt: new Date(now() + clockOffsetMs).toISOString(),
    lastError: null,
    online: true,
    storage: { usage: null, quota: null, persisted: null },
    clockOffsetMs,
    failures: 0,
    nextPollInMs: null,
    dataAgeSeconds: 0,
    stale: false,
  };
  return {
    status: () => status,
    subscribe: () => () => undefined,
    onApplied: () => () => undefined,
    serverNow: () => now() + clockOffsetMs,
    syncNow: () => Promise.resolve(),
  };
}
