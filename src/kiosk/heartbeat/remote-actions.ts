/**
 * The remote actions a kiosk carries out when the console asks (see remote.ts):
 * reload the page; resync from scratch (delete the content and search
 * databases, then reload: the next start downloads everything again); clear the
 * cached app files (Cache Storage, so the next load fetches them fresh);
 * rebuild the live search index from stored content; draw the screen and
 * upload it (each of the last two in its own lazy chunk).
 */
import { DEFAULT_DB_NAME } from '../store/layout';
import type { KioskConfig } from '../../shared/kiosk-config';
import type { KioskStore } from '../store/kiosk-store';
import type { KioskServices } from '../app/services';
import type { RemoteActionKind } from './remote';

/** The search index's own database (SEARCH_DB_NAME in search/persist.ts; not imported, to keep the search code out of this chunk). */
const SEARCH_DB_NAME = 'shk-search';

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
    // Another tab holds it open: it is deleted once that tab lets go; reload anyway.
    request.onblocked = () => resolve();
  });
}

export interface RemoteActionDeps {
  store: Pick<KioskStore, 'close'>;
  config: Pick<KioskConfig, 'feedUrl' | 'heartbeatToken'>;
  /** What the page's live search service is made from (kioskSearchService: the one the search screen uses). */
  search: Pick<KioskServices, 'reader' | 'engine'>;
}

export function remoteActions(deps: RemoteActionDeps): Record<RemoteActionKind, (actionId: number) => Promise<string | void>> {
  const { store } = deps;
  return {
    async reload() {
      location.reload();
    },
    async resync() {
      store.close();
      await deleteDatabase(DEFAULT_DB_NAME);
      await deleteDatabase(SEARCH_DB_NAME);
      location.reload();
    },
    async 'clear-cache'() {
      if (typeof caches !== 'undefined') for (const key of await caches.keys()) await caches.delete(key);
      location.reload();
    },
    async 'rebuild-index'() {
      const { rebuildSearchIndex } = await import('./rebuild-index');
      // The search screen's own service (loaded here if no one has searched yet), so the next search uses the new index.
      const service = () => import('../search/kiosk-search').then(({ kioskSearchService }) => kioskSearchService(deps.search));
      return rebuildSearchIndex({ service });
    },
    async screenshot(actionId) {
      if (!deps.config.heartbeatToken) throw new Error('no kiosk token to upload with');
      const { takeAndUploadScreenshot } = await import('./screenshot');
      return takeAndUploadScreenshot({ actionId, feedUrl: deps.config.feedUrl, token: deps.config.heartbeatToken });
    },
  };
}

/** Reloads once nobody has touched the screen for `quietMs` (checked every few seconds). */
export function reloadWhenIdle(quietMs: number): void {
  let last = Date.now();
  const touched = () => {
    last = Date.now();
  };
  for (const type of ['pointerdown', 'keydown', 'touchstart'] as const) addEventListener(type, touched, { capture: true, passive: true });
  const timer = setInterval(() => {
    if (Date.now() - last < quietMs) return;
    clearInterval(timer);
    location.reload();
  }, 2_000);
}
