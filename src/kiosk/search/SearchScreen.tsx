/**
 * 搜索: type on the on-screen keyboard (or a physical keyboard / IME) or write
 * characters on the writing pad (handwriting/), results
 * appear with every keystroke, grouped as guides, fees, officials and notices,
 * the matched part marked. Nothing found offers popular guides and
 * departments, and the query is counted for the content-gap report.
 */
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FeeItem } from '../../shared/content';
import { hallDate, scheduleForDay } from '../../shared/duty';
import { formatFeeAmount } from '../../shared/money';
import { hallTimeZone, useContent, useHall, useServerNow } from '../app/hooks';
import { useServices } from '../app/services';
import { useKioskUi } from '../app/ui-state';
import { recordEmptyQuery } from './empty-queries';
import { InputMethods } from './handwriting/InputMethods';
import { Highlighted } from './Highlighted';
import { kioskSearchService } from './kiosk-search';
import { OnScreenKeyboard } from './OnScreenKeyboard';
import { RESULT_GROUPS, type ResultGroup, type SearchHit, type SearchResults } from './search-index';
import { searchStrings, type SearchStringKey, type SearchTranslate } from './strings';
import './search.css';

const FIRST_SHOWN = 5;
const MORE_STEP = 10;
const RESULT_LIMIT = 30;
/** A pause this long after typing, with nothing found, counts as a deliberate search. */
const EMPTY_COUNT_DELAY_MS = 3000;
const MAX_QUERY_LENGTH = 40;

const GROUP_TITLE: Record<ResultGroup, SearchStringKey> = {
  guide: 'groupGuides',
  fee: 'groupFees',
  official: 'groupOfficials',
  notice: 'groupNotices',
};

// The query survives opening a result and coming back, but not the idle reset (a new visit).
let remembered = { visit: -1, query: '' };

