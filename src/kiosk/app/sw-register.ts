/**
 * Registers the service worker that precaches the app shell, so a kiosk
 * starts with no network at all. Content (feed, media) is stored by the app
 * itself in IndexedDB, never by the service worker.
 *
 * A new app version installs in the background and takes control at once
 * (skipWaiting + clientsClaim); the page keeps running the old code until the
 * next idle reset, when nobody is in the middle of reading, and reloads then.
 * Taking control also deletes the old version's precached chunks, so a screen
 * the page has not loaded yet can no longer load: then the page reloads into
 * the new version at once, on the screen that was asked for, and the visitor
 * keeps their language and elder mode (reloadForStaleChunks).
 */
import { kioskLog } from '../log/kiosk-log';
declare const __REGISTER_SW__: boolean;

let updateWaiting = false;

/** A kiosk page runs for days without a navigation, and navigations are when browsers look for a new worker. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export async function registerServiceWorker(): Promise<void> {
  if (!__REGISTER_SW__ || !('serviceWorker' in navigator)) return;
  // Watched here rather than through workbox-window's 'controlling' event: its isUpdate is fixed when
  // the page registers, so a kiosk installed this morning would never notice this afternoon's version.
  let hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install also takes control; only a replacement means new code.
    if (hadController) updateWaiting = true;
    hadController = true;
  });
  try {
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox('/sw.js', { scope: '/' });
    await wb.register();
    setInterval(() => void wb.update().catch(() => undefined), UPDATE_CHECK_MS);
  } catch (err) {
    kioskLog.warn('service worker registration failed; the kiosk still works online', err);
  }
}

/** Called at an idle reset: loads the new version, at home, if one has arrived. Returns whether it does. */
export function reloadIfUpdated(): boolean {
  if (!updateWaiting) return false;
  // Home, not the screen the last visitor left open: this is the reset for the next person.
  location.replace('/');
  return true;
}

/** The visitor's choices, carried across a reload for a new version. */
export interface CarriedVisit {
  language: string;
  elder: boolean;
}

const CARRIED_VISIT_KEY = 'shk:visit-across-update';
/** A carried visit older than this belongs to somebody else (or the reload did not help): ignore it. */
const CARRY_WINDOW_MS = 30_000;

/**
 * Listens for Vite's 'vite:preloadError' (a lazy chunk failed to load). When a new version has taken
 * control, the chunk is gone for good: reload into the new version, once. Otherwise (or if the reload
 * just happened and it still fails) the error boundary deals with it as with any broken screen.
 */
export function reloadForStaleChunks(currentVisit: () => CarriedVisit): void {
  window.addEventListener('vite:preloadError', () => {
    if (!updateWaiting || recentCarried()) return;
    try {
      sessionStorage.setItem(CARRIED_VISIT_KEY, JSON.stringify({ ...currentVisit(), at: Date.now() }));
    } catch {
      return; // without storage the reload could loop: leave it to the error boundary
    }
    location.reload();
  });
}

/** At start: the visit a reload for a new version interrupted a moment ago, if any. */
export function takeCarriedVisit(): CarriedVisit | null {
  // The marker stays until the window passes, so a second failure does not reload again.
  const carried = recentCarried();
  return carried && { language: carried.language, elder: carried.elder };
}

/** The carried visit if it was written within CARRY_WINDOW_MS, else null. */
function recentCarried(): (CarriedVisit & { at: number }) | null {
  try {
    const raw = JSON.parse(sessionStorage.getItem(CARRIED_VISIT_KEY) ?? 'null') as Partial<CarriedVisit & { at: number }> | null;
    if (!raw || typeof raw.language !== 'string' || typeof raw.elder !== 'boolean' || typeof raw.at !== 'number') return null;
    return Date.now() - raw.at <= CARRY_WINDOW_MS ? { language: raw.language, elder: raw.elder, at: raw.at } : null;
  } catch {
    return null;
  }
}
