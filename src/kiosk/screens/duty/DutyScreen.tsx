/**
 * 在岗人员: who is at each window of this hall right now, computed on the
 * kiosk in the hall's timezone from the weekly shifts and dated exceptions
 * (with the server-corrected clock), plus today's and this week's rota.
 * Refreshes every minute.
 */
import { hallDate, nextOnDuty, onDutyNow, rotaForToday, weekSchedule, type DutyAssignment } from '../../../shared/duty';
import type { Hall, Official } from '../../../shared/content';
import { isoWeekday } from '../../../shared/time/zoned';
import { useContent, useServerNow } from '../../app/hooks';
import type { MessageKey, Translate } from '../../app/i18n';
import { useServices } from '../../app/services';
import { useKioskUi } from '../../app/ui-state';
import { RateButton } from '../../feedback/RateButton';
import { PlanLink } from '../plan/PlanLink';
import { isOnFloorPlan } from '../plan/placed-windows';
import { OfficialPhoto } from './OfficialPhoto';

interface WindowRow {
  id: string;
  name: string;
  floor: string;
}

/** The hall's windows in its own order, plus any window a shift names that the hall record lacks. */
export function windowRows(hall: Hall | undefined, assignments: DutyAssignment[]): WindowRow[] {
  const rows: WindowRow[] = (hall?.windows ?? []).map((w) => ({ id: w.id, name: w.name, floor: w.floor }));
  for (const a of assignments) if (!rows.some((r) => r.id === a.windowId)) rows.push({ id: a.windowId, name: '', floor: '' });
  return rows;
}

