/**
 * Idle reset. After the configured idle time a dialog asks whether the person
 * is still there and counts down; if nobody answers, the kiosk returns home
 * with everything reset for the next person. On an untouched home screen the
 * attract loop starts instead (nothing to lose, nothing to warn about).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useKioskUi } from './ui-state';
import { VisitQuestion } from '../feedback/VisitQuestion';

export const WARNING_SECONDS = 10;
const ACTIVITY_EVENTS = ['pointerdown', 'click', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;

export type IdlePhase = { kind: 'active' } | { kind: 'warning'; secondsLeft: number } | { kind: 'attract' };

interface Props {
  idleTimeoutSeconds: number;
  /** True when the visit is pristine (home screen, default language and text size, nothing open). */
  isPristine: () => boolean;
  onReset: () => void;
  /** Called when the attract loop starts (the screen is unattended). */
  onAttract?: () => void;
  onPhase?: (phase: IdlePhase) => void;
  renderAttract: (dismiss: () => void) => preact.ComponentChildren;
}

export function IdleGuard(props: Props) {
  const { t, language, visit } = useKioskUi();
  const [phase, setPhase] = useState<IdlePhase>({ kind: 'active' });
  const lastActivity = useRef(Date.now());
  const propsRef = useRef(props);
  propsRef.current = props;
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  useEffect(() => {
    const touched = (event: Event) => {
      // The end-of-visit question answers without holding the screen for longer.
      if ((event.target as Element | null)?.closest?.('[data-idle-passive]')) return;
      lastActivity.current = Date.now();
      if (phaseRef.current.kind === 'warning') setPhase({ kind: 'active' });
    };
    for (const type of ACTIVITY_EVENTS) document.addEventListener(type, touched, { capture: true, passive: true });
    const check = () => {
      const { idleTimeoutSeconds, isPristine, onReset } = propsRef.current;
      const idleMs = Date.now() - lastActivity.current;
      const current = phaseRef.current;
      if (current.kind === 'attract') return;
      if (idleMs < idleTimeoutSeconds * 1000) {
        if (current.kind !== 'active') setPhase({ kind: 'active' });
        return;
      }
      if (current.kind === 'active' && isPristine()) {
        setPhase({ kind: 'attract' });
        propsRef.current.onAttract?.();
        return;
      }
      const secondsLeft = Math.max(0, WARNING_SECONDS - Math.floor((idleMs - idleTimeoutSeconds * 1000) / 1000));
      if (secondsLeft === 0) {
        onReset();
        lastActivity.current = Date.now();
        setPhase({ kind: 'active' });
      } else if (current.kind !== 'warning' || current.secondsLeft !== secondsLeft) {
        setPhase({ kind: 'warning', secondsLeft });
      }
    };
    const timer = setInterval(check, 250);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY_EVENTS) document.removeEventListener(type, touched, { capture: true });
    };
  }, []);

  useEffect(() => props.onPhase?.(phase), [phase]);

  const dismissAttract = () => {
    lastActivity.current = Date.now();
    setPhase({ kind: 'active' });
  };

  if (phase.kind === 'attract') return <>{props.renderAttract(dismissAttract)}</>;
  if (phase.kind !== 'warning') return null;
  return (
    <div class="modal-backdrop">
      <div class="modal idle-warning" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-countdown">
        <h2 id="idle-title">{t('idleQuestion')}</h2>
        <p id="idle-countdown" class="idle-countdown" aria-live="assertive">
          {t('idleCountdown', { n: phase.secondsLeft })}
        </p>
        <button
          type="button"
          class="button button-primary button-large"
          autoFocus
          onClick={() => {
            lastActivity.current = Date.now();
            setPhase({ kind: 'active' });
          }}
        >
          {t('idleContinue')}
        </button>
        <VisitQuestion language={language} visit={visit} />
      </div>
    </div>
  );
}
