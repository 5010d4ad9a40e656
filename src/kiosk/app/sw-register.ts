/**
 * Registers the service worker that precaches the app shell, so a kiosk
 * starts with no network at all. Content (feed, media) is stored by the app
 * itself in IndexedDB, never by the service worker.
 *
 * A new app version installs in the background and takes control at once
 * (skipWaiting + clientsClaim); the page keeps running the old code until the
 * next idle reset, when nobody is in the middle of reading, and reloads then.
 */
declare const __REGISTER_SW__: boolean;

let updateWaiting = false;

export async function registerServiceWorker(): Promise<void> {
  if (!__REGISTER_SW__ || !('serviceWorker' in navigator)) return;
  try {
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox('/sw.js', { scope: '/' });
    wb.addEventListener('controlling', (event) => {
      // The first install also "controls"; only a replacement means new code.
      if (event.isUpdate) updateWaiting = true;
    });
    await wb.register();
  } catch (err) {
    console.warn('service worker registration failed; the kiosk still works online', err);
  }
}

/** Called at an idle reset: loads the new version if one has arrived. Returns whether it reloads. */
export function reloadIfUpdated(): boolean {
  if (!updateWaiting) return false;
  location.reload();
  return true;
}
