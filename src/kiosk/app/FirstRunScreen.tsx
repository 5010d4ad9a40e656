/** First start: the snapshot download with a visible progress bar. */
import type { EngineStatusView } from './services';
import { useKioskUi } from './ui-state';

export function snapshotPercent(status: EngineStatusView): number {
  const p = status.snapshotProgress;
  if (!p) return 0;
  // Downloading is the first 50 %, writing into storage the second.
  const download = p.totalBytes ? Math.min(1, p.loadedBytes / p.totalBytes) : 0;
  const apply = p.totalRecords ? Math.min(1, p.appliedRecords / p.totalRecords) : 0;
  return Math.round(download * 50 + apply * 50);
}

export function FirstRunScreen(props: { status: EngineStatusView }) {
  const { t } = useKioskUi();
  const percent = snapshotPercent(props.status);
  const failing = props.status.phase === 'error' || props.status.phase === 'offline';
  return (
    <main class="first-run">
      <h1>{t('firstRunTitle')}</h1>
      <p>{t('firstRunHint')}</p>
      <div
        class="progress"
        role="progressbar"
        aria-label={t('firstRunTitle')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div class="progress-bar" style={{ transform: `scaleX(${percent / 100})` }} />
      </div>
      <p class="progress-figure" aria-hidden="true">
        {percent}%
      </p>
      {failing && (
        <p class="notice-line" role="status">
          {t('firstRunError')}
          {props.status.lastError ? `（${props.status.lastError}）` : ''}
        </p>
      )}
    </main>
  );
}
