/**
 * Registers the service worker that precaches the app shell, so a kiosk
 * starts with no network at all. Content (feed, media) is stored by the app
 * itself in IndexedDB, never by the service worker.
 */
declare const __REGISTER_SW__: boolean;

export async function registerServiceWorker(): Promise<void> {
  if (!__REGISTER_SW__ || !('serviceWorker' in navigator)) return;
  try {
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox('/sw.js', { scope: '/' });
    // A new shell takes over at the next idle reset or restart: never mid-visit.
    await wb.register();
  } catch (err) {
    console.warn('service worker registration failed; the kiosk still works online', err);
  }
}
