/**
 * Security headers for the console pages and API. The console is built by
 * Vite into external scripts and styles, so the CSP needs no 'unsafe-inline';
 * images come from this origin (media) or are blobs/data for previews.
 * The console frames one thing: the kiosk previewing a draft (frame-src 'self');
 * the console itself is never framed (frame-ancestors 'none').
 */
import type { Context, MiddlewareHandler } from 'hono';
import { PREVIEW_ID_PATTERN, PREVIEW_QUERY } from '../../../shared/draft-preview';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export function isHttps(c: Context): boolean {
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' || new URL(c.req.url).protocol === 'https:';
}

export function consoleSecurityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONSOLE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (isHttps(c)) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // Personal data and drafts must not sit in shared caches.
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  };
}

/** Paths that are not kiosk pages: no query makes them frameable. */
const NOT_KIOSK_PAGES = ['/console', '/api/', '/feed/', '/media/', '/kiosk-config/', '/m/'];

/**
 * A kiosk page opened as the console's draft preview (`?preview=<draftId>`): the only page the
 * console may frame, so its headers say frame-ancestors 'self' instead of 'none'. Everything else
 * (a real kiosk, the console, the APIs) stays unframeable.
 */
export function isKioskPreviewPage(c: Context): boolean {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return false;
  const draftId = c.req.query(PREVIEW_QUERY);
  if (!draftId || !PREVIEW_ID_PATTERN.test(draftId)) return false;
  const path = c.req.path;
  return !NOT_KIOSK_PAGES.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}
