/**
 * 收费标准 by department: amount in yuan, unit, legal basis, effective dates,
 * reductions. Only items in force (by the server-corrected clock) are listed
 * as current; items not yet in force appear separately as upcoming; expired
 * items are not shown.
 */
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'preact/hooks';
import { isFeeInForce, scopeHallId, type Department, type FeeItem } from '../../../shared/content';
import { formatFeeAmount } from '../../../shared/money';
import { formatDate } from '../../app/format';
import { hallTimeZone, useContent, useHall, useServerNow } from '../../app/hooks';
import type { Translate } from '../../app/i18n';
import { useServices } from '../../app/services';
import { RateButton } from '../../feedback/RateButton';
import { useKioskUi } from '../../app/ui-state';

const PAGE = 50;

/** Current and upcoming items, each with the kiosk's own hall's items (scope hall:<id>) first, then by name. */
export function partitionFees(fees: FeeItem[], nowMs: number, ownHallId?: string): { current: FeeItem[]; upcoming: FeeItem[] } {
  const own = (f: FeeItem) => (ownHallId !== undefined && scopeHallId(f.scope) === ownHallId ? 0 : 1);
  const byName = (a: FeeItem, b: FeeItem) => own(a) - own(b) || a.name.localeCompare(b.name, 'zh-Hans-CN') || a.id.localeCompare(b.id);
  return {
    current: fees.filter((f) => isFeeInForce(f, nowMs)).sort(byName),
    upcoming: fees.filter((f) => Date.parse(f.effectiveFrom) > nowMs).sort(byName),
  };
}

export default function FeesScreen() {
  const { t } = useKioskUi();
  const { config } = useServices();
  const { dept } = useSearch({ strict: false }) as { dept?: string };
  const navigate = useNavigate();
  const now = useServerNow(60_000);
  const hall = useHall();
  const tz = hallTimeZone(hall.data);
  const departments = useContent((r) => r.listDepartments(), []);
  const selected = dept ?? departments.data?.[0]?.id;
  const fees = useContent((r) => (selected ? r.listFees(selected) : Promise.resolve([])), [selected]);
  const [shown, setShown] = useState(PAGE);

  if (!departments.data) return <p role="status">{t('loading')}</p>;
  const { current, upcoming } = partitionFees(fees.data ?? [], now, config.hallId);
  return (
    <div class="screen fees">
      <h1>{t('feesTitle')}</h1>
      <div class="filter-group" role="group" aria-label={t('department')}>
        <span class="filter-label" aria-hidden="true">
          {t('department')}
        </span>
        <div class="chips">
          {departments.data.map((d: Department) => (
            <button
              type="button"
              key={d.id}
              lang="zh-Hans"
              class={`chip${d.id === selected ? ' is-on' : ''}`}
              aria-pressed={d.id === selected}
              onClick={() => {
                setShown(PAGE);
                void navigate({ to: '/fees', search: { dept: d.id }, replace: true });
              }}
            >
              {d.shortName}
            </button>
          ))}
        </div>
      </div>
      {fees.data && current.length === 0 && upcoming.length === 0 && <p class="lead">{t('nothingHere')}</p>}
      <ul class="fee-cards" data-testid="fee-list">
        {current.slice(0, shown).map((f) => (
          <FeeCard key={f.id} fee={f} t={t} tz={tz} />
        ))}
      </ul>
      {current.length > shown && (
        <button type="button" class="button button-secondary button-wide" onClick={() => setShown((n) => n + PAGE)}>
          {t('showMore', { n: current.length - shown })}
        </button>
      )}
      {upcoming.length > 0 && (
        <section class="upcoming" aria-labelledby="upcoming-title" data-testid="fee-upcoming">
          <h2 id="upcoming-title">{t('feeUpcoming')}</h2>
          <p class="hint">{t('feeUpcomingNote')}</p>
          <ul class="fee-cards">
            {upcoming.map((f) => (
              <FeeCard key={f.id} fee={f} t={t} tz={tz} upcoming />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function FeeCard(props: { fee: FeeItem; t: Translate; tz: string; upcoming?: boolean }) {
  const { fee, t, tz } = props;
  const from = formatDate(Date.parse(fee.effectiveFrom), tz);
  const effective = fee.effectiveTo
    ? t('feeFromTo', { a: from, b: formatDate(Date.parse(fee.effectiveTo), tz) })
    : t('feeFrom', { d: from });
  return (
    <li class={`fee-card${props.upcoming ? ' fee-card-upcoming' : ''}`} lang="zh-Hans">
      <div class="fee-card-head">
        <h3 class="fee-card-name">
          {props.upcoming && <span class="tag tag-conditional">{t('feeUpcoming')}</span>}
          {fee.name}
        </h3>
        <p class="fee-card-amount" data-testid="fee-amount">
          {formatFeeAmount(fee.amount, fee.unit)}
        </p>
      </div>
      <dl class="facts">
        <div class="fact">
          <dt>{t('feeBasis')}</dt>
          <dd>{fee.basis.map((b) => `${b.title}（${b.number}）`).join('；')}</dd>
        </div>
        <div class="fact">
          <dt>{t('feeEffective')}</dt>
          <dd>{effective}</dd>
        </div>
        {fee.reductions.length > 0 && (
          <div class="fact">
            <dt>{t('feeReductions')}</dt>
            <dd>{fee.reductions.map((r) => `${r.description}${r.basis ? `（${r.basis}）` : ''}`).join('；')}</dd>
          </div>
        )}
        {fee.notes && (
          <div class="fact">
            <dt>{t('guideSummary')}</dt>
            <dd>{fee.notes}</dd>
          </div>
        )}
      </dl>
      {!props.upcoming && (
        <RateButton subject={{ type: 'fee', id: fee.id, departmentId: fee.departmentId, title: fee.name.slice(0, 120) }} />
      )}
    </li>
  );
}
