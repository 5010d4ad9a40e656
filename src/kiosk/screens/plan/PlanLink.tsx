import { Link } from '@tanstack/react-router';
import { useKioskUi } from '../../app/ui-state';

/** "在平面图上查看": opens the plan screen with this window marked. */
export function PlanLink(props: { hallId: string; windowId: string; label?: string; testId: string }) {
  const { t } = useKioskUi();
  return (
    <Link
      to="/plan"
      search={{ hall: props.hallId, window: props.windowId }}
      className="button button-secondary"
      aria-label={props.label}
      data-testid={props.testId}
      data-window={props.windowId}
    >
      {t('floorPlanShow')}
    </Link>
  );
}
