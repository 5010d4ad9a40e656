/**
 * The console's history, on the stack's router (TanStack Router, as in the kiosk). The route tree
 * lives in app/routes.tsx; this module is the small surface pages use: where am I, go there, and
 * link props for a real <a href> that navigates without reloading. Paths are written without the
 * /console base.
 */
import { createBrowserHistory, useRouterState, type RouterHistory } from '@tanstack/react-router';

export const BASE = '/console';

/** One history for the whole console: the router and navigate() must move the same one. */
export const consoleHistory: RouterHistory = createBrowserHistory();

export function navigate(path: string, replace = false) {
  const url = path.startsWith(BASE) ? path : `${BASE}${path}`;
  if (replace) consoleHistory.replace(url);
  else consoleHistory.push(url);
  window.scrollTo(0, 0);
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

/** The router's location is already relative to its basepath; a full /console/... path is accepted too. */
function withoutBase(pathname: string): string {
  return pathname === BASE || pathname.startsWith(`${BASE}/`) ? pathname.slice(BASE.length) || '/' : pathname;
}

export function useLocation(): Location {
  const location = useRouterState({ select: (s) => s.location });
  return { path: withoutBase(location.pathname), query: new URLSearchParams(location.searchStr) };
}

/** An in-app link: a real <a href> (opens in a new tab, keyboard works) that navigates without reloading. */
export function linkProps(path: string) {
  return {
    href: `${BASE}${path}`,
    onClick: (e: MouseEvent) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(path);
    },
  };
}
