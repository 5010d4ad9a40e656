/**
 * 办事指南: browse by department, audience (个人/法人) and topic or life event.
 * Filters live in the URL so "back" restores them and the idle reset clears them.
 */
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'preact/hooks';
import type { GuideSummary } from '../../store/content-reader';
import { useContent } from '../../app/hooks';
import { parseGuideListSearch, type GuideListSearch } from '../../app/router';
import { useServices } from '../../app/services';
import { useKioskUi } from '../../app/ui-state';

const PAGE = 40;

/** Filtered, the kiosk's own hall's items first (a village point's 代办 before the county's), then by popularity. */
export function filterGuides(all: GuideSummary[], f: GuideListSearch, ownHallId?: string): GuideSummary[] {
  const own = (g: GuideSummary) => (ownHallId !== undefined && g.hallId === ownHallId ? 0 : 1);
  return all
    .filter((g) => !f.dept || g.departmentId === f.dept)
    .filter((g) => !f.audience || g.audience.includes(f.audience))
    .filter((g) => !f.topic || g.topics.includes(f.topic))
    .filter((g) => !f.life || g.lifeEvents.includes(f.life))
    .sort((a, b) => own(a) - own(b) || b.popularity - a.popularity || a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/** Distinct values by how many guides use them (most used first). */
function ranked(values: string[][]): string[] {
  const counts = new Map<string, number>();
  for (const list of values) for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-Hans-CN')).map(([v]) => v);
}

export default function GuidesScreen() {
  const { t } = useKioskUi();
  const { config } = useServices();
  const search = parseGuideListSearch(useSearch({ strict: false }) as Record<string, unknown>);
  const navigate = useNavigate();
  const [shown, setShown] = useState(PAGE);
  const content = useContent(async (r) => ({ departments: await r.listDepartments(), guides: await r.listGuideSummaries() }), []);
  // The detail screen is the next tap: fetch its code while the list is being read.
  useEffect(() => void import('./GuideDetailScreen'), []);
  const set = (patch: Partial<GuideListSearch>) => {
    setShown(PAGE);
    void navigate({ to: '/guides', search: { ...search, ...patch }, replace: true });
  };

  if (!content.data) return <p role="status">{t('loading')}</p>;
  const { departments, guides } = content.data;
  const deptName = new Map(departments.map((d) => [d.id, d.shortName]));
  const usedDepartments = departments.filter((d) => guides.some((g) => g.departmentId === d.id));
  const topics = ranked(guides.map((g) => g.topics)).slice(0, 16);
  const lifeEvents = ranked(guides.map((g) => g.lifeEvents)).slice(0, 16);
  const list = filterGuides(guides, search, config.hallId);

  return (
    <div class="screen guides">
      <h1>{t('tileGuides')}</h1>
      <div class="filters">
        <FilterGroup label={t('audience')}>
          <Chip on={!search.audience} onClick={() => set({ audience: undefined })}>
            {t('audienceAll')}
          </Chip>
          <Chip on={search.audience === 'person'} onClick={() => set({ audience: 'person' })}>
            {t('audiencePerson')}
          </Chip>
          <Chip on={search.audience === 'legal-entity'} onClick={() => set({ audience: 'legal-entity' })}>
            {t('audienceEntity')}
          </Chip>
        </FilterGroup>
        <FilterGroup label={t('department')}>
          <Chip on={!search.dept} onClick={() => set({ dept: undefined })}>
            {t('allDepartments')}
          </Chip>
          {usedDepartments.map((d) => (
            <Chip key={d.id} on={search.dept === d.id} onClick={() => set({ dept: d.id })} lang="zh-Hans">
              {d.shortName}
            </Chip>
          ))}
        </FilterGroup>
        {lifeEvents.length > 0 && (
          <FilterGroup label={t('lifeEvent')}>
            <Chip on={!search.life} onClick={() => set({ life: undefined })}>
              {t('lifeEventAll')}
            </Chip>
            {lifeEvents.map((v) => (
              <Chip key={v} on={search.life === v} onClick={() => set({ life: v })} lang="zh-Hans">
                {v}
              </Chip>
            ))}
          </FilterGroup>
        )}
        {topics.length > 0 && (
          <FilterGroup label={t('topic')}>
            <Chip on={!search.topic} onClick={() => set({ topic: undefined })}>
              {t('topicAll')}
            </Chip>
            {topics.map((v) => (
              <Chip key={v} on={search.topic === v} onClick={() => set({ topic: v })} lang="zh-Hans">
                {v}
              </Chip>
            ))}
          </FilterGroup>
        )}
      </div>
      <p class="result-count" role="status">
        {t('guidesCount', { n: list.length })}
      </p>
      {list.length === 0 && <p class="lead">{t('nothingHere')}</p>}
      <ul class="card-list" data-testid="guide-list">
        {list.slice(0, shown).map((g) => (
          <li key={g.id}>
            <Link to="/guides/$guideId" params={{ guideId: g.id }} className="card card-link">
              <span class="card-title" lang="zh-Hans">
                {g.plainName !== g.name ? `${g.plainName}（${g.name}）` : g.name}
              </span>
              <span class="card-meta">
                <span lang="zh-Hans">{deptName.get(g.departmentId) ?? ''}</span>
                {g.audience.map((a) => ` · ${a === 'person' ? t('audiencePerson') : t('audienceEntity')}`).join('')}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {list.length > shown && (
        <button type="button" class="button button-secondary button-wide" onClick={() => setShown((n) => n + PAGE)}>
          {t('showMore', { n: list.length - shown })}
        </button>
      )}
    </div>
  );
}

function FilterGroup(props: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="filter-group" role="group" aria-label={props.label}>
      <span class="filter-label" aria-hidden="true">
        {props.label}
      </span>
      <div class="chips">{props.children}</div>
    </div>
  );
}

function Chip(props: { on: boolean; onClick: () => void; children: preact.ComponentChildren; lang?: string }) {
  return (
    <button type="button" class={`chip${props.on ? ' is-on' : ''}`} aria-pressed={props.on} onClick={props.onClick} lang={props.lang}>
      {props.children}
    </button>
  );
}
