/**
 * The hidden staff panel, behind the staff PIN (checked offline against the
 * config's hash). Loaded only when someone opens it (see StaffCorner).
 */
import { useState } from 'preact/hooks';
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

export function StaffPanel(props: { onClose: () => void }) {
  const { t } = useKioskUi();
  const { config, engine, appVersion } = useServices();
  const status = useEngineStatus();
  const [syncing, setSyncing] = useState(false);
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
    ['Idle timeout', `${config.idleTimeoutSeconds} s`],
    ['App version', appVersion],
    ['QR codes', config.publicUrl ?? 'not shown: neither the server (PUBLIC_URL) nor this kiosk (publicUrl) sets a public address'],
  ];
  return (
    <div class="modal-backdrop">
      <div class="modal staff-panel" role="dialog" aria-modal="true" aria-labelledby="staff-title" lang="en">
        <h2 id="staff-title">{t('staffTitle')}</h2>
        <dl class="staff-facts">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd data-testid={`staff-${k.toLowerCase().replace(/[^a-z]+/g, '-')}`}>{v}</dd>
            </div>
          ))}
        </dl>
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