export default function DutyScreen() {
  const { t } = useKioskUi();
  const { config } = useServices();
  const now = useServerNow(60_000);
  const content = useContent(
    async (r) => {
      const [hall, shifts, exceptions, officials] = await Promise.all([
        r.getHall(config.hallId),
        r.listDutyShifts(config.hallId),
        r.listDutyExceptions(config.hallId),
        r.listOfficials(),
      ]);
      return { hall, shifts, exceptions, officials: new Map(officials.map((o) => [o.id, o])) };
    },
    [config.hallId],
  );
  if (!content.data) return <p role="status">{t('loading')}</p>;
  const { hall, shifts, exceptions, officials } = content.data;
  const input = { shifts, exceptions, timezone: hall?.timezone ?? 'Asia/Shanghai' };
  const onDuty = onDutyNow({ ...input, nowMs: now });
  const today = hallDate(now, input.timezone);
  const todays = rotaForToday({ ...input, nowMs: now });
  const next = onDuty.length === 0 ? nextOnDuty({ ...input, nowMs: now }) : [];
  const week = weekSchedule({ ...input, date: today });
  const leaveToday = exceptions.filter((e) => e.date === today && e.kind === 'leave');
  const rows = windowRows(hall, [...todays, ...week.flatMap((d) => d.assignments)]);
  const nowByWindow = new Map(onDuty.map((w) => [w.windowId, w.assignments]));

  return (
    // Interface words follow the chosen language; names, posts and window names are content (lang="zh-Hans").
    // Phones, names, window codes and times are .nobr: a number or a name broken across lines is misread.
    <div class="screen duty">
      <h1>{t('dutyTitle')}</h1>
      <p class="hint">{t('dutyRefreshed')}</p>
      <h2>{t('dutyNow')}</h2>
      {onDuty.length === 0 ? (
        <>
          <p class="lead" data-testid="duty-nobody">
            {t('dutyNobody')}
          </p>
          {next.length > 0 && (
            <div class="duty-next" data-testid="duty-next">
              <h3>{t('dutyNext')}</h3>
              <ul>
                {next.map((a) => {
                  const o = officials.get(a.officialId);
                  const w = rows.find((r) => r.id === a.windowId);
                  return (
                    <li key={`${a.windowId}-${a.officialId}`}>
                      <span class="nobr">{a.date === today ? '' : `${t(`weekday${isoWeekday(a.date)}` as MessageKey)} `}</span>
                      <Times a={a} /> <span class="nobr">{a.windowId}</span> <span lang="zh-Hans">{w?.name}</span>{' '}
                      <StaffName official={o} t={t} />
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
        </>
      ) : (
        <ul class="duty-now" data-testid="duty-now">
          {rows
            .filter((w) => nowByWindow.has(w.id))
            .map((w) => (
              <li key={w.id} class="duty-card" data-window={w.id}>
                <OfficialPhoto
                  official={officials.get(nowByWindow.get(w.id)![0]!.officialId) ?? placeholder(nowByWindow.get(w.id)![0]!.officialId)}
                />
                <div>
                  <p class="duty-window">
                    {t('dutyWindow')} <span class="nobr">{w.id}</span>{' '}
                    <span lang="zh-Hans">
                      {w.name} {w.floor && `· ${w.floor}`}
                    </span>
                  </p>
                  {hall && isOnFloorPlan(hall, w.id) && (
                    <p class="duty-plan">
                      <PlanLink hallId={hall.id} windowId={w.id} label={`${w.id} ${t('floorPlanShow')}`} testId="duty-plan-link" />
                    </p>
                  )}
                  {nowByWindow.get(w.id)!.map((a) => {
                    const o = officials.get(a.officialId);
                    return (
                      <div key={`${a.officialId}-${a.start}`}>
                        <p class="duty-name">
                          <StaffName official={o} t={t} />
                          <SourceTag a={a} t={t} />
                        </p>
                        {o && (
                          <p class="duty-line" lang="zh-Hans">
                            {o.title}
                          </p>
                        )}
                        <p class="duty-line">
                          <Times a={a} />
                          {o && (
                            <>
                              {'　'}
                              {t('dutyPhone')} <span class="nobr">{o.phone}</span>
                            </>
                          )}
                        </p>
                        <RateButton
                          subject={
                            o
                              ? { type: 'official', id: o.id, departmentId: o.departmentId, title: `${w.id} ${o.name}`.slice(0, 120) }
                              : { type: 'window', id: w.id, departmentId: null, title: `${w.id} ${w.name}`.slice(0, 120) }
                          }
                        />
                      </div>
                    );
                  })}
                </div>
              </li>
            ))}
        </ul>
      )}
      <h2 id="duty-today-title">{t('dutyToday')}</h2>
      {/* Focusable: a table wider than the screen can be scrolled from the keyboard too. */}
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="duty-today-title">
        <table class="rota" data-testid="duty-today">
          <thead>
            <tr>
              <th scope="col">{t('dutyWindow')}</th>
              <th scope="col">{t('hours')}</th>
              <th scope="col">{t('dutyTitle')}</th>
            </tr>
          </thead>
          <tbody>
            {todays.map((a) => {
              const o = officials.get(a.officialId);
              const w = rows.find((r) => r.id === a.windowId);
              return (
                <tr key={`${a.windowId}-${a.officialId}-${a.start}`}>
                  <td>
                    <span class="nobr">{a.windowId}</span> <span lang="zh-Hans">{w?.name}</span>
                  </td>
                  <td>
                    <Times a={a} />
                    {a.date !== today && <span class="tag tag-conditional">{t('dutyFromYesterday')}</span>}
                  </td>
                  <td>
                    <StaffName official={o} t={t} />
                    {o && <span lang="zh-Hans">（{o.title}）</span>}
                    <SourceTag a={a} t={t} />
                  </td>
                </tr>
              );
            })}
            {leaveToday.map((e) => (
              <tr key={e.id}>
                <td class="nobr">{e.windowId}</td>
                <td class="nobr">{e.start && e.end ? `${e.start}–${e.end}` : '—'}</td>
                <td>
                  <StaffName official={officials.get(e.officialId)} t={t} />
                  <span class="tag tag-conditional">{t('dutyOnLeave')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="duty-week-title">{t('dutyWeek')}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="duty-week-title">
        <table class="rota rota-week" data-testid="duty-week">
          <thead>
            <tr>
              <th scope="col">{t('dutyWindow')}</th>
              {week.map((d) => (
                <th scope="col" key={d.date} class={d.date === today ? 'rota-today' : undefined}>
                  {t(`weekday${d.weekday}` as MessageKey)} <span class="nobr">{d.date.slice(5)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows
              .filter((w) => week.some((d) => d.assignments.some((a) => a.windowId === w.id)))
              .map((w) => (
                <tr key={w.id}>
                  <th scope="row">
                    <span class="nobr">{w.id}</span>
                    {hall && isOnFloorPlan(hall, w.id) && (
                      <div class="duty-plan">
                        <PlanLink hallId={hall.id} windowId={w.id} label={`${w.id} ${t('floorPlanShow')}`} testId="duty-plan-link" />
                      </div>
                    )}
                  </th>
                  {week.map((d) => (
                    <td key={d.date} class={d.date === today ? 'rota-today' : undefined}>
                      {d.assignments
                        .filter((a) => a.windowId === w.id)
                        .map((a) => (
                          <div key={`${a.officialId}-${a.start}`}>
                            <Times a={a} /> <StaffName official={officials.get(a.officialId)} t={t} />
                          </div>
                        ))}
                    </td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** "08:30–12:00" as one unbreakable unit. */
function Times(props: { a: DutyAssignment }) {
  return (
    <span class="nobr">
      {props.a.start}–{props.a.end}
    </span>
  );
}

function SourceTag(props: { a: DutyAssignment; t: Translate }) {
  if (props.a.source === 'shift') return null;
  return <span class="tag tag-conditional">{props.t(props.a.source === 'substitution' ? 'dutySubstitute' : 'dutyExtra')}</span>;
}

/**
 * A shift whose official is no longer published (withdrawn at once, e.g. details that got out):
 * the window is still staffed, so the resident reads "window staff", never an internal id.
 */
function StaffName({ official, t }: { official: Official | undefined; t: Translate }) {
  if (!official) return <span class="nobr">{t('dutyStaffUnlisted')}</span>;
  return (
    <span class="nobr" lang="zh-Hans">
      {official.name}
    </span>
  );
}

function placeholder(id: string): Official {
  return {
    id,
    name: '',
    type: 'official',
    version: 1,
    updatedAt: '',
    scope: 'global',
    title: '',
    departmentId: '',
    photo: null,
    window: '',
    phone: '000',
    duties: [],
    bio: '',
  };
}
