/**
 * Where to go in the hall: the floor plan with the resident's window marked. One tab per floor; the
 * floor holding the asked-for window opens first. Plans are media in the kiosk's store, so this works
 * offline; a plan still downloading says so.
 */
import { useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'preact/hooks';
import type { FloorPlan, Hall } from '../../../shared/content';
import { useContent } from '../../app/hooks';
import { useServices } from '../../app/services';
import { useKioskUi } from '../../app/ui-state';

export default function FloorPlanScreen() {
  const { t } = useKioskUi();
  const { config } = useServices();
  const search = useSearch({ strict: false }) as { hall?: string; window?: string };
  const hallId = search.hall || config.hallId;
  const hall = useContent((r) => r.getHall(hallId), [hallId]);
  const plans = hall.data?.floorPlans ?? [];
  const wanted = plans.findIndex((p) => p.places.some((place) => place.windowId === search.window));
  const [chosen, setChosen] = useState<number | null>(null);
  const index = chosen ?? Math.max(wanted, 0);
  const plan = plans[index];

  if (hall.loading && !hall.data) return <p role="status">{t('loading')}</p>;
  return (
    <div class="screen floor-plan-screen" data-testid="floor-plan">
      <h1>{t('floorPlanTitle')}</h1>
      {hall.data && <p class="lead">{hall.data.name}</p>}
      {!plan ? (
        <p class="lead" role="alert">
          {t('floorPlanNone')}
        </p>
      ) : (
        <>
          {plans.length > 1 && (
            <div class="chips" role="group" aria-label={t('floor')}>
              {plans.map((p, i) => (
                <button
                  key={p.floor}
                  type="button"
                  class={`chip${i === index ? ' is-on' : ''}`}
                  aria-pressed={i === index}
                  onClick={() => setChosen(i)}
                >
                  {p.floor}
                </button>
              ))}
            </div>
          )}
          {search.window && wanted >= 0 && (
            <p class="lead floor-plan-where" data-testid="floor-plan-where">
              {t('floorPlanWindowIs', { window: windowLabel(hall.data!, search.window), floor: plans[wanted]!.floor })}
            </p>
          )}
          <PlanImage plan={plan} highlight={search.window} hall={hall.data!} />
        </>
      )}
    </div>
  );
}

function windowLabel(hall: Hall, id: string): string {
  const name = hall.windows.find((w) => w.id === id)?.name;
  return name ? `${id} ${name}` : id;
}

function PlanImage(props: { plan: FloorPlan; highlight?: string; hall: Hall }) {
  const { t } = useKioskUi();
  const { reader, engine } = useServices();
  const [url, setUrl] = useState<string | undefined | null>(null);
  const sha = props.plan.image.sha256;
  useEffect(() => {
    let alive = true;
    const load = () =>
      void reader.mediaUrl(sha).then(
        (u) => alive && setUrl(u),
        () => alive && setUrl(undefined),
      );
    load();
    const off = engine.onApplied(load);
    const timer = setInterval(load, 3000);
    return () => {
      alive = false;
      off();
      clearInterval(timer);
    };
  }, [reader, engine, sha]);
  if (url === null) return <p role="status">{t('loading')}</p>;
  if (!url)
    return (
      <p class="lead" role="alert">
        {t('floorPlanNotStored')}
      </p>
    );
  const spot = props.plan.places.find((p) => p.windowId === props.highlight);
  return (
    <div class="floor-plan-frame">
      <img class="floor-plan-image" src={url} alt={props.plan.image.alt || `${props.hall.name} ${props.plan.floor}`} />
      {spot && (
        <span
          class="floor-plan-marker"
          data-testid="floor-plan-marker"
          style={{ left: `${spot.x * 100}%`, top: `${spot.y * 100}%` }}
          aria-hidden="true"
        >
          <span class="floor-plan-marker-label">{t('floorPlanHere')}</span>
        </span>
      )}
    </div>
  );
}
