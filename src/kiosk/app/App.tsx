/**
 * The kiosk application: services and per-visit state around the router.
 * Until the first snapshot has arrived the first-run screen shows progress.
 */
import { RouterProvider, type RouterHistory } from '@tanstack/react-router';
import { useEffect, useMemo } from 'preact/hooks';
import { ErrorBoundary } from './ErrorBoundary';
import { FirstRunScreen } from './FirstRunScreen';
import { HallProvider, useEngineStatus } from './hooks';
import { translator } from './i18n';
import { createKioskRouter } from './router';
import { ServicesContext, type KioskServices } from './services';
import { KioskUiProvider } from './ui-state';

export function KioskApp(props: { services: KioskServices; history?: RouterHistory }) {
  const { services } = props;
  const router = useMemo(() => createKioskRouter(props.history), [props.history]);
  // The config's theme is the site's choice (e.g. a dim hall): it applies to every visit.
  useEffect(() => {
    document.documentElement.dataset.theme = services.config.theme;
  }, [services.config.theme]);
  const t = translator(services.config.languages[0] ?? 'zh-Hans');
  return (
    <ErrorBoundary message={t('recovering')} hint={t('recoveringHint')}>
      <ServicesContext.Provider value={services}>
        <KioskUiProvider languages={services.config.languages}>
          <FirstRunGate>
            <HallProvider initial={services.initialHall}>
              <RouterProvider router={router} />
            </HallProvider>
          </FirstRunGate>
        </KioskUiProvider>
      </ServicesContext.Provider>
    </ErrorBoundary>
  );
}

function FirstRunGate(props: { children: preact.ComponentChildren }) {
  const status = useEngineStatus();
  // No cursor means no content has ever been stored: show the download, not empty screens.
  // While the engine is still reading its state, wait quietly (the page shows the plain splash).
  if (status.cursor == null)
    return status.phase === 'starting' ? <div class="splash" aria-busy="true" /> : <FirstRunScreen status={status} />;
  return <>{props.children}</>;
}
