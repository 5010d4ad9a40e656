/**
 * Duty roster of one hall: the weekly template as a week grid (windows ×
 * weekdays; each shift opens its draft editor) and the dated exceptions
 * (leave, substitution, extra shifts).
 */
import { useEffect, useState } from 'preact/hooks';
import type { DutyException, DutyShift, Official } from '../../shared/content';
import { call, client, type Answer } from '../client';
import { useSession } from '../app/session';
import { emptyRecord } from '../forms/specs';
import { navigate } from '../router';
import { openDraft } from '../records/RecordListPage';

const DAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const records = client.records[':type'];
type Row = Answer<typeof records.$get>['records'][number];
/** A row whose record is of a known type (the list answers records as plain JSON). */
type RowOf<R> = Omit<Row, 'record'> & { record: R };

const KIND_NAMES: Record<string, string> = { leave: '请假', substitution: '替班', extra: '加班' };

export function RosterPage({ hallId }: { hallId: string }) {
  const { lookups } = useSession();
  const [shifts, setShifts] = useState<RowOf<DutyShift>[] | null>(null);
  const [exceptions, setExceptions] = useState<RowOf<DutyException>[]>([]);
  const [officials, setOfficials] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState('');
  useEffect(() => {
    setShifts(null);
    Promise.all([
      call(records.$get({ param: { type: 'dutyShift' }, query: { hallId, pageSize: '500' } })),
      call(records.$get({ param: { type: 'dutyException' }, query: { hallId, pageSize: '500' } })),
      call(records.$get({ param: { type: 'official' }, query: { pageSize: '500' } })),
    ])
      .then(([s, e, o]) => {
        setShifts((s.records as unknown as RowOf<DutyShift>[]).filter((r) => r.record.hallId === hallId));
        setExceptions(
          (e.records as unknown as RowOf<DutyException>[])
            .filter((r) => r.record.hallId === hallId)
            .sort((a, b) => b.record.date.localeCompare(a.record.date)),
        );
        setOfficials(new Map((o.records as unknown as RowOf<Official>[]).map((r) => [r.record.id, r.record.name])));
      })
      .catch((err) => setError(err.message));
  }, [hallId]);
  const who = (id: string | null) => (id ? (officials.get(id) ?? id) : '—');
  const windows = [...new Set((shifts ?? []).map((s) => s.record.windowId))].sort();
  const edit = (row: RowOf<DutyShift | DutyException>) =>
    row.openDraft ? navigate(`/drafts/${row.openDraft.id}`) : void openDraft(row.record.type, { id: row.record.id }, setError);

  return (
    <>
      <h1>值班表</h1>
      {error ? (
        <p class="error-message" role="alert">
          {error}
        </p>
      ) : null}
      <div class="toolbar">
        <div class="form-group inline">
          <label class="label" for="hall">
            大厅
          </label>
          <select id="hall" class="input" value={hallId} onChange={(e) => navigate(`/roster?hall=${e.currentTarget.value}`)}>
            {lookups.halls.map((h) => (
              <option key={h.value} value={h.value}>
                {h.label}
              </option>
            ))}
          </select>
        </div>
        <button class="button" onClick={() => void openDraft('dutyShift', { data: { ...emptyRecord('dutyShift'), hallId } }, setError)}>
          新增每周排班
        </button>
        <button
          class="button button--secondary"
          onClick={() => void openDraft('dutyException', { data: { ...emptyRecord('dutyException'), hallId } }, setError)}
        >
          新增例外（请假/替班）
        </button>
      </div>
      <h2>每周排班模板</h2>
      {!shifts ? (
        <p role="status">正在载入…</p>
      ) : windows.length === 0 ? (
        <p class="hint">此大厅还没有排班。</p>
      ) : (
        <div class="table-scroll">
          <table class="table roster">
            <caption class="visually-hidden">按窗口和星期排列的每周值班</caption>
            <thead>
              <tr>
                <th scope="col">窗口</th>
                {DAYS.map((d) => (
                  <th scope="col" key={d}>
                    {d}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {windows.map((w) => (
                <tr key={w}>
                  <th scope="row">{w}</th>
                  {DAYS.map((_, i) => (
                    <td key={i}>
                      {shifts
                        .filter((s) => s.record.windowId === w && s.record.weekday === i + 1)
                        .sort((a, b) => a.record.start.localeCompare(b.record.start))
                        .map((s) => (
                          <button
                            key={s.record.id}
                            type="button"
                            class="shift"
                            disabled={!s.editable}
                            onClick={() => edit(s)}
                            aria-label={`${w} ${DAYS[i]} ${s.record.start}–${s.record.end} ${who(s.record.officialId)}，编辑`}
                          >
                            <span>
                              {s.record.start}–{s.record.end}
                              {s.record.end <= s.record.start ? '（次日）' : ''}
                            </span>
                            <span>{who(s.record.officialId)}</span>
                            {s.openDraft ? <span class="tag tag--draft">草稿</span> : null}
                          </button>
                        ))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>例外（按日期）</h2>
      {exceptions.length === 0 ? (
        <p class="hint">没有例外。</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">窗口</th>
              <th scope="col">类型</th>
              <th scope="col">人员</th>
              <th scope="col">替班/时间</th>
              <th scope="col">原因</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {exceptions.map((e) => (
              <tr key={e.record.id}>
                <td>{e.record.date}</td>
                <td>{e.record.windowId}</td>
                <td>{KIND_NAMES[e.record.kind]}</td>
                <td>{who(e.record.officialId)}</td>
                <td>
                  {e.record.kind === 'substitution' ? who(e.record.substituteOfficialId) : ''}
                  {e.record.start ? ` ${e.record.start}–${e.record.end}` : ''}
                </td>
                <td>{e.record.reason}</td>
                <td>
                  {e.editable ? (
                    <button class="button button--small" type="button" onClick={() => edit(e)}>
                      编辑
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
