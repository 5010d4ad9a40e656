/**
 * Idle reset. After the configured idle time a dialog asks whether the person
 * is still there and counts down (at least 20 s, WCAG 2.2.1; longer in elder
 * mode); if nobody answers, the kiosk returns home with everything reset for
 * the next person. On an untouched home screen the attract loop starts instead
 * (nothing to lose, nothing to warn about). Speech that is playing counts as
 * activity, and an open form doubles the idle time (see activity.ts).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isActivityHeld, isFormOpen } from './activity';
import { useKioskUi } from './ui-state';
import { VisitQuestion } from '../feedback/VisitQuestion';

// Not focusin: the warning's own autofocused button would count as a touch and dismiss the warning.
const ACTIVITY_EVENTS = ['pointerdown', 'click', 'keydown', 'touchstart', 'wheel', 'scroll', 'input'] as const;

export type IdlePhase = { kind: 'active' } | { kind: 'warning'; secondsLeft: number } | { kind: 'attract' };

interface Props {
  idleTimeoutSeconds: number;
  /** How long the warning counts down (already chosen for elder mode by the caller). */
  warningSeconds: number;
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
      const { isPristine, onReset, warningSeconds } = propsRef.current;
      const current = phaseRef.current;
      if (current.kind === 'attract') return;
      if (isActivityHeld()) lastActivity.current = Date.now();
      const idleMs = Date.now() - lastActivity.current;
      const idleTimeoutSeconds = propsRef.current.idleTimeoutSeconds * (isFormOpen() ? 2 : 1);
      if (idleMs < idleTimeoutSeconds * 1000) {
        if (current.kind !== 'active') setPhase({ kind: 'active' });
        return;
      }
      if (current.kind === 'active' && isPristine()) {
        setPhase({ kind: 'attract' });
        propsRef.current.onAttract?.();
        return;
      }
      const secondsLeft = Math.max(0, warningSeconds - Math.floor((idleMs - idleTimeoutSeconds * 1000) / 1000));
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
