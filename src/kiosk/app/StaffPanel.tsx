/**
 * The hidden staff panel, behind the staff PIN (checked offline against the
 * config's hash). Loaded only when someone opens it (see StaffCorner).
 */
import { useEffect, useState } from 'preact/hooks';
import { idleWarningSeconds } from '../../shared/kiosk-config';
import { kioskLog, type LogLine } from '../log/kiosk-log';
import { useEngineStatus } from './hooks';
import { useServices } from './services';
import { useKioskUi } from './ui-state';

export function StaffPinDialog(props: { onClose: () => void; onUnlocked: () => void }) {
  const { t } = useKioskUi();
  const { verifyStaffPin } = useServices();
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState(false);
  const [checking, setChecking] = useState(false);
  const submit = async () => {
    if (!pin || checking) return;
    setChecking(true);
    const ok = await verifyStaffPin(pin).catch(() => false);
    setChecking(false);
    if (ok) props.onUnlocked();
    else {
      setWrong(true);
      setPin('');
    }
  };
  const press = (digit: string) => {
    setWrong(false);
    setPin((p) => (p.length < 12 ? p + digit : p));
  };
  return (
    <div class="modal-backdrop">
      <div class="modal pin-dialog" role="dialog" aria-modal="true" aria-labelledby="pin-title">
        <h2 id="pin-title">{t('staffPin')}</h2>
        <p class="pin-dots" aria-live="polite">
          <span aria-hidden="true">{pin.length ? '●'.repeat(pin.length) : '\u00a0'}</span>
          <span class="visually-hidden">{pin.length}</span>
        </p>
        {wrong && (
          <p class="error-text" role="alert">
            {t('staffPinWrong')}
          </p>
        )}
        <div class="pin-pad">
          {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
            <button type="button" class="button pin-key" key={d} onClick={() => press(d)}>
              {d}
            </button>
          ))}
          <button type="button" class="button pin-key" onClick={() => setPin('')}>
            {t('staffClear')}
          </button>
          <button type="button" class="button pin-key" onClick={() => press('0')}>
            0
          </button>
          <button type="button" class="button button-primary pin-key" disabled={checking} onClick={submit}>
            {t('staffEnter')}
          </button>
        </div>
        <button type="button" class="button button-secondary" onClick={props.onClose}>
          {t('staffClose')}
        </button>
      </div>
    </div>
  );
}

function bytes(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** How many of the log's last lines the panel shows. */
const LOG_LINES_SHOWN = 12;

function useLogLines(): readonly LogLine[] {
  const [lines, setLines] = useState(kioskLog.lines());
  useEffect(() => {
    const unsubscribe = kioskLog.subscribe(() => setLines(kioskLog.lines()));
    // Lines written between the first render and this effect.
    setLines(kioskLog.lines());
    return unsubscribe;
  }, []);
  return lines;
}

export function StaffPanel(props: { onClose: () => void }) {
  const { t } = useKioskUi();
  const { config, engine, appVersion } = useServices();
  const status = useEngineStatus();
  const [syncing, setSyncing] = useState(false);
  const logLines = useLogLines().slice(-LOG_LINES_SHOWN);
  const rows: [string, string][] = [
    ['Kiosk', config.kioskId],
    ['Hall', config.hallId],
    ['Feed URL', new URL(config.feedUrl, location.href).href],
    ['Phase', status.phase],
    ['Online', status.online ? 'yes' : 'no'],
    ['Cursor / head', `${status.cursor ?? '—'} / ${status.headSeq ?? '—'}`],
    ['Last sync', status.lastSyncAt ?? '—'],
    ['Last error', status.lastError ?? '—'],
    ['Data age', status.dataAgeSeconds == null ? '—' : `${status.dataAgeSeconds} s${status.stale ? ' (stale)' : ''}`],
    [
      'Storage',
      status.storage.usage != null
        ? `${bytes(status.storage.usage)} / ${bytes(status.storage.quota)}${status.storage.persisted ? ' (persisted)' : ' (not persisted)'}`
        : '—',
    ],
    ['Clock offset', status.clockOffsetMs != null ? `${Math.round(status.clockOffsetMs)} ms` : '—'],
    ['Poll interval', `${config.pollIntervalSeconds} s`],
    [
      'Idle timeout',
      `${config.idleTimeoutSeconds} s, then a ${idleWarningSeconds(config, false)} s warning (${idleWarningSeconds(config, true)} s in elder mode)`,
    ],
    ['App version', appVersion],
    ['QR codes', config.publicUrl ?? 'not shown: neither the server (PUBLIC_URL) nor this kiosk (publicUrl) sets a public address'],
  ];
  return (
    <div class="modal-backdrop">
      <div class="modal staff-panel" role="dialog" aria-modal="true" aria-labelledby="staff-title" lang="en">
        <h2 id="staff-title">{t('staffTitle')}</h2>
        {status.storage.persisted === false && (
          // An evicted store means a new first start (minutes of download, nothing to show offline).
          <p class="staff-warning" role="alert" data-testid="staff-storage-warning">
            Storage is not persistent: under storage pressure the browser may delete the stored content, and the kiosk would start from
            scratch. Install the kiosk as an app, or allow persistent storage for this origin in the browser policy.
          </p>
        )}
        <dl class="staff-facts">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd data-testid={`staff-${k.toLowerCase().replace(/[^a-z]+/g, '-')}`}>{v}</dd>
            </div>
          ))}
        </dl>
        <h3 id="staff-log-title">Recent log</h3>
        {logLines.length === 0 ? (
          <p data-testid="staff-log-empty">Nothing logged since the page loaded.</p>
        ) : (
          <ol class="staff-log" aria-labelledby="staff-log-title" data-testid="staff-log">
            {logLines.map((line, i) => (
              <li key={`${line.at}-${i}`} class={`staff-log-${line.level}`}>
                {line.at.slice(11, 19)} {line.level.toUpperCase()} {line.message}
                {line.detail ? `: ${line.detail}` : ''}
              </li>
            ))}
          </ol>
        )}
        <div class="button-row">
          <button
            type="button"
            class="button button-primary"
            disabled={syncing}
            onClick={async () => {
              setSyncing(true);
              await engine.syncNow().catch(() => undefined);
              setSyncing(false);
            }}
          >
            {t('staffSyncNow')}
          </button>
          <button type="button" class="button" onClick={() => location.reload()}>
            {t('staffReload')}
          </button>
          <button type="button" class="button button-secondary" onClick={props.onClose}>
            {t('staffClose')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** One lazy chunk for both dialogs. */
export default function StaffDialogs(props: { stage: 'pin' | 'open'; onClose: () => void; onUnlocked: () => void }) {
  return props.stage === 'pin' ? (
    <StaffPinDialog onClose={props.onClose} onUnlocked={props.onUnlocked} />
  ) : (
    <StaffPanel onClose={props.onClose} />
  );
}
