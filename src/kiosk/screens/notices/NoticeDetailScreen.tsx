/** One notice in full. An expired or withdrawn notice says so instead of showing stale text. */
import { Link, useParams } from '@tanstack/react-router';
import { isNoticeVisible } from '../../../shared/content';
import { formatDate } from '../../app/format';
import { hallTimeZone, useContent, useHall, useServerNow } from '../../app/hooks';
import { useKioskUi } from '../../app/ui-state';
import { NoticeBody } from './markdown';
import { PriorityTag } from './PriorityTag';

export default function NoticeDetailScreen() {
  const { t } = useKioskUi();
  const { noticeId } = useParams({ strict: false }) as { noticeId: string };
  const now = useServerNow(60_000);
  const hall = useHall();
  const notices = useContent((r) => r.listNotices(), []);
  if (!notices.data) return <p role="status">{t('loading')}</p>;
  const notice = notices.data.find((n) => n.id === noticeId);
  if (!notice || !isNoticeVisible(notice, now)) {
    return (
      <div class="screen">
        <h1>{t('noticesTitle')}</h1>
        <p class="lead">{t('noticeNotFound')}</p>
        <Link to="/notices" className="button button-primary">
          {t('noticesTitle')}
        </Link>
      </div>
    );
  }
  return (
    <article class="screen notice-detail" lang="zh-Hans">
      <h1>
        <PriorityTag priority={notice.priority} />
        {notice.title}
      </h1>
      <p class="card-meta">
        {t('noticePublished')} {formatDate(Date.parse(notice.publishAt), hallTimeZone(hall.data))}
      </p>
      <NoticeBody notice={notice} />
    </article>
  );
}
