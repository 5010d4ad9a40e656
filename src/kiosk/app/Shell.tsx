/**
 * The frame around every screen: masthead (hall, date and time, data
 * freshness), offline banner, the screen itself, and the toolbar with home,
 * back, elder mode and language, all within one tap.
 */
import { Outlet, useCanGoBack, useRouter, useRouterState, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import { ErrorBoundary } from './ErrorBoundary';
import { formatClock, formatLongDate, formatUpdatedAt } from './format';
import { hallTimeZone, useEngineStatus, useHall, useServerNow } from './hooks';
import { IdleGuard } from './IdleGuard';
import { endVisitSpeech } from '../speech/session';
import { useServices } from './services';
import { StaffCorner } from './StaffCorner';
import { reloadIfUpdated } from './sw-register';
import { useKioskUi } from './ui-state';
import { idleWarningSeconds, type Language } from '../../shared/kiosk-config';
import { track } from '../feedback/track';
import { usageOfPath } from '../feedback/usage-of-path';

// Rarely needed, so not in the first bundle.
const StaffDialogs = lazy(() => import('./StaffPanel'));
const AttractLoop = lazy(() => import('../screens/home/AttractLoop'));

const LANGUAGE_LABELS: Record<Language, string> = { 'zh-Hans': '简体', 'zh-Hant': '繁體', en: 'EN' };

export function Shell() {
  const ui = useKioskUi();
  const { config, staffPanel } = useServices();
  const router = useRouter();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [staff, setStaff] = useState<'closed' | 'pin' | 'open'>('closed');
  const mainRef = useRef<HTMLElement>(null);

  // A new page starts at its top, like any web page would.
  useEffect(() => {
    mainRef.current?.scrollTo?.(0, 0);
    window.scrollTo?.(0, 0);
    const usage = usageOfPath(pathname);
    if (usage) track(usage.event, { target: usage.target });
  }, [pathname]);

  useEffect(() => setStaff('closed'), [ui.visit]);

  const resetVisit = () => {
    // Silence, and the default volume for the next person.
    endVisitSpeech();
    // A new app version waits for this moment: nobody is using the screen.
    // A visit ends at the idle reset: counted (no personal data) before anything else happens.
    track('visit');
    if (reloadIfUpdated()) return;
    ui.resetVisit();
    void router.navigate({ to: '/', replace: true });
  };

  return (
    <div class="kiosk">
      {staffPanel !== false && <StaffCorner onUnlockRequest={() => setStaff('pin')} />}
      <Masthead />
      <OfflineBanner />
      <main id="main" ref={mainRef} key={ui.visit} tabIndex={0}>
        <ErrorBoundary
          message={ui.t('recovering')}
          hint={ui.t('recoveringHint')}
          onRecover={() => void router.navigate({ to: '/', replace: true })}
        >
          <ScreenOutlet />
        </ErrorBoundary>
      </main>
      <Toolbar />
      <IdleGuard
        idleTimeoutSeconds={config.idleTimeoutSeconds}
        warningSeconds={idleWarningSeconds(config, ui.elder)}
        isPristine={() => router.state.location.pathname === '/' && !ui.elder && ui.language === ui.languages[0] && staff === 'closed'}
        onReset={resetVisit}
        onAttract={reloadIfUpdated}
        renderAttract={(dismiss) => (
          <Suspense fallback={<div class="attract" />}>
            <AttractLoop onDismiss={dismiss} />
          </Suspense>
        )}
      />
      {staff !== 'closed' && (
        <Suspense fallback={null}>
          <StaffDialogs stage={staff} onClose={() => setStaff('closed')} onUnlocked={() => setStaff('open')} />
        </Suspense>
      )}
    </div>
  );
}

/**
 * The current screen, remounted whenever the screen's route changes. Without the key the router
 * reuses one Suspense boundary for every screen: when the next screen's code is still loading, the
 * leaving screen is parked by Preact's Suspense, keeps re-rendering on route changes (its params
 * go away) and was put back into the page above the new screen once the code arrived. A fresh
 * boundary per screen has nothing parked: the loading line shows, then only the new screen.
 */
function ScreenOutlet() {
  const screenRouteId = useRouterState({ select: (s) => s.matches[1]?.routeId ?? '' });
  return <Outlet key={screenRouteId} />;
}

function Masthead() {
  const { t, language } = useKioskUi();
  const now = useServerNow(60_000);
  const hall = useHall();
  const status = useEngineStatus();
  const timeZone = hallTimeZone(hall.data);
  const updated = formatUpdatedAt(status.lastSyncAt, now, timeZone, language);
  return (
    <header class="masthead">
      <div class="masthead-hall">
        <span class="masthead-emblem" aria-hidden="true" />
        <span class="masthead-name" lang="zh-Hans">
          {hall.data?.name ?? t('appTitle')}
        </span>
      </div>
      <div class="masthead-time">
        <span class="masthead-clock" data-testid="clock">
          {formatClock(now, timeZone, language)}
        </span>
        <span class="masthead-date">{formatLongDate(now, timeZone, language)}</span>
        <span class="masthead-fresh" data-testid="freshness">
          {updated ? `${t('dataUpdatedAt')} ${updated}` : status.cursor ? '' : t('dataNotYet')}
        </span>
      </div>
    </header>
  );
}

function OfflineBanner() {
  const { t, language } = useKioskUi();
  const status = useEngineStatus();
  const now = useServerNow(60_000);
  const hall = useHall();
  // Offline, or online but with no fresh signed head for a while (a frozen mirror): either way say how old the data is.
  if (status.online && !status.stale) return null;
  const updated = formatUpdatedAt(status.lastSyncAt, now, hallTimeZone(hall.data), language);
  return (
    <div class="offline-banner" role="status" data-testid="offline-banner" data-stale={status.stale ? 'true' : undefined}>
      <span aria-hidden="true">⚠ </span>
      {status.online ? t('dataStale') : t('offline')} · {updated ? `${t('dataUpdatedAt')} ${updated}` : t('dataNotYet')}
    </div>
  );
}

function Toolbar() {
  const ui = useKioskUi();
  const router = useRouter();
  const canGoBack = useCanGoBack();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const atHome = pathname === '/';
  return (
    <nav class="toolbar" aria-label={ui.t('appTitle')}>
      <Link to="/" className={`button toolbar-button${atHome ? ' is-current' : ''}`} aria-current={atHome ? 'page' : undefined}>
        <span class="toolbar-icon" aria-hidden="true">
          ⌂
        </span>
        {ui.t('home')}
      </Link>
      <button
        type="button"
        class="button toolbar-button"
        disabled={atHome}
        onClick={() => (canGoBack ? router.history.back() : void router.navigate({ to: '/' }))}
      >
        <span class="toolbar-icon" aria-hidden="true">
          ←
        </span>
        {ui.t('back')}
      </button>
      <button
        type="button"
        class="button toolbar-button toolbar-elder"
        aria-pressed={ui.elder}
        onClick={() => {
          if (!ui.elder) track('elder', { target: 'on' });
          ui.setElder(!ui.elder);
        }}
      >
        <span class="toolbar-icon" aria-hidden="true">
          A+
        </span>
        {ui.t('elderOn')}
      </button>
      {ui.languages.length > 1 && (
        // ignore-opencc: each language's own name stays in its own script (简体 is not converted in 繁體 mode).
        <div class="toolbar-languages ignore-opencc" role="group" aria-label={ui.t('language')}>
          {ui.languages.map((lang) => (
            <button
              type="button"
              key={lang}
              lang={lang}
              class={`button toolbar-button toolbar-language${ui.language === lang ? ' is-current' : ''}`}
              aria-pressed={ui.language === lang}
              onClick={() => {
                if (lang !== ui.language) track('language', { target: lang });
                ui.setLanguage(lang);
              }}
            >
              {LANGUAGE_LABELS[lang]}
            </button>
          ))}
        </div>
      )}
    </nav>
  );
}
