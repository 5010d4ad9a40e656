/**
 * Last line of defence: an error outside any component (a timer, a promise
 * nobody awaited) is logged for staff, never shown to the public.
 */
import { kioskLog } from '../log/kiosk-log';
export function installGlobalErrorGuards(win: Window = window): void {
  win.addEventListener('error', (e) => {
    kioskLog.error('uncaught error', e.error ?? e.message);
    e.preventDefault();
  });
  win.addEventListener('unhandledrejection', (e) => {
    kioskLog.error('unhandled rejection', e.reason);
    e.preventDefault();
  });
}
