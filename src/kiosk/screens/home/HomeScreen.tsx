/**
 * Home: the five large tiles, then today's opening hours and the hall's
 * contacts, and on a portrait screen the latest notices. Kept in the initial bundle (everything else is lazy).
 */
import { Link } from '@tanstack/react-router';
import { useEffect } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import { hallTimeZone, useHall, useServerNow } from '../../app/hooks';
import type { MessageKey } from '../../app/i18n';
import { isoWeekday } from '../../app/format';
import type { Translate } from '../../app/i18n';
import { openStatus, type OpenStatus } from '../../../shared/time/opening-hours';
import { useKioskUi } from '../../app/ui-state';
import { DutyIcon, FeeIcon, GuideIcon, NoticeIcon, SearchIcon } from './icons';

export const TILES: { to: string; title: MessageKey; hint: MessageKey; Icon: () => preact.JSX.Element; id: string }[] = [
  { to: '/guides', title: 'tileGuides', hint: 'tileGuidesHint', Icon: GuideIcon, id: 'guides' },
  { to: '/fees', title: 'tileFees', hint: 'tileFeesHint', Icon: FeeIcon, id: 'fees' },
  { to: '/duty', title: 'tileDuty', hint: 'tileDutyHint', Icon: DutyIcon, id: 'duty' },
  { to: '/notices', title: 'tileNotices', hint: 'tileNoticesHint', Icon: NoticeIcon, id: 'notices' },
  { to: '/search', title: 'tileSearch', hint: 'tileSearchHint', Icon: SearchIcon, id: 'search' },
];

// The notices list (schema helpers included) is not part of the home-route budget: a chunk of its own.
const HomeNotices = lazy(() => import('./HomeNotices').then((m) => ({ default: m.HomeNotices })));

let homePaintMarked = false;

export function HomeScreen() {
  const { t } = useKioskUi();
  const hall = useHall();
  // For the benchmark: the first frame with stored content (hall name, tiles) on screen.
  useEffect(() => {
    if (!hall.data || homePaintMarked) return;
    homePaintMarked = true;
    requestAnimationFrame(() => performance.mark('shk:home-painted'));
  }, [hall.data]);
  return (
    <div class="screen home">
      <h1 class="visually-hidden">{hall.data?.name ?? t('appTitle')}</h1>
      <ul class="tiles">
        {TILES.map(({ to, title, hint, Icon, id }) => (
          <li key={id} class={`tile-item tile-${id}`}>
            <Link to={to} className="tile" data-testid={`tile-${id}`}>
              <Icon />
              <span class="tile-title">{t(title)}</span>
              <span class="tile-hint">{t(hint)}</span>
            </Link>
          </li>
        ))}
      </ul>
      {hall.data && <HallInfo hall={hall.data} />}
      <Suspense fallback={null}>
        <HomeNotices />
      </Suspense>
    </div>
  );
}

function HallInfo(props: { hall: import('../../../shared/content').Hall }) {
  const { t } = useKioskUi();
  const now = useServerNow(60_000);
  const today = isoWeekday(now, hallTimeZone(props.hall));
  const todays = props.hall.openingHours.find((d) => d.weekday === today);
  const hours = todays && todays.periods.length ? todays.periods.map((p) => `${p.open}–${p.close}`).join('，') : t('closed');
  // The holiday calendar, once it exists, plugs in as openStatus's isClosedOn.
  const status = openStatus(props.hall.openingHours, now, hallTimeZone(props.hall));
  return (
    <section class="hall-info" aria-labelledby="hall-info-title">
      <p class={`open-status open-status-${status.kind}`} data-testid="open-status">
        {openStatusText(status, t)}
      </p>
      <h2 id="hall-info-title" class="hall-info-title">
        {t('hallHours')} · {t(`weekday${today}` as MessageKey)} <span lang="zh-Hans">{hours}</span>
      </h2>
      <p class="hall-info-line" lang="zh-Hans">
        {props.hall.address}
      </p>
      {props.hall.phones.length > 0 && (
        <p class="hall-info-line" lang="zh-Hans">
          {/* One phone never breaks across lines: a number split at its hyphen is misread. */}
          {props.hall.phones.map((p) => (
            <span class="hall-phone" key={p.number}>
              {p.label} {p.number}
            </span>
          ))}
        </p>
      )}
    </section>
  );
}

export function openStatusText(status: OpenStatus, t: Translate): string {
  if (status.kind === 'open') return t('openNow');
  if (status.kind === 'opens-today') return t('opensToday', { t: status.opensAt });
  if (!status.next) return t('closed');
  const day = status.next.inDays === 1 ? t('tomorrow') : t(`weekday${status.next.weekday}` as MessageKey);
  return t(status.openedToday ? 'closedForToday' : 'closedAllDay', { d: day, t: status.next.opensAt });
}
