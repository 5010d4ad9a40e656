/**
 * Lets the home screen paint before the sync engine's code (signature
 * checks, schema validation, feed client) has loaded. It starts from what
 * the store remembers (cursor, last sync, clock offset) and forwards to the
 * real engine once main.tsx attaches it, so screens never see the switch.
 */
import type { SyncMeta } from '../store/kiosk-store';
import type { AppliedEvent, SyncEngine, SyncStatus } from '../sync/engine';
import type { EngineView } from './services';

export interface DeferredEngine extends EngineView {
  attach(engine: Pick<SyncEngine, 'status' | 'subscribe' | 'onApplied' | 'serverNow' | 'syncNow'>): void;
}

export function createDeferredEngine(seed: { cursor: number | null; meta: SyncMeta }, now: () => number = Date.now): DeferredEngine {
  let real: EngineView | null = null;
  const seedOffset = seed.meta.clockOffsetMs ?? 0;
  let status: SyncStatus = {
    phase: 'starting',
    snapshotProgress: null,
    cursor: seed.cursor,
    headSeq: seed.meta.headSeen,
    lastSyncAt: seed.meta.lastSyncAt,
    lastError: seed.meta.lastError,
    online: typeof navigator === 'undefined' || navigator.onLine !== false,
    storage: { usage: null, quota: null, persisted: null },
    clockOffsetMs: seedOffset,
    failures: 0,
    nextPollInMs: null,
    dataAgeSeconds: null,
    stale: false,
  };
  const statusListeners = new Set<(s: SyncStatus) => void>();
  const appliedListeners = new Set<(e: AppliedEvent) => void>();

  // While the engine is still loading its own state it reports nulls; keep what the store told us.
  const merge = (s: SyncStatus): SyncStatus => ({
    ...s,
    cursor: s.cursor ?? (s.phase === 'starting' ? status.cursor : s.cursor),
    headSeq: s.headSeq ?? status.headSeq,
    lastSyncAt: s.lastSyncAt ?? status.lastSyncAt,
  });
  const publish = (s: SyncStatus) => {
    status = merge(s);
    for (const fn of statusListeners) fn(status);
  };

  return {
    status: () => status,
    subscribe(fn) {
      statusListeners.add(fn);
      return () => statusListeners.delete(fn);
    },
    onApplied(fn) {
      appliedListeners.add(fn);
      return () => appliedListeners.delete(fn);
    },
    serverNow: () => (real && status.phase !== 'starting' ? real.serverNow() : now() + seedOffset),
    syncNow: () => (real ? real.syncNow() : Promise.resolve()),
    attach(engine) {
      real = engine;
      engine.subscribe(publish);
      engine.onApplied((e) => {
        for (const fn of appliedListeners) fn(e);
      });
      publish(engine.status());
    },
  };
}
