/**
 * A tiny browser page exposing the kiosk's store and sync engine to the
 * end-to-end tests (tests/e2e/sync*.test.ts) and to ad-hoc measurements,
 * without the screens: what is tested is exactly the modules the app uses.
 */
import { openKioskStore } from '../../../src/kiosk/store/kiosk-store';
import { createSyncEngine } from '../../../src/kiosk/sync/engine';

declare global {
  interface Window {
    shk: { openKioskStore: typeof openKioskStore; createSyncEngine: typeof createSyncEngine };
  }
}

window.shk = { openKioskStore, createSyncEngine };
document.getElementById('status')!.textContent = 'ready';
