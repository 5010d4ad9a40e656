/**
 * First start: the snapshot download with a visible progress bar, and the
 * home tiles already there. A tap on a tile is not lost: the screen says it
 * will open once the content is in, and the gate opens it then.
 */
import type { MessageKey } from './i18n';
import type { EngineStatusView } from './services';
import { useKioskUi } from './ui-state';
import { TILES } from '../screens/home/HomeScreen';

export function snapshotPercent(status: EngineStatusView): number {
  const p = status.snapshotProgress;
  if (!p) return 0;
  // Downloading is the first 50 %, writing into storage the second.
  const download = p.totalBytes ? Math.min(1, p.loadedBytes / p.totalBytes) : 0;
  const apply = p.totalRecords ? Math.min(1, p.appliedRecords / p.totalRecords) : 0;
  return Math.round(download * 50 + apply * 50);
}

export function FirstRunScreen(props: { status: EngineStatusView; pending?: string; onChoose: (path: string) => void }) {
  const { t } = useKioskUi();
  const percent = snapshotPercent(props.status);
  const failing = props.status.phase === 'error' || props.status.phase === 'offline';
  const chosen = TILES.find((tile) => tile.to === props.pending);
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
      <p class="first-run-choice" role="status" data-testid="first-run-choice">
        {chosen ? t('firstRunWillOpen', { what: t(chosen.title as MessageKey) }) : t('firstRunTapHint')}
      </p>
      <ul class="tiles first-run-tiles">
        {TILES.map(({ to, title, Icon, id }) => (
          <li key={id} class={`tile-item tile-${id}`}>
            <button
              type="button"
              class={`tile${props.pending === to ? ' is-chosen' : ''}`}
              aria-pressed={props.pending === to}
              data-testid={`first-run-tile-${id}`}
              onClick={() => props.onChoose(to)}
            >
              <Icon />
              <span class="tile-title">{t(title)}</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
