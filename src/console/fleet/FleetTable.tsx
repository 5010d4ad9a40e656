/**
 * The fleet table: every kiosk with its hall, last contact (relative, with the
 * hall time and zone), data age, lag behind its hall's feed head (changes and
 * minutes), uptime, app version, storage (persisted or not), errors and
 * online/offline status; any column sorts (click its header again
 * to reverse). Rows needing attention are marked.
 */
import { useState } from 'preact/hooks';
import type { Answer, client } from '../client';
import { formatTime } from '../format';

/** One kiosk as the server reports it (GET /kiosks). */
export type FleetRow = Answer<typeof client.kiosks.$get>['kiosks'][number];

type Column = 'name' | 'hall' | 'status' | 'lastSeen' | 'dataAge' | 'lag' | 'uptime' | 'version' | 'storage' | 'errors';

const HEADERS: [Column, string][] = [
  ['name', '终端'],
  ['hall', '大厅'],
  ['status', '状态'],
  ['lastSeen', '最后联系'],
  ['dataAge', '数据时效'],
  ['lag', '落后'],
  ['uptime', '运行时长'],
  ['version', '版本'],
  ['storage', '存储'],
  ['errors', '错误'],
];

function bytes(n: number | null) {
  if (n == null) return '—';
  return n > 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${(n / 1e6).toFixed(1)} MB`;
}

/** "3 分钟前", "2 小时前", "5 天前". */
export function relativeTime(iso: string | null, nowMs: number): string {
  if (!iso) return '从未联系';
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} 秒前`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟前`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} 小时前`;
  return `${Math.floor(seconds / 86400)} 天前`;
}

function duration(seconds: number | null): string {
  if (seconds == null) return '—';
  if (seconds < 120) return `${seconds} 秒`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} 分钟`;
  return `${Math.round(seconds / 3600)} 小时`;
}

/** "3 天 4 小时", "2 小时 5 分钟", "12 分钟". */
function uptime(seconds: number | null): string {
  if (seconds == null) return '—';
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days) return `${days} 天 ${hours} 小时`;
  if (hours) return `${hours} 小时 ${minutes} 分钟`;
  return minutes ? `${minutes} 分钟` : `${seconds} 秒`;
}

function sortKey(k: FleetRow, column: Column, hallName: (id: string) => string): string | number {
  switch (column) {
    case 'name':
      return k.name;
    case 'hall':
      return hallName(k.hallId);
    case 'status':
      return k.unseen ? 0 : 1;
    case 'lastSeen':
      return k.lastSeenAt ? Date.parse(k.lastSeenAt) : 0;
    case 'dataAge':
      return k.dataAgeSeconds ?? -1;
    case 'lag':
      // Minutes behind first, then how many changes; a kiosk at the head sorts before any lagging one.
      return (k.lagSeconds ?? -1) * 10_000 + k.pendingChanges;
    case 'uptime':
      return k.uptimeSeconds ?? -1;
    case 'version':
      return k.appVersion ?? '';
    case 'storage':
      return k.storagePersisted === false ? 0 : k.storagePersisted ? 2 : 1;
    case 'errors':
      return k.errorCount ?? -1;
  }
}

export function FleetTable(props: {
  kiosks: FleetRow[];
  hallName: (id: string) => string;
  nowMs: number;
  admin: boolean;
  onSettings: (id: string) => void;
  onReissue: (id: string) => void;
  onRemove: (id: string) => void;
}) {
  const [sort, setSort] = useState<{ column: Column; ascending: boolean }>({ column: 'name', ascending: true });
  const rows = [...props.kiosks].sort((a, b) => {
    const x = sortKey(a, sort.column, props.hallName);
    const y = sortKey(b, sort.column, props.hallName);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-Hans-CN');
    return sort.ascending ? order : -order;
  });
  const sortBy = (column: Column) =>
    setSort((prev) => (prev.column === column ? { column, ascending: !prev.ascending } : { column, ascending: true }));

  return (
    <table class="table fleet" data-testid="fleet-table">
      <caption class="visually-hidden">终端状态（点击列标题排序）</caption>
      <thead>
        <tr>
          {HEADERS.map(([column, label]) => (
            <th key={column} scope="col" aria-sort={sort.column === column ? (sort.ascending ? 'ascending' : 'descending') : undefined}>
              <button type="button" class="sort-button" onClick={() => sortBy(column)} data-testid={`sort-${column}`}>
                {label}
                <span aria-hidden="true">{sort.column === column ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </th>
          ))}
          {props.admin ? <th scope="col">管理</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((k) => (
          <tr key={k.id} class={k.unseen || k.lagging ? 'row--alert' : ''} data-kiosk={k.id}>
            <td>
              {k.name}
              <div class="hint">{k.id}</div>
            </td>
            <td>{props.hallName(k.hallId)}</td>
            <td>
              {k.unseen ? <span class="tag tag--alert">离线</span> : <span class="tag tag--ok">在线</span>}
              {k.settingsVersion != null && k.runningSettingsVersion !== k.settingsVersion ? (
                <div>
                  <span class="tag tag--warn">新设置待生效</span>
                </div>
              ) : null}
            </td>
            <td>
              {relativeTime(k.lastSeenAt, props.nowMs)}
              {k.lastSeenAt ? <div class="hint">{formatTime(k.lastSeenAt)}</div> : null}
            </td>
            <td>
              {duration(k.dataAgeSeconds)}
              <div class="hint">
                {k.cursor == null ? '—' : `序号 ${k.cursor} / ${k.head}`}
                {k.pendingChanges ? `，${k.pendingChanges}${k.pendingMore ? '+' : ''} 条待同步` : ''}
              </div>
              {k.lagging ? <span class="tag tag--alert">同步落后</span> : null}
            </td>
            <td data-testid="lag">
              {k.pendingChanges === 0 ? (
                k.cursor == null ? (
                  '—'
                ) : (
                  '已是最新'
                )
              ) : (
                <>
                  {`${k.pendingChanges}${k.pendingMore ? '+' : ''} 条`}
                  {k.lagSeconds != null ? <div class="hint">{`最早一条已发布 ${duration(k.lagSeconds)}`}</div> : null}
                </>
              )}
            </td>
            <td data-testid="uptime">
              {uptime(k.uptimeSeconds)}
              {k.pageStartedAt ? <div class="hint">{`启动于 ${formatTime(k.pageStartedAt)}`}</div> : null}
            </td>
            <td>{k.appVersion ?? '—'}</td>
            <td>
              {bytes(k.storageUsed)} / {bytes(k.storageQuota)}
              <div>
                {k.storagePersisted === false ? (
                  <span class="tag tag--alert">非持久</span>
                ) : k.storagePersisted ? (
                  <span class="tag tag--ok">持久</span>
                ) : null}
              </div>
            </td>
            <td>
              {k.errorCount == null ? '—' : `${k.errorCount} 次`}
              {k.lastError ? <div class="hint">{k.lastError}</div> : null}
            </td>
            {props.admin ? (
              <td class="actions">
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => props.onSettings(k.id)}
                  aria-label={`设置 ${k.id}（含远程操作）`}
                >
                  设置
                </button>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  onClick={() => props.onReissue(k.id)}
                  aria-label={`重发令牌 ${k.id}`}
                >
                  重发令牌
                </button>
                <button
                  type="button"
                  class="button button--warning button--small"
                  onClick={() => props.onRemove(k.id)}
                  aria-label={`注销 ${k.id}`}
                >
                  注销
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
