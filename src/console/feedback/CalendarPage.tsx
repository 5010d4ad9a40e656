/**
 * 节假日安排: the workday calendar that case deadlines (15 working days) are
 * counted on, one year at a time. Admins add or change a holiday or a 调休
 * make-up workday and remove one; every edit is audited and the deadlines of
 * open cases are worked out again. Days still to be checked against the State
 * Council's notice carry “待核对” in their name and are called out.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { useSession } from '../app/session';
import { call, client, params, type Answer } from '../client';
import { ErrorSummary } from '../forms/ErrorSummary';
import { linkProps } from '../router';

const calendar = client.feedback.calendar;
type Day = Answer<typeof calendar.$get>['days'][number];

const KIND_LABELS = { holiday: '放假', workday: '调休上班' } as const;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (date: string) => `星期${WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]}`;

export function CalendarPage(props: { query: URLSearchParams }) {
  const { user } = useSession();
  const isAdmin = user.role === 'admin';
  const year = Number(props.query.get('year')) || new Date().getFullYear();
  const [days, setDays] = useState<Day[] | null>(null);
  const [reload, setReload] = useState(0);
  const [form, setForm] = useState<Day>({ date: `${year}-01-01`, kind: 'holiday', name: '' });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    call(calendar.$get())
      .then((r) => setDays(r.days))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : '读取失败'));
  }, [reload]);

  const ofYear = (days ?? []).filter((d) => d.date.startsWith(`${year}-`));
  const unchecked = ofYear.filter((d) => d.name.includes('待核对')).length;

  const save = async (e: Event) => {
    e.preventDefault();
    setProblems([]);
    setError(null);
    try {
      const r = await call(calendar[':date'].$put({ param: params({ date: form.date }), json: { kind: form.kind, name: form.name } }));
      setNotice(`已保存 ${form.date}（${KIND_LABELS[form.kind]}：${form.name.trim()}）；${r.moved} 件未办结案件的期限已重算`);
      setReload((n) => n + 1);
    } catch (err) {
      if (err instanceof ApiError && err.body.problems) setProblems(err.body.problems);
      else setError(err instanceof Error ? err.message : '保存失败');
    }
  };

  const remove = async (day: Day) => {
    setError(null);
    try {
      const r = await call(calendar[':date'].$delete({ param: params({ date: day.date }) }));
      setNotice(`已删除 ${day.date}（${day.name}）；${r.moved} 件未办结案件的期限已重算`);
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : '删除失败');
    }
  };

  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;

  return (
    <>
      <h1>节假日安排 {year} 年</h1>
      <p class="hint">案件办理期限按工作日计算：周末和下表中的“放假”日不计，“调休上班”的周末计入。请按国务院办公厅当年的放假通知核对。</p>
      <nav class="button-group" aria-label="年份">
        {[year - 1, year, year + 1].map((y) => (
          <a
            key={y}
            class="button button--secondary button--small"
            aria-current={y === year ? 'page' : undefined}
            {...linkProps(`/feedback/calendar?year=${y}`)}
          >
            {y} 年
          </a>
        ))}
      </nav>
      {unchecked > 0 && (
        <p class="notice" data-testid="calendar-unchecked">
          本年有 {unchecked} 天标为“待核对”：调休安排尚未按国务院通知录入，期限可能不准。
        </p>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error-message" role="alert">
          {error}
        </p>
      )}
      {days === null ? (
        <p>正在读取…</p>
      ) : (
        <table class="table" data-testid="calendar-days">
          <caption class="visually-hidden">{year} 年的放假和调休上班日</caption>
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">安排</th>
              <th scope="col">名称</th>
              {isAdmin && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {ofYear.map((d) => (
              <tr key={d.date}>
                <td>
                  {d.date}（{weekday(d.date)}）
                </td>
                <td>{KIND_LABELS[d.kind]}</td>
                <td>{d.name}</td>
                {isAdmin && (
                  <td class="button-group">
                    <button type="button" class="button button--secondary button--small" onClick={() => setForm({ ...d })}>
                      修改 {d.date}
                    </button>
                    <button type="button" class="button button--warning button--small" onClick={() => void remove(d)}>
                      删除 {d.date}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin ? (
        <form class="form" onSubmit={(e) => void save(e)} aria-labelledby="calendar-edit">
          <h2 id="calendar-edit">添加或修改一天</h2>
          <ErrorSummary title="这一天没有保存" problems={problems} labels={(f) => ({ date: '日期', kind: '安排', name: '名称' })[f] ?? f} />
          <label for="calendar-date">日期</label>
          <input
            id="calendar-date"
            type="date"
            value={form.date}
            aria-invalid={problemOf('date') ? true : undefined}
            onInput={(e) => setForm({ ...form, date: e.currentTarget.value })}
          />
          <label for="calendar-kind">安排</label>
          <select id="calendar-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value as Day['kind'] })}>
            <option value="holiday">放假</option>
            <option value="workday">调休上班</option>
          </select>
          <label for="calendar-name">名称（如“春节”“春节调休上班”）</label>
          <input
            id="calendar-name"
            value={form.name}
            maxLength={40}
            aria-invalid={problemOf('name') ? true : undefined}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          {problemOf('name') && <p class="error-message">{problemOf('name')}</p>}
          <button type="submit" class="button button--primary">
            保存
          </button>
        </form>
      ) : (
        <p class="hint">只有管理员可以修改节假日安排。</p>
      )}
    </>
  );
}
