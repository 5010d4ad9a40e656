import { Link } from '@tanstack/react-router';
import { useKioskUi } from '../../app/ui-state';

/**
 * "在平面图上查看": opens the plan screen with this window marked. The plan screen is loaded while the
 * current screen is read (preload="render"): a tap that had to wait for the screen's chunk left the
 * leaving screen standing above the plan (a Preact/router suspense glitch, see the issue-14 note).
 */
export function PlanLink(props: { hallId: string; windowId: string; label?: string; testId: string }) {
  const { t } = useKioskUi();
  return (
    <Link
      to="/plan"
      search={{ hall: props.hallId, window: props.windowId }}
      preload="render"
      className="button button-secondary"
      aria-label={props.label}
      data-testid={props.testId}
      data-window={props.windowId}
    >
      {t('floorPlanShow')}
    </Link>
  );
}
