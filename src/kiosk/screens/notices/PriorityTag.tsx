import type { Notice } from '../../../shared/content';
import { useKioskUi } from '../../app/ui-state';

/** Priority in words, never by colour alone. */
export function PriorityTag(props: { priority: Notice['priority'] }) {
  const { t } = useKioskUi();
  if (props.priority === 'normal') return null;
  return <span class={`tag tag-${props.priority}`}>{t(props.priority === 'urgent' ? 'noticeUrgent' : 'noticeImportant')}</span>;
}
