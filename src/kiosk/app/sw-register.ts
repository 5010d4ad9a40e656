/**
 * Registers the service worker that precaches the app shell, so a kiosk
 * starts with no network at all. Content (feed, media) is stored by the app
 * itself in IndexedDB, never by the service worker.
 *
 * A new app version installs in the background and then waits (no
 * skipWaiting): the running page keeps the old worker, and with it every old
 * chunk, so any screen still opens. At the next idle reset, when nobody is
 * reading, the kiosk tells the waiting worker to take over and loads home in
 * the new version (the handover Squoosh uses).
 */
import { kioskLog } from '../log/kiosk-log';
declare const __REGISTER_SW__: boolean;

let registration: ServiceWorkerRegistration | undefined;
let handingOver = false;

/** A kiosk page runs for days without a navigation, and navigations are when browsers look for a new worker. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;
/** If the new worker has not taken over by then, reload anyway (the browser then picks the worker). */
const HANDOVER_TIMEOUT_MS = 10_000;

export async function registerServiceWorker(): Promise<void> {
  if (!__REGISTER_SW__ || !('serviceWorker' in navigator)) return;
  try {
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox('/sw.js', { scope: '/' });
    registration = await wb.register();
    setInterval(() => void wb.update().catch(() => undefined), UPDATE_CHECK_MS);
  } catch (err) {
    kioskLog.warn('service worker registration failed; the kiosk still works online', err);
  }
}

/**
 * Called at an idle reset: if a new version is installed and waiting, hands over to it and loads
 * home in it. Returns whether it does (the page is about to reload).
 */
export function reloadIfUpdated(): boolean {
  if (handingOver) return true;
  // Read now, not from an event: a worker installed while this page ran, or before it started, both wait here.
  const waiting = registration?.waiting;
  if (!waiting || !navigator.serviceWorker.controller) return false;
  handingOver = true;
  // Home, not the screen the last visitor left open: this is the reset for the next person.
  const loadHome = () => location.replace('/');
  navigator.serviceWorker.addEventListener('controllerchange', loadHome, { once: true });
  setTimeout(loadHome, HANDOVER_TIMEOUT_MS);
  kioskLog.info('new app version waiting: handing over at the idle reset');
  // Workbox's generated worker calls skipWaiting() on this message.
  waiting.postMessage({ type: 'SKIP_WAITING' });
  return true;
}
