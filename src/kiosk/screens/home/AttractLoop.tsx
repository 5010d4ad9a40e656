/**
 * While nobody uses the kiosk: a slow loop of current notices and the hall's
 * information. Any touch ends it (and does not reach the screen underneath).
 */
import type { Hall, Notice } from '../../../shared/content';
import { useEffect, useState } from 'preact/hooks';
import { useContent, useServerNow } from '../../app/hooks';
import { useServices } from '../../app/services';
import { useKioskUi } from '../../app/ui-state';
import { noticePlainText } from '../notices/markdown';
import { sortNotices } from '../notices/sort-notices';

const SLIDE_MS = 8000;

type Slide = { kind: 'hall'; hall: Hall } | { kind: 'notice'; notice: Notice };

export default function AttractLoop(props: { onDismiss: () => void }) {
  const { t } = useKioskUi();
  const { config } = useServices();
  const now = useServerNow(60_000);
  const content = useContent(async (r) => ({ hall: await r.getHall(config.hallId), notices: await r.listNotices() }), [config.hallId]);
  const slides: Slide[] = [];
  if (content.data?.hall) slides.push({ kind: 'hall', hall: content.data.hall });
  for (const notice of sortNotices(content.data?.notices ?? [], now).slice(0, 6)) slides.push({ kind: 'notice', notice });
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setIndex((i) => i + 1), SLIDE_MS);
    return () => clearInterval(timer);
  }, []);
  const slide = slides.length ? slides[index % slides.length] : undefined;
  return (
    <div
      class="attract"
      data-testid="attract"
      role="button"
      tabIndex={0}
      aria-label={t('attractTouch')}
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        props.onDismiss();
      }}
      onKeyDown={props.onDismiss}
    >
      <div class="attract-slide" lang="zh-Hans">
        {slide?.kind === 'hall' && (
          <>
            <p class="attract-kicker">{t('appTitle')}</p>
            <h2 class="attract-title">{slide.hall.name}</h2>
            <p class="attract-body">{slide.hall.address}</p>
            {slide.hall.phones.map((p) => (
              <p class="attract-body" key={p.number}>
                {p.label} {p.number}
              </p>
            ))}
          </>
        )}
        {slide?.kind === 'notice' && (
          <>
            <p class="attract-kicker">{t('noticesTitle')}</p>
            <h2 class="attract-title">{slide.notice.title}</h2>
            <p class="attract-body">{truncate(noticePlainText(slide.notice), 160)}</p>
          </>
        )}
      </div>
      <p class="attract-touch">{t('attractTouch')}</p>
    </div>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
