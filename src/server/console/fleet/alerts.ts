/**
 * Fleet alerts, worked out from what kiosks last reported: a kiosk silent for
 * longer than silentMinutes, data older than its freshness limit (the kiosk's
 * staleAfterSeconds, else the feed head lifetime), storage the browser may
 * evict (not persisted), and repeated errors. The monitor checks every minute;
 * alerts that appear or clear are posted to the webhook, and the console lists
 * the active ones. Alerts are kept in the database (fleet_alerts): a restart
 * neither raises again what is still wrong nor forgets it, and resolved alerts
 * stay as history with their raised and resolved times. Several servers on one
 * database post each change once (the store reports only what it changed).
 */
import type { ConsoleStore } from '../console-store';
import type { StoredAlert } from '../types';
import type { Fleet } from './fleet';
import type { WebhookSender } from './webhook';

export type AlertKind = 'silent' | 'stale-data' | 'storage-not-persisted' | 'repeated-errors';

export interface FleetAlert {
  kioskId: string;
  kioskName: string;
  hallId: string;
  kind: AlertKind;
  message: string;
  /** When it was first seen (by any server on this database). */
  raisedAt: string;
  /** Set once it cleared (history). */
  resolvedAt?: string | null;
}

export interface AlertThresholds {
  silentMinutes: number;
  /** Freshness when a kiosk's settings name none (the feed head lifetime). */
  defaultStaleAfterSeconds: number;
  /** Errors since the kiosk started that count as "repeated". */
  errorCount: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { silentMinutes: 15, defaultStaleAfterSeconds: 3600, errorCount: 5 };

export interface AlertOptions {
  webhookUrl?: string;
  webhookSecret?: string;
  thresholds?: Partial<AlertThresholds>;
  /** How often the monitor checks; 0 turns the timer off (tests call check()). Default 60 s. */
  intervalMs?: number;
}

/** ALERT_WEBHOOK_URL, ALERT_WEBHOOK_SECRET, ALERT_SILENT_MINUTES (may be fractional), ALERT_ERROR_COUNT. */
export function alertOptionsFromEnv(env: NodeJS.ProcessEnv): AlertOptions {
  const positive = (name: string) => {
    const n = Number(env[name]);
    return env[name] && Number.isFinite(n) && n > 0 ? n : undefined;
  };
  return {
    webhookUrl: env.ALERT_WEBHOOK_URL || undefined,
    webhookSecret: env.ALERT_WEBHOOK_SECRET || undefined,
    thresholds: { silentMinutes: positive('ALERT_SILENT_MINUTES'), errorCount: positive('ALERT_ERROR_COUNT') },
  };
}

type KioskStatus = Awaited<ReturnType<Fleet['status']>>[number];

/** The alerts for these kiosks now (without raisedAt). */
export function alertsFor(kiosks: KioskStatus[], nowMs: number, t: AlertThresholds): Omit<FleetAlert, 'raisedAt'>[] {
  const out: Omit<FleetAlert, 'raisedAt'>[] = [];
  for (const k of kiosks) {
    const base = { kioskId: k.id, kioskName: k.name, hallId: k.hallId };
    const lastContact = Date.parse(k.lastSeenAt ?? k.createdAt);
    const silentMinutes = Math.floor((nowMs - lastContact) / 60_000);
    if (nowMs - lastContact > t.silentMinutes * 60_000) {
      out.push({
        ...base,
        kind: 'silent',
        message: k.lastSeenAt
          ? `${k.name}（${k.id}）已 ${silentMinutes} 分钟没有联系`
          : `${k.name}（${k.id}）配对后 ${silentMinutes} 分钟仍未联系`,
      });
      continue; // what it reported earlier is old news
    }
    const freshness = k.staleAfterSeconds ?? t.defaultStaleAfterSeconds;
    if (k.dataAgeSeconds != null && k.dataAgeSeconds > freshness)
      out.push({
        ...base,
        kind: 'stale-data',
        message: `${k.name}（${k.id}）的数据已 ${Math.round(k.dataAgeSeconds / 60)} 分钟未经服务器确认（上限 ${Math.round(freshness / 60)} 分钟）`,
      });
    if (k.storagePersisted === false)
      out.push({
        ...base,
        kind: 'storage-not-persisted',
        message: `${k.name}（${k.id}）的本机存储不是持久存储，浏览器可能删除已下载的内容`,
      });
    if (k.errorCount != null && k.errorCount >= t.errorCount)
      out.push({
        ...base,
        kind: 'repeated-errors',
        message: `${k.name}（${k.id}）启动以来已出错 ${k.errorCount} 次${k.lastError ? `，最近一次：${k.lastError.slice(0, 200)}` : ''}`,
      });
  }
  return out;
}

export function createAlertMonitor(deps: {
  fleet: Pick<Fleet, 'status'>;
  consoleStore: Pick<ConsoleStore, 'listActiveAlerts' | 'listAlertHistory' | 'recordAlertChanges'>;
  now: () => Date;
  thresholds: AlertThresholds;
  webhook: WebhookSender | null;
}) {
  const keyOf = (a: { kioskId: string; kind: string }) => `${a.kioskId}:${a.kind}`;
  const asAlert = (a: StoredAlert): FleetAlert => ({ ...a, kind: a.kind as AlertKind });
  // One check at a time in this process (the timer and a console refresh may meet).
  let running: Promise<unknown> = Promise.resolve();

  async function checkNow(): Promise<{ raised: FleetAlert[]; cleared: FleetAlert[] }> {
    const now = deps.now();
    const current = alertsFor(await deps.fleet.status(), now.getTime(), deps.thresholds);
    const stored = new Map((await deps.consoleStore.listActiveAlerts()).map((a) => [keyOf(a), a]));
    const seen = new Set<string>();
    const changes: Parameters<ConsoleStore['recordAlertChanges']>[0] = { raised: [], updated: [], resolved: [] };
    for (const alert of current) {
      const key = keyOf(alert);
      seen.add(key);
      const existing = stored.get(key);
      if (!existing) changes.raised.push({ ...alert, raisedAt: now.toISOString() });
      else if (existing.message !== alert.message) changes.updated.push({ id: existing.id, message: alert.message });
    }
    for (const [key, alert] of stored) if (!seen.has(key)) changes.resolved.push({ id: alert.id, at: now.toISOString() });
    if (!changes.raised.length && !changes.updated.length && !changes.resolved.length) return { raised: [], cleared: [] };
    const done = await deps.consoleStore.recordAlertChanges(changes);
    const raised = done.raised.map(asAlert);
    const cleared = done.resolved.map(asAlert);
    if ((raised.length || cleared.length) && deps.webhook) deps.webhook.send(webhookPayload(raised, cleared, now));
    return { raised, cleared };
  }

  return {
    active: async (): Promise<FleetAlert[]> => (await deps.consoleStore.listActiveAlerts()).map(asAlert),

    /** Resolved alerts, newest first, with raised and resolved times. */
    history: async (limit = 50): Promise<FleetAlert[]> => (await deps.consoleStore.listAlertHistory(limit)).map(asAlert),

    /** Works the alerts out again; stores and posts what appeared and what cleared. */
    check(): Promise<{ raised: FleetAlert[]; cleared: FleetAlert[] }> {
      const next = running.then(checkNow);
      running = next.catch(() => undefined);
      return next;
    },
  };
}

export type AlertMonitor = ReturnType<typeof createAlertMonitor>;

/** Text for a group robot (政务微信 / 钉钉 read msgtype + text.content), then the alerts as data. */
export function webhookPayload(raised: FleetAlert[], cleared: FleetAlert[], now: Date) {
  const lines = [
    ...raised.map((a) => `【告警】${a.message}`),
    ...cleared.map((a) => `【恢复】${a.kioskName}（${a.kioskId}）：${KIND_LABELS[a.kind]}已恢复`),
  ];
  return {
    msgtype: 'text',
    text: { content: `查询机运行提醒\n${lines.join('\n')}` },
    at: now.toISOString(),
    raised,
    cleared,
  };
}

export const KIND_LABELS: Record<AlertKind, string> = {
  silent: '长时间未联系',
  'stale-data': '数据过期',
  'storage-not-persisted': '存储非持久',
  'repeated-errors': '反复出错',
};
