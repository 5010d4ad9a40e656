/** Published records of one type, with their open drafts; start an edit, a new record or a withdrawal request. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { useSession } from '../app/session';
import { emptyRecord } from '../forms/specs';
import { formatTime, recordTitle, STATE_NAMES, TYPE_NAMES, yuan } from '../format';
import { linkProps, navigate } from '../router';

export async function openDraft(type: string, body: Record<string, unknown>, onError: (m: string) => void) {
  try {
    const r = await api('POST', '/drafts', { type, ...body });
    navigate(`/drafts/${r.draft.id}`);
  } catch (err) {
    if (err instanceof ApiError && err.body.draftId) navigate(`/drafts/${err.body.draftId}`);
    else onError(err instanceof Error ? err.message : '操作失败');
  }
}

export function RecordListPage({ type }: { type: string }) {
  const { lookups, user } = useSession();
  const [rows, setRows] = useState<any[] | null>(null);
  const [q, setQ] = useState('');
  const [department, setDepartment] = useState(user.departments?.length === 1 ? user.departments[0]! : '');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [withdrawing, setWithdrawing] = useState<any>(null);
  const [reason, setReason] = useState('');
  const [reload, setReload] = useState(0);
  const canWithdrawNow = user.role === 'reviewer' || user.role === 'admin';
  const withdrawNow = async () => {
    try {
      const r = await api('POST', `/records/${type}/${withdrawing.id}/withdraw`, { expectedVersion: withdrawing.version, reason });
      setNotice(`已从所有终端撤下「${recordTitle(withdrawing)}」（序号 ${r.toSeq}）。`);
      setWithdrawing(null);
      setReason('');
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : '撤下失败');
    }
  };
  useEffect(() => {
    setRows(null);
    const params = new URLSearchParams({ ...(q ? { q } : {}), ...(department ? { departmentId: department } : {}) });
    const t = setTimeout(
      () =>
        void api('GET', `/records/${type}?${params}`)
          .then((r) => setRows(r.records))
          .catch((e) => setError(e.message)),
      200,
    );
    return () => clearTimeout(t);
  }, [type, q, department, reload]);
  const deptName = (id: string) => lookups.departments.find((d) => d.value === id)?.label ?? id ?? '';
  const hasDept = ['guide', 'fee', 'official', 'notice', 'lexicon'].includes(type);

  return (
    <>
      <h1>{TYPE_NAMES[type] ?? type}</h1>
      {error ? (
        <p class="error-message" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {withdrawing ? (
        <section class="conflict" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">立即撤下「{recordTitle(withdrawing)}」</h2>
          <p>用于必须马上下架的内容（例如误发的个人信息）。撤下会立即发布到所有终端，并记入审计日志。</p>
          <div class="form-group">
            <label class="label" for="withdraw-reason">
              撤下理由
            </label>
            <textarea class="input" id="withdraw-reason" rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
          <button type="button" class="button button--warning" onClick={() => void withdrawNow()}>
            确认立即撤下
          </button>
          <button type="button" class="button button--secondary" onClick={() => setWithdrawing(null)}>
            取消
          </button>
        </section>
      ) : null}
      <div class="toolbar">
        <div class="form-group inline">
          <label class="label" for="search">
            搜索
          </label>
          <input id="search" class="input" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        {hasDept ? (
          <div class="form-group inline">
            <label class="label" for="dept">
              部门
            </label>
            <select id="dept" class="input" value={department} onChange={(e) => setDepartment(e.currentTarget.value)}>
              <option value="">全部部门</option>
              {lookups.departments.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button
          type="button"
          class="button"
          onClick={() =>
            void openDraft(
              type,
              { data: { ...emptyRecord(type), ...(hasDept && department ? { departmentId: department } : {}) } },
              setError,
            )
          }
        >
          新建{TYPE_NAMES[type]}
        </button>
      </div>
      {!rows ? (
        <p role="status">正在载入…</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">
            {TYPE_NAMES[type]}列表，共 {rows.length} 条
          </caption>
          <thead>
            <tr>
              <th scope="col">名称</th>
              {hasDept ? <th scope="col">部门</th> : null}
              {type === 'fee' ? <th scope="col">金额（元）</th> : null}
              <th scope="col">版本</th>
              <th scope="col">更新时间</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ record, editable, openDraft: open }) => (
              <tr key={record.id}>
                <td>
                  {recordTitle(record)}
                  <br />
                  <span class="hint">{record.id}</span>
                </td>
                {hasDept ? <td>{deptName(record.departmentId)}</td> : null}
                {type === 'fee' ? (
                  <td>
                    {record.amount.kind === 'fixed'
                      ? yuan(record.amount.fen)
                      : record.amount.kind === 'range'
                        ? `${yuan(record.amount.minFen)}–${yuan(record.amount.maxFen)}`
                        : `${yuan(record.amount.fenPerUnit)}/单位`}
                  </td>
                ) : null}
                <td>{record.version}</td>
                <td>{formatTime(record.updatedAt)}</td>
                <td class="actions">
                  {open ? (
                    <a {...linkProps(`/drafts/${open.id}`)}>打开草稿（{STATE_NAMES[open.state]}）</a>
                  ) : editable ? (
                    <>
                      <button
                        type="button"
                        class="button button--small"
                        onClick={() => void openDraft(type, { id: record.id }, setError)}
                        aria-label={`编辑 ${recordTitle(record)}`}
                      >
                        编辑
                      </button>
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        onClick={() => void openDraft(type, { id: record.id, op: 'delete' }, setError)}
                        aria-label={`申请撤下 ${recordTitle(record)}`}
                      >
                        申请撤下
                      </button>
                      {canWithdrawNow ? (
                        <button
                          type="button"
                          class="button button--warning button--small"
                          onClick={() => {
                            setWithdrawing(record);
                            window.scrollTo(0, 0);
                          }}
                          aria-label={`立即撤下 ${recordTitle(record)}`}
                        >
                          立即撤下
                        </button>
                      ) : null}
                    </>
                  ) : (
                    <span class="hint">无编辑权限</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
