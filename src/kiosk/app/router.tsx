/**
 * The kiosk's routes. Only home is in the initial bundle; every other screen
 * is a lazy chunk so the first paint on village hardware stays small.
 */
import {
  createRootRoute,
  createRoute,
  createRouter,
  createBrowserHistory,
  lazyRouteComponent,
  type RouterHistory,
} from '@tanstack/react-router';
import { Shell } from './Shell';
import { HomeScreen } from '../screens/home/HomeScreen';
import { LoadingScreen } from './LoadingScreen';

export interface GuideListSearch {
  dept?: string;
  audience?: 'person' | 'legal-entity';
  topic?: string;
  life?: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 80 ? v : undefined);

export function parseGuideListSearch(search: Record<string, unknown>): GuideListSearch {
  const audience = search.audience === 'person' || search.audience === 'legal-entity' ? search.audience : undefined;
  return { dept: text(search.dept), audience, topic: text(search.topic), life: text(search.life) };
}

const rootRoute = createRootRoute({ component: Shell });

const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomeScreen }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/guides',
    validateSearch: parseGuideListSearch,
    component: lazyRouteComponent(() => import('../screens/guides/GuidesScreen')),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/guides/$guideId',
    component: lazyRouteComponent(() => import('../screens/guides/GuideDetailScreen')),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/guides/$guideId/forms/$material',
    // Inline, not imported from the viewer: the router is on the home route, the viewer is lazy.
    validateSearch: (s: Record<string, unknown>) => ({ kind: s.kind === 'sample' ? ('sample' as const) : ('blank' as const) }),
    component: lazyRouteComponent(() => import('../screens/forms/FormViewerScreen')),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/plan',
    validateSearch: (s: Record<string, unknown>) => ({ hall: text(s.hall), window: text(s.window) }),
    component: lazyRouteComponent(() => import('../screens/plan/FloorPlanScreen')),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/fees',
    validateSearch: (s: Record<string, unknown>) => ({ dept: text(s.dept) }),
    component: lazyRouteComponent(() => import('../screens/fees/FeesScreen')),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/duty',
    component: lazyRouteComponent(() => import('../screens/duty/DutyScreen')),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/notices',
    component: lazyRouteComponent(() => import('../screens/notices/NoticesScreen')),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/notices/$noticeId',
    component: lazyRouteComponent(() => import('../screens/notices/NoticeDetailScreen')),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/search', component: lazyRouteComponent(() => import('../search/SearchScreen')) }),
]);

export function createKioskRouter(history: RouterHistory = createBrowserHistory()) {
  return createRouter({
    routeTree,
    history,
    defaultPendingComponent: LoadingScreen,
    defaultPendingMs: 300,
    // Unknown paths (a stale bookmark, a typo in a deep link) lead home, never to an error page.
    defaultNotFoundComponent: HomeScreen,
    scrollRestoration: false,
  });
}
