/** 通知公告: visible notices only, urgent first, then newest. */
import { Link } from '@tanstack/react-router';
import { hallTimeZone, useContent, useHall, useServerNow } from '../../app/hooks';
import { formatDate } from '../../app/format';
import { useKioskUi } from '../../app/ui-state';
import { sortNotices } from './sort-notices';
import { noticePlainText } from './markdown';
import { PriorityTag } from './PriorityTag';

export default function NoticesScreen() {
  const { t } = useKioskUi();
  const now = useServerNow(60_000);
  const hall = useHall();
  const notices = useContent((r) => r.listNotices(), []);
  const visible = sortNotices(notices.data ?? [], now);
  return (
    <div class="screen">
      <h1>{t('noticesTitle')}</h1>
      {notices.loading && !notices.data && <p role="status">{t('loading')}</p>}
      {notices.data && visible.length === 0 && <p class="lead">{t('nothingHere')}</p>}
      <ul class="card-list" data-testid="notice-list">
        {visible.map((n) => (
          <li key={n.id}>
            <Link to="/notices/$noticeId" params={{ noticeId: n.id }} className="card card-link" lang="zh-Hans">
              <span class="card-title">
                <PriorityTag priority={n.priority} />
                {n.title}
              </span>
              <span class="card-meta">
                {t('noticePublished')} {formatDate(Date.parse(n.publishAt), hallTimeZone(hall.data))}
              </span>
              <span class="card-text">{excerpt(noticePlainText(n))}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function excerpt(s: string): string {
  return s.length > 90 ? `${s.slice(0, 90)}…` : s;
}
