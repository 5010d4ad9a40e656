import { useKioskUi } from './ui-state';

/** Shown while a screen's code or data is on its way (briefly, and never blank). */
export function LoadingScreen() {
  const { t } = useKioskUi();
  return (
    <p class="loading" role="status">
      {t('loading')}
    </p>
  );
}
