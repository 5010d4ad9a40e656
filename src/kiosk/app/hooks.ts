/** Hooks that connect screens to the content reader and the sync engine. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ContentReader } from '../store/content-reader';
import { useServices, type EngineStatusView } from './services';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: unknown;
}

/**
 * Reads content and reads it again whenever the sync engine applies changes,
 * so published edits appear without a reload. The previous data stays on
 * screen while a re-read is running: the screen never goes blank.
 */
export function useContent<T>(load: (reader: ContentReader) => Promise<T>, deps: unknown[]): Loaded<T> {
  const { reader, engine } = useServices();
  const [state, setState] = useState<Loaded<T>>({ data: undefined, loading: true, error: undefined });
  const generation = useRef(0);

  useEffect(() => {
    let alive = true;
    const run = () => {
      const mine = ++generation.current;
      load(reader).then(
        (data) => alive && mine === generation.current && setState({ data, loading: false, error: undefined }),
        (error: unknown) => {
          console.error('content read failed', error);
          if (alive && mine === generation.current) setState((s) => ({ data: s.data, loading: false, error }));
        },
      );
    };
    setState((s) => ({ ...s, loading: true }));
    run();
    const off = engine.onApplied(run);
    return () => {
      alive = false;
      off();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reader, engine, ...deps]);

  return state;
}

/** The sync engine's status, live. */
export function useEngineStatus(): EngineStatusView {
  const { engine } = useServices();
  const [status, setStatus] = useState(() => engine.status());
  useEffect(() => {
    setStatus(engine.status());
    return engine.subscribe(setStatus);
  }, [engine]);
  return status;
}

/** Server-corrected time, refreshed every `intervalMs` (aligned to the next tick boundary). */
export function useServerNow(intervalMs: number): number {
  const { engine } = useServices();
  const [now, setNow] = useState(() => engine.serverNow());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const current = engine.serverNow();
      setNow(current);
      timer = setTimeout(tick, intervalMs - (current % intervalMs) + 20);
    };
    tick();
    return () => clearTimeout(timer);
  }, [engine, intervalMs]);
  return now;
}

/** This kiosk's hall record (name, timezone, windows, opening hours). */
export function useHall() {
  const { config } = useServices();
  return useContent((r) => r.getHall(config.hallId), [config.hallId]);
}

/** Halls are Asia/Shanghai in practice; the record says so, this is only the fallback before it loads. */
export function hallTimeZone(hall: { timezone: string } | undefined): string {
  return hall?.timezone ?? 'Asia/Shanghai';
}
