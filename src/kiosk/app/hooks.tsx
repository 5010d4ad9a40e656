/** Hooks that connect screens to the content reader and the sync engine. */
import { kioskLog } from '../log/kiosk-log';
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Hall } from '../../shared/content';
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
export function useContent<T>(load: (reader: ContentReader) => Promise<T>, deps: unknown[], initial?: T): Loaded<T> {
  const { reader, engine } = useServices();
  const [state, setState] = useState<Loaded<T>>({ data: initial, loading: true, error: undefined });
  const generation = useRef(0);
  const first = useRef(true);

  useEffect(() => {
    let alive = true;
    const run = () => {
      const mine = ++generation.current;
      load(reader).then(
        (data) => alive && mine === generation.current && setState({ data, loading: false, error: undefined }),
        (error: unknown) => {
          kioskLog.error('content read failed', error);
          if (alive && mine === generation.current) setState((s) => ({ data: s.data, loading: false, error }));
        },
      );
    };
    // On mount the state already says "loading"; setting it again would only cost a render.
    if (!first.current) setState((s) => ({ ...s, loading: true }));
    first.current = false;
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

const HallContext = createContext<Loaded<Hall | undefined> | null>(null);

/** Reads this kiosk's hall once for every screen (starting from the copy main.tsx read before the first render). */
export function HallProvider(props: { initial?: Hall; children: ComponentChildren }) {
  const { config } = useServices();
  const hall = useContent((r) => r.getHall(config.hallId), [config.hallId], props.initial);
  return <HallContext.Provider value={hall}>{props.children}</HallContext.Provider>;
}

/** This kiosk's hall record (name, timezone, windows, opening hours). */
export function useHall(): Loaded<Hall | undefined> {
  const hall = useContext(HallContext);
  if (!hall) throw new Error('useHall() outside <HallProvider>');
  return hall;
}

/** Halls are Asia/Shanghai in practice; the record says so, this is only the fallback before it loads. */
export function hallTimeZone(hall: { timezone: string } | undefined): string {
  return hall?.timezone ?? 'Asia/Shanghai';
}
