/**
 * 好差评 and message cases: the list (overdue first and marked in words, not
 * only colour; phones masked) and one case with its workflow: 待处理 →
 * 整改中 → 已回访 → 办结, the rectification, the reply and the callback.
 * The full phone shows only on a case the user handles (and is audited).
 */
import { useEffect, useState } from 'preact/hooks';
import type { CaseState } from '../../server/feedback/types';
import { ApiError, type FieldProblem } from '../api-error';
import { useSession } from '../app/session';
import { call, client, download, params, type Answer } from '../client';
import { ErrorSummary } from '../forms/ErrorSummary';
import { formatTime } from '../format';
import { linkProps } from '../router';
import { localDateOf } from '../../shared/workdays/local-date';

const cases = client.feedback.cases;
type CaseList = Answer<typeof cases.$get>['cases'];
type Loaded = Answer<(typeof cases)[':id']['$get']>;
type Transition = Parameters<(typeof cases)[':id']['transition']['$post']>[0]['json'];

const STATE_LABELS: Record<CaseState, string> = { pending: '待处理', rectifying: '整改中', 'called-back': '已回访', closed: '办结' };
const NEXT: Record<CaseState, Transition['to'] | null> = {
  pending: 'rectifying',
  rectifying: 'called-back',
  'called-back': 'closed',
  closed: null,
};
/** A state filter from the page's address; anything else lists every case (the API would refuse it). */
const stateOf = (s: string | null): CaseState | undefined => (s !== null && Object.hasOwn(STATE_LABELS, s) ? (s as CaseState) : undefined);
const REASONS: Record<string, string> = {
  'guide-inaccurate': '指南不准确',
  'too-many-materials': '材料要求多',
  'long-wait': '等候时间长',
  'poor-attitude': '服务态度差',
  'slow-handling': '办理时间长',
  'repeat-visits': '多次跑腿',
  other: '其他',
};
const FIELD_LABELS: Record<string, string> = { rectification: '整改情况', reply: '答复内容', callback: '回访记录' };

