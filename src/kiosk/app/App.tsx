/**
 * The kiosk application: services and per-visit state around the router.
 * Until the first snapshot has arrived the first-run screen shows progress.
 */
import { RouterProvider, type RouterHistory } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ErrorBoundary } from './ErrorBoundary';
import { FirstRunScreen } from './FirstRunScreen';
import { HallProvider, useEngineStatus } from './hooks';
import { translator } from './i18n';
import { createKioskRouter } from './router';
import { ServicesContext, type KioskServices } from './services';
import { KioskUiProvider } from './ui-state';

export function KioskApp(props: {
  services: KioskServices;
  history?: RouterHistory;
  /** Drawn over every screen, inside the visit's state (the console's draft preview puts its band here). */
  overlay?: preact.ComponentChildren;
}) {
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
        <KioskUiProvider languages={services.config.languages} elderDefault={services.config.elderModeDefault}>
          {props.overlay}
          <FirstRunGate onReady={(path) => void router.navigate({ to: path, replace: true })}>
            <HallProvider initial={services.initialHall}>
              <RouterProvider router={router} />
            </HallProvider>
          </FirstRunGate>
        </KioskUiProvider>
      </ServicesContext.Provider>
    </ErrorBoundary>
  );
}

function FirstRunGate(props: { children: preact.ComponentChildren; onReady: (pendingPath: string) => void }) {
  const status = useEngineStatus();
  // A tile tapped during the download opens as soon as the content is in.
  const [pending, setPending] = useState<string | undefined>(undefined);
  const waited = useRef(false);
  const opened = useRef(false);
  const ready = status.cursor != null;
  if (!ready && status.phase !== 'starting') waited.current = true;
  const { onReady } = props;
  useEffect(() => {
    if (!ready || !waited.current || !pending || opened.current) return;
    opened.current = true;
    onReady(pending);
  }, [ready, pending, onReady]);
  // No cursor means no content has ever been stored: show the download, not empty screens.
  // While the engine is still reading its state, wait quietly (the page shows the plain splash).
  if (!ready)
    return status.phase === 'starting' ? (
      <div class="splash" aria-busy="true" />
    ) : (
      <FirstRunScreen status={status} pending={pending} onChoose={setPending} />
    );
  return <>{props.children}</>;
}
