/**
 * The kiosk's one logger. A kiosk has no one watching its DevTools, so the
 * last lines are kept in memory (a small ring buffer) for the staff panel to
 * show; each line also goes to the browser console for remote debugging.
 */

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogLine {
  /** ISO time of the kiosk clock. */
  at: string;
  level: LogLevel;
  message: string;
  /** The error's message (or the value's text) when one was given. */
  detail?: string;
}

export interface KioskLog {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  /** The kept lines, oldest first. */
  lines(): readonly LogLine[];
  /** Called after each new line; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface KioskLogOptions {
  /** How many lines are kept (default 50). */
  capacity?: number;
  now?: () => Date;
  /** Where lines are echoed; null echoes nowhere. */
  echo?: Pick<Console, LogLevel> | null;
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.message || detail.name;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail) ?? String(detail);
  } catch {
    return String(detail);
  }
}

export function createKioskLog(options: KioskLogOptions = {}): KioskLog {
  const capacity = Math.max(1, options.capacity ?? 50);
  const now = options.now ?? (() => new Date());
  const echo = options.echo === undefined ? console : options.echo;
  let kept: LogLine[] = [];
  const listeners = new Set<() => void>();

  const write = (level: LogLevel) => (message: string, detail?: unknown) => {
    const line: LogLine = { at: now().toISOString(), level, message };
    if (detail !== undefined) line.detail = describe(detail).slice(0, 500);
    // A new array each time, so a reader holding the old one (a rendered panel) sees a change.
    kept = [...kept.slice(-(capacity - 1)), line];
    if (detail === undefined) echo?.[level](message);
    else echo?.[level](message, detail);
    for (const listener of listeners) listener();
  };

  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    lines: () => kept,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The kiosk page's log (a worker has its own, which only echoes to its console). */
export const kioskLog = createKioskLog();
