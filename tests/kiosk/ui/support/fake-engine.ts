/** A sync engine stand-in whose clock, status and applied events the test drives. */
import type { AppliedEvent, EngineStatusView, EngineView } from '../../../../src/kiosk/app/services';

export class FakeEngine implements EngineView {
  nowMs: number;
  private current: EngineStatusView;
  private statusListeners = new Set<(s: EngineStatusView) => void>();
  private appliedListeners = new Set<(e: AppliedEvent) => void>();
  syncCalls = 0;

  constructor(nowIso: string, status: Partial<EngineStatusView> = {}) {
    this.nowMs = Date.parse(nowIso);
    this.current = {
      phase: 'idle',
      snapshotProgress: null,
      cursor: 10,
      headSeq: 10,
      lastSyncAt: nowIso,
      lastError: null,
      online: true,
      storage: { usage: 1_500_000, quota: 100_000_000, persisted: true },
      clockOffsetMs: 0,
      failures: 0,
      nextPollInMs: 30_000,
      dataAgeSeconds: 0,
      stale: false,
      ...status,
    };
  }
  status() {
    return this.current;
  }
  setStatus(patch: Partial<EngineStatusView>) {
    this.current = { ...this.current, ...patch };
    for (const fn of this.statusListeners) fn(this.current);
  }
  subscribe(fn: (s: EngineStatusView) => void) {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }
  onApplied(fn: (e: AppliedEvent) => void) {
    this.appliedListeners.add(fn);
    return () => this.appliedListeners.delete(fn);
  }
  emitApplied(event: AppliedEvent = { kind: 'changes', changes: [], to: 11 }) {
    for (const fn of this.appliedListeners) fn(event);
  }
  serverNow() {
    return this.nowMs;
  }
  async syncNow() {
    this.syncCalls++;
  }
}
