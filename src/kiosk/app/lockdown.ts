/**
 * Public-terminal hygiene: no context menu, no text selection or drag, no
 * pinch or ctrl zoom, and no way out of the app through a link to another
 * origin. CSS does most of it (see kiosk.css); these listeners cover the rest.
 */
export function installLockdown(doc: Document = document): () => void {
  const win = doc.defaultView!;
  const prevent = (e: Event) => e.preventDefault();
  const multiTouch = (e: TouchEvent) => {
    if (e.touches.length > 1) e.preventDefault();
  };
  const ctrlWheel = (e: WheelEvent) => {
    if (e.ctrlKey) e.preventDefault();
  };
  const zoomKeys = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && ['+', '-', '=', '0', 'p', 's', 'o'].includes(e.key.toLowerCase())) e.preventDefault();
  };
  const offsiteLinks = (e: MouseEvent) => {
    const anchor = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!anchor) return;
    const url = new URL(anchor.href, win.location.href);
    if (url.origin !== win.location.origin || anchor.target === '_blank' || anchor.hasAttribute('download')) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  const options: AddEventListenerOptions = { capture: true, passive: false };
  doc.addEventListener('contextmenu', prevent, options);
  doc.addEventListener('selectstart', prevent, options);
  doc.addEventListener('dragstart', prevent, options);
  doc.addEventListener('gesturestart', prevent, options);
  doc.addEventListener('touchmove', multiTouch, options);
  doc.addEventListener('wheel', ctrlWheel, options);
  doc.addEventListener('keydown', zoomKeys, options);
  doc.addEventListener('click', offsiteLinks, options);
  // Content never opens windows; a stray call must not escape the kiosk either.
  const originalOpen = win.open;
  win.open = () => null;
  return () => {
    doc.removeEventListener('contextmenu', prevent, options);
    doc.removeEventListener('selectstart', prevent, options);
    doc.removeEventListener('dragstart', prevent, options);
    doc.removeEventListener('gesturestart', prevent, options);
    doc.removeEventListener('touchmove', multiTouch, options);
    doc.removeEventListener('wheel', ctrlWheel, options);
    doc.removeEventListener('keydown', zoomKeys, options);
    doc.removeEventListener('click', offsiteLinks, options);
    win.open = originalOpen;
  };
}
