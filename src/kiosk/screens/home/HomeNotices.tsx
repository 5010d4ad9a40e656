/**
 * The three notices a resident should see first (urgent first, then newest),
 * under the tiles where a portrait screen has room; each opens the notice.
 */
import { Link } from '@tanstack/react-router';
import { useContent, useServerNow } from '../../app/hooks';
import { useKioskUi } from '../../app/ui-state';
import { PriorityTag } from '../notices/PriorityTag';
import { sortNotices } from '../notices/sort-notices';

const SHOWN = 3;

export function HomeNotices() {
  const { t } = useKioskUi();
  const now = useServerNow(60_000);
  const notices = useContent((r) => r.listNotices(), []);
  const top = sortNotices(notices.data ?? [], now).slice(0, SHOWN);
  if (top.length === 0) return null;
  return (
    <section class="home-notices" aria-labelledby="home-notices-title">
      <h2 id="home-notices-title" class="home-notices-title">
        {t('latestNotices')}
      </h2>
      <ul class="home-notice-list" data-testid="home-notices">
        {top.map((n) => (
          <li key={n.id}>
            <Link to="/notices/$noticeId" params={{ noticeId: n.id }} className="home-notice" lang="zh-Hans">
              <PriorityTag priority={n.priority} />
              <span class="home-notice-text">{n.title}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