export function CasesPage(props: { query: URLSearchParams }) {
  const { lookups } = useSession();
  const [list, setList] = useState<CaseList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const state = stateOf(props.query.get('state'));
  const overdue = props.query.get('overdue') === '1';
  useEffect(() => {
    setError(null);
    call(cases.$get({ query: { ...(state ? { state } : {}), ...(overdue ? { overdue: '1' } : {}) } })).then(
      (r) => setList(r.cases),
      (err: unknown) => setError(err instanceof Error ? err.message : '载入失败'),
    );
  }, [state, overdue]);
  const exportXlsx = () =>
    download(cases.export.$get({ query: { format: 'xlsx' } }), `feedback-cases-${localDateOf(new Date())}.xlsx`).catch((err: unknown) =>
      setError(err instanceof Error ? err.message : '导出失败'),
    );
  const dept = (id: string | null) => (id ? (lookups.departments.find((d) => d.value === id)?.label ?? id) : '大厅（整体评价）');
  return (
    <>
      <h1>好差评与留言</h1>
      <p class="hint">每条差评和留言都要在 15 个工作日内整改并答复；留了电话的要回访。</p>
      <nav class="button-group" aria-label="筛选">
        <a class="button button--secondary button--small" {...linkProps('/feedback/cases')}>
          全部
        </a>
        {Object.entries(STATE_LABELS).map(([k, label]) => (
          <a
            key={k}
            class="button button--secondary button--small"
            aria-current={state === k ? 'page' : undefined}
            {...linkProps(`/feedback/cases?state=${k}`)}
          >
            {label}
          </a>
        ))}
        <a
          class="button button--warning button--small"
          aria-current={overdue ? 'page' : undefined}
          {...linkProps('/feedback/cases?overdue=1')}
        >
          已逾期
        </a>
        <button type="button" class="button button--secondary button--small" onClick={() => void exportXlsx()}>
          导出 XLSX（电话已隐去）
        </button>
      </nav>
      {error && (
        <p class="error-message" role="alert">
          {error}
        </p>
      )}
      {!list ? (
        !error && <p role="status">正在载入…</p>
      ) : list.length === 0 ? (
        <p>没有案件。</p>
      ) : (
        <table class="table" data-testid="cases">
          <thead>
            <tr>
              <th scope="col">摘要</th>
              <th scope="col">部门</th>
              <th scope="col">受理</th>
              <th scope="col">期限</th>
              <th scope="col">状态</th>
              <th scope="col">电话</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id} class={c.overdue ? 'case-overdue' : ''}>
                <td>
                  <a {...linkProps(`/feedback/cases/${encodeURIComponent(c.id)}`)}>{c.summary}</a>
                  {c.sourceKind === 'message' && <span class="tag"> 留言</span>}
                </td>
                <td>{dept(c.departmentId)}</td>
                <td>{formatTime(c.openedAt)}</td>
                <td>
                  {c.dueDate}
                  {c.overdue && <strong class="tag tag--alert"> 已逾期</strong>}
                </td>
                <td>{STATE_LABELS[c.state]}</td>
                <td>{c.phone ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function CasePage(props: { id: string }) {
  const [c, setCase] = useState<Loaded['case'] | null>(null);
  const [history, setHistory] = useState<Loaded['history']>([]);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [form, setForm] = useState({ rectification: '', reply: '', reached: 'yes', note: '' });
  useEffect(() => {
    call(cases[':id'].$get({ param: params({ id: props.id }) })).then(
      (r) => {
        setCase(r.case);
        setHistory(r.history);
        setForm((f) => ({ ...f, rectification: r.case.rectification, reply: r.case.reply }));
      },
      (err: unknown) => setError(err instanceof Error ? err.message : '载入失败'),
    );
  }, [props.id]);
  if (error) return <p role="alert">{error}</p>;
  if (!c) return <p role="status">正在载入…</p>;
  const next = NEXT[c.state];
  const move = async (e: Event) => {
    e.preventDefault();
    if (!next) return;
    const body: Transition =
      next === 'called-back'
        ? {
            to: next,
            rectification: form.rectification,
            reply: form.reply,
            ...(c.phone ? { callback: { reached: form.reached === 'yes', note: form.note } } : {}),
          }
        : { to: next };
    try {
      const r = await call(cases[':id'].transition.$post({ param: params({ id: c.id }), json: body }));
      setCase(r.case);
      setHistory(r.history);
      setProblems([]);
    } catch (err) {
      setProblems(
        err instanceof ApiError ? (err.body.problems ?? [{ field: '', message: err.message }]) : [{ field: '', message: '保存失败' }],
      );
    }
  };
  return (
    <>
      <p>
        <a {...linkProps('/feedback/cases')}>← 全部案件</a>
      </p>
      <h1>{c.summary}</h1>
      <dl class="facts" data-testid="case-facts">
        <dt>状态</dt>
        <dd data-testid="case-state">
          {STATE_LABELS[c.state]}
          {c.overdue && <strong class="tag tag--alert"> 已逾期</strong>}
        </dd>
        <dt>受理时间</dt>
        <dd>{formatTime(c.openedAt)}</dd>
        <dt>办结期限</dt>
        <dd>{c.dueDate}（15 个工作日）</dd>
        {c.reasons.length > 0 && (
          <>
            <dt>原因</dt>
            <dd>{c.reasons.map((r) => REASONS[r] ?? r).join('、')}</dd>
          </>
        )}
        <dt>群众意见</dt>
        <dd>{c.text || '（未填写）'}</dd>
        <dt>回访电话</dt>
        <dd data-testid="case-phone">{c.phone ?? '（未留电话）'}</dd>
        {c.callback && (
          <>
            <dt>回访记录</dt>
            <dd>
              {formatTime(c.callback.at)} {c.callback.by}：{c.callback.reached ? '已接通' : '未接通'} {c.callback.note}
            </dd>
          </>
        )}
        {c.rectification && (
          <>
            <dt>整改情况</dt>
            <dd>{c.rectification}</dd>
          </>
        )}
        {c.reply && (
          <>
            <dt>答复</dt>
            <dd>{c.reply}</dd>
          </>
        )}
      </dl>
      {next && c.canHandle && (
        <form onSubmit={move} class="case-form">
          <ErrorSummary title="还不能转到下一步" problems={problems} labels={(f) => FIELD_LABELS[f] ?? f} />
          {next === 'called-back' && (
            <>
              <label for="rectification">整改情况</label>
              <textarea
                id="rectification"
                rows={3}
                value={form.rectification}
                onInput={(e) => setForm({ ...form, rectification: e.currentTarget.value })}
              />
              <label for="reply">答复内容</label>
              <textarea id="reply" rows={3} value={form.reply} onInput={(e) => setForm({ ...form, reply: e.currentTarget.value })} />
              {c.phone && (
                <fieldset>
                  <legend>回访记录（群众留了电话）</legend>
                  <label>
                    <input
                      type="radio"
                      name="reached"
                      checked={form.reached === 'yes'}
                      onChange={() => setForm({ ...form, reached: 'yes' })}
                    />{' '}
                    已接通
                  </label>
                  <label>
                    <input
                      type="radio"
                      name="reached"
                      checked={form.reached === 'no'}
                      onChange={() => setForm({ ...form, reached: 'no' })}
                    />{' '}
                    未接通
                  </label>
                  <label for="note">回访情况</label>
                  <textarea id="note" rows={2} value={form.note} onInput={(e) => setForm({ ...form, note: e.currentTarget.value })} />
                </fieldset>
              )}
            </>
          )}
          <button type="submit" class="button" data-testid="case-next">
            转为「{STATE_LABELS[next]}」
          </button>
        </form>
      )}
      <CaseHistory entries={history} />
    </>
  );
}

/** Every step of the case, oldest first: who, when (hall time, zone named) and what was recorded. */
function CaseHistory(props: { entries: Loaded['history'] }) {
  return (
    <section aria-labelledby="case-history-title">
      <h2 id="case-history-title">处理记录</h2>
      <table class="table" data-testid="case-history">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">经办</th>
            <th scope="col">状态</th>
            <th scope="col">记录</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e, i) => (
            <tr key={i}>
              <td>{formatTime(e.at)}</td>
              <td>{e.actorName}</td>
              <td>{e.fromState ? `${STATE_LABELS[e.fromState]} → ${STATE_LABELS[e.toState]}` : `受理（${STATE_LABELS[e.toState]}）`}</td>
              <td>{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
