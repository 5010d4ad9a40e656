/**
 * The kiosk side of fleet heartbeats: after each poll, tell the console what
 * this kiosk really holds (its committed cursor), its version, storage use,
 * last error and since when it has been online. Best effort: it never awaits
 * the network inside the sync loop, never throws, and sends one at a time.
 */
import type { KioskConfig } from '../../shared/kiosk-config';

/** The fields of the sync engine's status a heartbeat reports. */
export interface HeartbeatSource {
  cursor: number | null;
  online: boolean;
  lastError: string | null;
  storage: { usage: number | null; quota: number | null; persisted?: boolean | null };
  /** Seconds since a fresh signed head confirmed the content (the engine also names it in lastError when stale). */
  dataAgeSeconds?: number | null;
}

/** What a heartbeat reply carries (settings, remote actions), and the acknowledgements to send. */
export interface HeartbeatRemote {
  pendingAcks(): { id: number; ok: boolean; detail: string | null }[];
  acksSent(acks: { id: number }[]): void;
  handle(reply: unknown): Promise<void>;
}

export interface HeartbeatOptions {
  config: Pick<KioskConfig, 'feedUrl' | 'heartbeatToken' | 'settingsVersion'>;
  appVersion: string;
  /** Errors logged since the page started (repeated errors raise a console alert). */
  errorCount?: () => number;
  remote?: HeartbeatRemote;
  fetch?: typeof fetch;
  now?: () => number;
  /** When the page started (uptime in the console); the page's time origin by default. */
  pageStartedAt?: string;
  baseUrl?: string;
  timeoutMs?: number;
}

export function heartbeatUrl(feedUrl: string, baseUrl: string): string {
  return new URL('/api/kiosk/heartbeat', new URL(feedUrl, baseUrl)).toString();
}

/** Returns an afterPoll hook (or a no-op when the kiosk has no heartbeat token). */
export function createHeartbeat(options: HeartbeatOptions): (status: HeartbeatSource) => void {
  const token = options.config.heartbeatToken;
  if (!token) return () => {};
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const now = options.now ?? Date.now;
  const base = options.baseUrl ?? (typeof location !== 'undefined' ? location.href : 'http://localhost/');
  const url = heartbeatUrl(options.config.feedUrl, base);
  let onlineSince: string | null = null;
  const pageStartedAt =
    options.pageStartedAt ?? (typeof performance !== 'undefined' ? new Date(performance.timeOrigin).toISOString() : null);
  let inFlight = false;

  return (status) => {
    if (!status.online) {
      onlineSince = null;
      return;
    }
    onlineSince ??= new Date(now()).toISOString();
    if (inFlight) return;
    inFlight = true;
    const acks = options.remote?.pendingAcks() ?? [];
    const body = JSON.stringify({
      appVersion: options.appVersion.slice(0, 40),
      cursor: status.cursor ?? 0,
      storageUsed: status.storage.usage == null ? null : Math.round(status.storage.usage),
      storageQuota: status.storage.quota == null ? null : Math.round(status.storage.quota),
      lastError: status.lastError ? status.lastError.slice(0, 2000) : null,
      onlineSince,
      pageStartedAt,
      dataAgeSeconds: status.dataAgeSeconds == null ? null : Math.max(0, Math.round(status.dataAgeSeconds)),
      storagePersisted: status.storage.persisted ?? null,
      errorCount: options.errorCount?.() ?? null,
      settingsVersion: options.config.settingsVersion ?? null,
      acks,
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
    void doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body,
      signal: controller.signal,
      keepalive: true,
    })
      .then(async (res) => {
        if (res.status !== 200 || !options.remote) return;
        options.remote.acksSent(acks);
        await options.remote.handle(await res.json());
      })
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        inFlight = false;
      });
  };
}
