/**
 * 在岗人员: who is at each window of this hall right now, computed on the
 * kiosk in the hall's timezone from the weekly shifts and dated exceptions
 * (with the server-corrected clock), plus today's and this week's rota.
 * Refreshes every minute.
 */
import { hallDate, onDutyNow, scheduleForDay, weekSchedule, type DutyAssignment } from '../../../shared/duty';
import type { Hall, Official } from '../../../shared/content';
import { useContent, useServerNow } from '../../app/hooks';
import type { MessageKey, Translate } from '../../app/i18n';
import { useServices } from '../../app/services';
import { useKioskUi } from '../../app/ui-state';
import { RateButton } from '../../feedback/RateButton';
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
  const todays = scheduleForDay({ ...input, date: today });
  const week = weekSchedule({ ...input, date: today });
  const leaveToday = exceptions.filter((e) => e.date === today && e.kind === 'leave');
  const rows = windowRows(hall, [...todays, ...week.flatMap((d) => d.assignments)]);
  const nowByWindow = new Map(onDuty.map((w) => [w.windowId, w.assignments]));

  return (
    <div class="screen duty" lang="zh-Hans">
      <h1>{t('dutyTitle')}</h1>
      <p class="hint">{t('dutyRefreshed')}</p>
      <h2>{t('dutyNow')}</h2>
      {onDuty.length === 0 ? (
        <p class="lead" data-testid="duty-nobody">
          {t('dutyNobody')}
        </p>
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
                    {t('dutyWindow')} {w.id} {w.name} {w.floor && `· ${w.floor}`}
                  </p>
                  {nowByWindow.get(w.id)!.map((a) => {
                    const o = officials.get(a.officialId);
                    return (
                      <div key={`${a.officialId}-${a.start}`}>
                        <p class="duty-name">
                          {o?.name ?? a.officialId}
                          <SourceTag a={a} t={t} />
                        </p>
                        {o && <p class="duty-line">{o.title}</p>}
                        <p class="duty-line">
                          {a.start}–{a.end}
                          {o && `　${t('dutyPhone')} ${o.phone}`}
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
      <h2>{t('dutyToday')}</h2>
      <div class="table-scroll">
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
                    {a.windowId} {w?.name}
                  </td>
                  <td>
                    {a.start}–{a.end}
                  </td>
                  <td>
                    {o?.name ?? a.officialId}
                    {o && `（${o.title}）`}
                    <SourceTag a={a} t={t} />
                  </td>
                </tr>
              );
            })}
            {leaveToday.map((e) => (
              <tr key={e.id}>
                <td>{e.windowId}</td>
                <td>{e.start && e.end ? `${e.start}–${e.end}` : '—'}</td>
                <td>
                  {officials.get(e.officialId)?.name ?? e.officialId}
                  <span class="tag tag-conditional">{t('dutyOnLeave')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('dutyWeek')}</h2>
      <div class="table-scroll">
        <table class="rota rota-week" data-testid="duty-week">
          <thead>
            <tr>
              <th scope="col">{t('dutyWindow')}</th>
              {week.map((d) => (
                <th scope="col" key={d.date} class={d.date === today ? 'rota-today' : undefined}>
                  {t(`weekday${d.weekday}` as MessageKey)} {d.date.slice(5)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows
              .filter((w) => week.some((d) => d.assignments.some((a) => a.windowId === w.id)))
              .map((w) => (
                <tr key={w.id}>
                  <th scope="row">{w.id}</th>
                  {week.map((d) => (
                    <td key={d.date} class={d.date === today ? 'rota-today' : undefined}>
                      {d.assignments
                        .filter((a) => a.windowId === w.id)
                        .map((a) => (
                          <div key={`${a.officialId}-${a.start}`}>
                            {a.start}–{a.end} {officials.get(a.officialId)?.name ?? a.officialId}
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

function SourceTag(props: { a: DutyAssignment; t: Translate }) {
  if (props.a.source === 'shift') return null;
  return <span class="tag tag-conditional">{props.t(props.a.source === 'substitution' ? 'dutySubstitute' : 'dutyExtra')}</span>;
}

function placeholder(id: string): Official {
  return {
    id,
    name: id,
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