export default function SearchScreen() {
  const services = useServices();
  const ui = useKioskUi();
  const t = searchStrings(ui.language);
  const service = useMemo(() => kioskSearchService(services), [services.reader, services.engine]);
  const [ready, setReady] = useState(() => service.index() !== null);
  const [version, setVersion] = useState(0);
  const [query, setQuery] = useState(() => (remembered.visit === ui.visit ? remembered.query : ''));
  const [shown, setShown] = useState<Record<ResultGroup, number>>(initialShown);
  const counted = useRef(new Set<string>());
  const inputRef = useRef<HTMLInputElement>(null);
  const now = useServerNow(60_000);

  useEffect(() => {
    let alive = true;
    void service.ready.then(() => alive && setReady(true));
    const off = service.subscribe(() => setVersion((v) => v + 1));
    return () => {
      alive = false;
      off();
    };
  }, [service]);

  useEffect(() => {
    remembered = { visit: ui.visit, query };
    setShown(initialShown());
  }, [query, ui.visit]);

  useEffect(() => inputRef.current?.focus(), []);

  const results = useMemo<SearchResults | null>(
    () => (ready && query.trim() ? service.search(query, { nowMs: now, limit: RESULT_LIMIT }) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ready, query, version, now, service],
  );
  const nothingFound = !!results && results.total === 0 && results.departments.length === 0;

  const countEmpty = (q: string) => {
    const key = q.trim();
    if (!key || counted.current.has(key)) return;
    counted.current.add(key);
    recordEmptyQuery(key).catch((err: unknown) => console.warn('empty query not counted', err));
  };

  useEffect(() => {
    if (!nothingFound) return;
    const timer = setTimeout(() => countEmpty(query), EMPTY_COUNT_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nothingFound, query]);

  const update = (next: string) => setQuery(next.slice(0, MAX_QUERY_LENGTH));
  const submit = () => {
    if (nothingFound) countEmpty(query);
    document.getElementById('search-results')?.scrollIntoView?.({ block: 'start' });
  };

  return (
    <div class="screen search" lang={ui.language}>
      <h1 class="visually-hidden">{t('title')}</h1>
      <form
        class="search-bar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label for="search-input" class="search-label">
          {t('inputLabel')}
        </label>
        <input
          id="search-input"
          ref={inputRef}
          class="search-input"
          type="search"
          inputMode="none"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          enterKeyHint="search"
          placeholder={t('inputHint')}
          value={query}
          maxLength={MAX_QUERY_LENGTH}
          onInput={(e) => update(e.currentTarget.value)}
          aria-describedby="search-status"
          data-testid="search-input"
        />
      </form>
      <div class="search-layout">
        <div class="search-results" id="search-results">
          <p id="search-status" class="search-status" role="status" aria-live="polite" data-testid="search-status">
            {statusLine(t, ready, query, results)}
          </p>
          {results && !nothingFound && (
            <ResultList
              results={results}
              shown={shown}
              setShown={setShown}
              t={t}
              now={now}
              departmentName={(id) => service.index()?.departmentName(id) ?? ''}
            />
          )}
          {(nothingFound || (ready && !query.trim())) && <Suggestions t={t} service={service} showHint={nothingFound} version={version} />}
        </div>
        <InputMethods
          language={ui.language}
          visit={ui.visit}
          onCharacter={(c) => update(query + c)}
          keyboard={
            <OnScreenKeyboard
              t={t}
              onKey={(k) => update(query + k)}
              onBackspace={() => update([...query].slice(0, -1).join(''))}
              onClear={() => update('')}
              onSearch={submit}
            />
          }
        />
      </div>
    </div>
  );
}

function initialShown(): Record<ResultGroup, number> {
  return { guide: FIRST_SHOWN, fee: FIRST_SHOWN, official: FIRST_SHOWN, notice: FIRST_SHOWN };
}

function statusLine(t: SearchTranslate, ready: boolean, query: string, results: SearchResults | null): string {
  if (!ready) return t('preparing');
  if (!query.trim() || !results) return '';
  if (results.total === 0 && results.departments.length === 0) return t('nothing', { q: query.trim() });
  return results.corrected ? `${t('corrected')} · ${t('found', { n: results.total })}` : t('found', { n: results.total });
}

function ResultList(props: {
  results: SearchResults;
  shown: Record<ResultGroup, number>;
  setShown: (fn: (s: Record<ResultGroup, number>) => Record<ResultGroup, number>) => void;
  t: SearchTranslate;
  now: number;
  departmentName: (id: string) => string;
}) {
  const { results, shown, t } = props;
  const feeIds = results.groups.fee.slice(0, shown.fee).map((h) => h.id);
  const fees = useContent((r) => (feeIds.length ? r.getFees(feeIds) : Promise.resolve([] as FeeItem[])), [feeIds.join(',')]);
  const feeById = new Map((fees.data ?? []).map((f) => [f.id, f]));
  const dutyToday = useDutyToday(results.groups.official.length > 0, props.now);
  return (
    <div class="search-groups" data-testid="search-results">
      {results.departments.length > 0 && (
        <nav class="search-departments" aria-label={t('relatedDepartments')}>
          <span class="hint">{t('relatedDepartments')}</span>
          <div class="chips">
            {results.departments.map((d) => (
              <Link key={d.id} to="/guides" search={{ dept: d.id }} class="chip" lang="zh-Hans">
                <Highlighted text={d.plainName || d.name} ranges={d.plainName ? d.plainNameRanges : d.nameRanges} />
              </Link>
            ))}
          </div>
        </nav>
      )}
      {RESULT_GROUPS.map((group) => {
        const hits = results.groups[group];
        if (hits.length === 0) return null;
        const total = results.totals[group];
        const visible = hits.slice(0, shown[group]);
        const more = Math.min(MORE_STEP, hits.length - visible.length);
        return (
          <section key={group} class="search-group" aria-labelledby={`search-group-${group}`} data-group={group}>
            <h2 id={`search-group-${group}`}>
              {t(GROUP_TITLE[group])} <span class="search-group-count">({total})</span>
            </h2>
            <ul class="card-list search-hits">
              {visible.map((hit) => (
                <li key={hit.id}>
                  <HitLink hit={hit}>
                    <HitBody
                      hit={hit}
                      t={t}
                      fee={feeById.get(hit.id)}
                      duty={dutyToday.get(hit.id)}
                      department={props.departmentName(hit.departmentId)}
                    />
                  </HitLink>
                </li>
              ))}
            </ul>
            {more > 0 && (
              <button
                type="button"
                class="button button-secondary button-wide"
                onClick={() => props.setShown((s) => ({ ...s, [group]: s[group] + MORE_STEP }))}
              >
                {t('more', { n: more })}
              </button>
            )}
            {more === 0 && total > hits.length && <p class="hint">{t('tooMany', { n: total })}</p>}
          </section>
        );
      })}
    </div>
  );
}

function HitLink(props: { hit: SearchHit; children: preact.ComponentChildren }) {
  const { hit } = props;
  const common = { class: 'card card-link search-hit', lang: 'zh-Hans', 'data-kind': hit.kind, 'data-id': hit.id };
  switch (hit.kind) {
    case 'guide':
      return (
        <Link to="/guides/$guideId" params={{ guideId: hit.id }} {...common}>
          {props.children}
        </Link>
      );
    case 'notice':
      return (
        <Link to="/notices/$noticeId" params={{ noticeId: hit.id }} {...common}>
          {props.children}
        </Link>
      );
    case 'fee':
      return (
        <Link to="/fees" search={{ dept: hit.departmentId || undefined }} {...common}>
          {props.children}
        </Link>
      );
    default:
      return (
        <Link to="/duty" {...common}>
          {props.children}
        </Link>
      );
  }
}

const FIELD_LABEL: Partial<Record<SearchHit['field'], SearchStringKey>> = {
  tag: 'fieldTag',
  body: 'fieldBody',
  words: 'fieldWords',
  code: 'fieldCode',
  department: 'fieldDepartment',
};

interface DutyLine {
  /** "A01 08:30–12:00" for each shift today. */
  times: string[];
  onLeave: boolean;
}

function dutyText(t: SearchTranslate, duty: DutyLine): string {
  if (duty.times.length > 0) return t('onDutyToday', { times: duty.times.join('、') });
  return duty.onLeave ? t('onLeaveToday') : t('notOnDutyToday');
}

function HitBody(props: { hit: SearchHit; t: SearchTranslate; fee?: FeeItem; duty?: DutyLine; department: string }) {
  const { hit, t } = props;
  const fieldLabel = FIELD_LABEL[hit.field];
  return (
    <>
      <span class="card-title">
        {hit.kind === 'fee' && !hit.current && <span class="tag tag-conditional">{t('feeUpcoming')}</span>}
        <Highlighted text={hit.name} ranges={hit.nameRanges} />
      </span>
      {hit.plainName && hit.plainName !== hit.name && (
        <span class="card-text">
          <Highlighted text={hit.plainName} ranges={hit.plainNameRanges} />
        </span>
      )}
      {hit.tag && (
        <span class="card-meta">
          <Highlighted text={hit.tag.text} ranges={hit.tag.ranges} />
        </span>
      )}
      {hit.kind === 'fee' && props.fee && (
        <span class="card-text search-fee-amount">{formatFeeAmount(props.fee.amount, props.fee.unit)}</span>
      )}
      {hit.kind === 'official' && (
        <span class="card-text search-duty" data-testid="official-duty">
          {/* Today's duty loads a moment after the hits: no dangling separator meanwhile. */}
          {[hit.window ? t('window', { w: hit.window }) : '', props.duty ? dutyText(t, props.duty) : ''].filter(Boolean).join(' · ')}
        </span>
      )}
      {(props.department || (fieldLabel && !hit.tag)) && (
        <span class="card-meta">
          {[props.department, fieldLabel && !hit.tag ? t('matchedIn', { field: t(fieldLabel) }) : ''].filter(Boolean).join(' · ')}
        </span>
      )}
    </>
  );
}

/** Today's shifts per official in this hall ("A03 09:00–12:00"), in the hall's timezone. */
function useDutyToday(wanted: boolean, now: number): Map<string, DutyLine> {
  const { config } = useServices();
  const hall = useHall();
  const tz = hallTimeZone(hall.data);
  const duty = useContent(
    (r) => (wanted ? Promise.all([r.listDutyShifts(config.hallId), r.listDutyExceptions(config.hallId)]) : Promise.resolve(null)),
    [wanted, config.hallId],
  );
  return useMemo(() => {
    const out = new Map<string, DutyLine>();
    if (!duty.data) return out;
    const [shifts, exceptions] = duty.data;
    const date = hallDate(now, tz);
    const line = (id: string) => {
      let l = out.get(id);
      if (!l) out.set(id, (l = { times: [], onLeave: false }));
      return l;
    };
    // Everyone with a shift anywhere in this hall gets a line; officials without one today get "not on duty".
    for (const s of shifts) line(s.officialId);
    for (const e of exceptions) if (e.date === date && e.kind === 'leave') line(e.officialId).onLeave = true;
    for (const a of scheduleForDay({ shifts, exceptions, timezone: tz, date }))
      line(a.officialId).times.push(`${a.windowId} ${a.start}–${a.end}`);
    return out;
  }, [duty.data, now, tz]);
}

function Suggestions(props: { t: SearchTranslate; service: ReturnType<typeof kioskSearchService>; showHint: boolean; version: number }) {
  const { t } = props;
  const suggestions = useMemo(
    () => props.service.index()?.suggestions(6) ?? { guides: [], departments: [] },
    [props.service, props.version],
  );
  return (
    <div class="search-suggestions" data-testid="search-suggestions">
      {props.showHint && <p class="lead">{t('nothingHint')}</p>}
      {suggestions.guides.length > 0 && (
        <section aria-labelledby="search-popular">
          <h2 id="search-popular">{t('popularGuides')}</h2>
          <ul class="card-list search-hits">
            {suggestions.guides.map((g) => (
              <li key={g.id}>
                <Link
                  to="/guides/$guideId"
                  params={{ guideId: g.id }}
                  class="card card-link search-hit"
                  lang="zh-Hans"
                  data-kind="guide"
                  data-id={g.id}
                >
                  <span class="card-title">{g.plainName || g.name}</span>
                  {g.plainName && g.plainName !== g.name && <span class="card-text">{g.name}</span>}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {suggestions.departments.length > 0 && (
        <section aria-labelledby="search-departments">
          <h2 id="search-departments">{t('departments')}</h2>
          <div class="chips">
            {suggestions.departments.map((d) => (
              <Link key={d.id} to="/guides" search={{ dept: d.id }} class="chip" lang="zh-Hans">
                {d.plainName || d.name}
              </Link>
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
