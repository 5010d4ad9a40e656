/**
 * The hidden staff panel, behind the staff PIN (checked offline against the
 * hash a paired kiosk received, or by the server for a template kiosk). Wrong
 * PINs lock it for a while (config/pin-attempts.ts). Staff read it in Chinese,
 * whatever language the last visitor chose; times are hall time (Asia/Shanghai).
 * Loaded only when someone opens it (see StaffCorner).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { idleWarningSeconds } from '../../shared/kiosk-config';
import { createPinAttempts, lockedMessage } from '../config/pin-attempts';
import { kioskLog, type LogLine } from '../log/kiosk-log';
import { useEngineStatus } from './hooks';
import { useServices } from './services';
import { useKioskUi } from './ui-state';

export function StaffPinDialog(props: { onClose: () => void; onUnlocked: () => void }) {
  const { t } = useKioskUi();
  const { verifyStaffPin } = useServices();
  const attempts = useMemo(() => createPinAttempts(), []);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(() => {
    const locked = attempts.lockedForSeconds();
    return locked ? lockedMessage(locked) : null;
  });
  const [checking, setChecking] = useState(false);
  const submit = async () => {
    if (!pin || checking) return;
    const locked = attempts.lockedForSeconds();
    if (locked) {
      setMessage(lockedMessage(locked));
      setPin('');
      return;
    }
    setChecking(true);
    const ok = await verifyStaffPin(pin).catch(() => false);
    setChecking(false);
    setPin('');
    if (ok === true) {
      attempts.succeeded();
      props.onUnlocked();
    } else if (ok === 'offline') setMessage('无法连接服务器核对密码，请联网后再试');
    else {
      const lock = attempts.failed();
      setMessage(lock ? lockedMessage(lock) : `密码不正确（还可再试 ${attempts.attemptsLeft()} 次）`);
    }
  };
  const press = (digit: string) => {
    setMessage(null);
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
        {message && (
          <p class="error-text" role="alert" data-testid="staff-pin-message">
            {message}
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

const HALL_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const HALL_CLOCK = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An instant in hall time, zone named: "2026/12/01 10:00:00（北京时间）". */
function hallTime(iso: string | null | undefined): string {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? '—' : `${HALL_TIME.format(ms)}（北京时间）`;
}

function hallClock(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : HALL_CLOCK.format(ms);
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
  // [test id, label, value]
  const rows: [string, string, string][] = [
    ['kiosk', '终端编号', config.kioskId],
    ['hall', '大厅', config.hallId],
    ['feed-url', '数据源地址', new URL(config.feedUrl, location.href).href],
    ['phase', '同步阶段', status.phase],
    ['online', '网络', status.online ? '在线' : '离线'],
    ['cursor-head', '本机序号 / 服务器序号', `${status.cursor ?? '—'} / ${status.headSeq ?? '—'}`],
    ['last-sync', '上次同步', hallTime(status.lastSyncAt)],
    ['last-error', '最近错误', status.lastError ?? '—'],
    ['data-age', '数据时效', status.dataAgeSeconds == null ? '—' : `${status.dataAgeSeconds} 秒前确认${status.stale ? '（已过期）' : ''}`],
    [
      'storage',
      '本机存储',
      status.storage.usage != null
        ? `${bytes(status.storage.usage)} / ${bytes(status.storage.quota)}${status.storage.persisted ? '（持久存储）' : '（非持久存储）'}`
        : '—',
    ],
    ['clock-offset', '时钟偏差', status.clockOffsetMs != null ? `${Math.round(status.clockOffsetMs)} 毫秒` : '—'],
    ['poll-interval', '轮询间隔', `${config.pollIntervalSeconds} 秒`],
    [
      'idle-timeout',
      '空闲回首页',
      `${config.idleTimeoutSeconds} 秒无操作后提醒 ${idleWarningSeconds(config, false)} 秒（长辈模式 ${idleWarningSeconds(config, true)} 秒）`,
    ],
    ['settings-version', '设置版本', config.settingsVersion == null ? '本机模板（未在控制台保存）' : String(config.settingsVersion)],
    ['app-version', '程序版本', appVersion],
    ['qr-codes', '二维码地址', config.publicUrl ?? '不显示：服务器（PUBLIC_URL）和本机配置（publicUrl）都没有设置公网地址'],
  ];
  return (
    <div class="modal-backdrop">
      <div class="modal staff-panel" role="dialog" aria-modal="true" aria-labelledby="staff-title" lang="zh-Hans">
        <h2 id="staff-title">{t('staffTitle')}</h2>
        {status.storage.persisted === false && (
          // An evicted store means a new first start (minutes of download, nothing to show offline).
          <p class="staff-warning" role="alert" data-testid="staff-storage-warning">
            本机存储不是持久存储：存储空间紧张时浏览器可能删除已下载的内容，查询机将从头开始下载。请把查询机安装为应用，或在浏览器策略中允许本站点持久存储。
          </p>
        )}
        <dl class="staff-facts">
          {rows.map(([id, label, value]) => (
            <div key={id}>
              <dt>{label}</dt>
              <dd data-testid={`staff-${id}`}>{value}</dd>
            </div>
          ))}
        </dl>
        <h3 id="staff-log-title">最近日志</h3>
        {logLines.length === 0 ? (
          <p data-testid="staff-log-empty">页面载入以来没有日志。</p>
        ) : (
          <ol class="staff-log" aria-labelledby="staff-log-title" data-testid="staff-log">
            {logLines.map((line, i) => (
              <li key={`${line.at}-${i}`} class={`staff-log-${line.level}`}>
                {hallClock(line.at)} {line.level.toUpperCase()} {line.message}
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
