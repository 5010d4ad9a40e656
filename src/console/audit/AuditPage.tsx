/**
 * The audit log, filterable by person, action, record and time: who did what
 * and when, with the before and after of each changed field; 50 to a page,
 * and the same selection downloadable as CSV or XLSX.
 */
import { useEffect, useState } from 'preact/hooks';
import { call, client, type Answer } from '../client';
import { useSession } from '../app/session';
import { valueText } from '../../shared/record-diff';
import { formatTime, localToInstant, TYPE_NAMES } from '../format';

const ACTIONS: Record<string, string> = {
  login: '登录',
  'login.failed': '登录失败',
  'draft.create': '新建草稿',
  'draft.save': '保存草稿',
  'draft.submit': '提交审核',
  'draft.approve': '批准',
  'draft.reject': '退回',
  'draft.discard': '放弃草稿',
  'draft.rebase': '合并冲突',
  'draft.withdraw-request': '申请撤下',
  'record.publish': '发布',
  'record.withdraw': '撤下',
  'record.withdraw-now': '立即撤下',
  'record.expire': '到期撤下',
  'draft.publish-failed': '发布失败',
  import: '导入',
  'media.upload': '上传文件',
  'user.create': '新建账号',
  'user.update': '修改账号',
  'user.password': '修改密码',
  'user.unlock': '解锁账号',
  'user.totp-enable': '启用两步验证',
  'user.totp-disable': '关闭两步验证',
  'login.totp-failed': '验证码错误',
  denied: '被拒绝的操作',
  'audit.export': '导出审计日志',
  'kiosk.register': '登记终端',
  'kiosk.reissue-token': '重发终端令牌',
  'kiosk.remove': '注销终端',
};

const PAGE_SIZE = 50;

type AuditPageData = Answer<typeof client.audit.$get>;

export function AuditPage() {
  const { user } = useSession();
  const [filter, setFilter] = useState({ person: '', action: '', targetType: '', targetId: '', from: '', to: '' });
  const [page, setPage] = useState<AuditPageData | null>(null);
  const [error, setError] = useState('');
  const selection = (f = filter) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) params.set(k, k === 'from' || k === 'to' ? localToInstant(v) : v);
    return params;
  };
  const load = async (paging: { beforeId?: number; afterId?: number } = {}) => {
    const params = selection();
    params.set('limit', String(PAGE_SIZE));
    if (paging.beforeId) params.set('beforeId', String(paging.beforeId));
    if (paging.afterId) params.set('afterId', String(paging.afterId));
    try {
      setPage(await call(client.audit.$get({ query: Object.fromEntries(params) })));
      setError('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const entries = page?.entries ?? null;
  const input = (key: keyof typeof filter, label: string, type = 'text') => (
    <div class="form-group inline" key={key}>
      <label class="label" for={`audit-${key}`}>
        {label}
      </label>
      <input
        class="input"
        id={`audit-${key}`}
        type={type as 'text'}
        value={filter[key]}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setFilter((prev) => ({ ...prev, [key]: v }));
        }}
      />
    </div>
  );
  return (
    <>
      <h1>审计日志</h1>
      {user.role === 'editor' ? <p class="hint">编辑只能看到自己的操作记录。</p> : null}
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        {user.role !== 'editor' ? input('person', '操作人（姓名或用户名）') : null}
        <div class="form-group inline">
          <label class="label" for="audit-action">
            操作
          </label>
          <select
            class="input"
            id="audit-action"
            value={filter.action}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setFilter((prev) => ({ ...prev, action: v }));
            }}
          >
            <option value="">全部</option>
            {Object.entries(ACTIONS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group inline">
          <label class="label" for="audit-type">
            对象类型
          </label>
          <select
            class="input"
            id="audit-type"
            value={filter.targetType}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setFilter((prev) => ({ ...prev, targetType: v }));
            }}
          >
            <option value="">全部</option>
            {[...Object.keys(TYPE_NAMES), 'user', 'kiosk', 'media', 'api', 'audit'].map((k) => (
              <option key={k} value={k}>
                {TYPE_NAMES[k] ?? { user: '账号', kiosk: '终端', media: '文件', api: '接口', audit: '审计日志' }[k]}
              </option>
            ))}
          </select>
        </div>
        {input('targetId', '对象编号')}
        {input('from', '从（北京时间）', 'datetime-local')}
        {input('to', '到（北京时间）', 'datetime-local')}
        <button class="button" type="submit">
          筛选
        </button>
      </form>
      <p class="toolbar">
        <a class="button button--secondary" href={`/api/console/audit/export?${selection()}&format=csv`} download>
          导出 CSV
        </a>{' '}
        <a class="button button--secondary" href={`/api/console/audit/export?${selection()}&format=xlsx`} download>
          导出 Excel（XLSX）
        </a>
      </p>
      {error ? (
        <p class="error-message" role="alert">
          {error}
        </p>
      ) : null}
      {!entries ? (
        <p role="status">正在载入…</p>
      ) : (
        <>
          <p role="status">
            共 {page!.total} 条记录{page!.total > PAGE_SIZE ? `，每页 ${PAGE_SIZE} 条` : ''}
          </p>
          <table class="table audit">
            <caption class="visually-hidden">审计记录，最新的在前</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作人</th>
                <th scope="col">操作</th>
                <th scope="col">对象</th>
                <th scope="col">改动</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatTime(e.at)}</td>
                  <td>{e.actorName}</td>
                  <td>
                    {ACTIONS[e.action] ?? e.action}
                    {e.detail ? <div class="hint">{e.detail}</div> : null}
                  </td>
                  <td>
                    {TYPE_NAMES[e.targetType] ?? e.targetType} {e.targetId}
                  </td>
                  <td>
                    {e.changes.length ? (
                      <ul class="changes-list">
                        {e.changes.slice(0, 20).map((c) => (
                          <li key={c.field}>
                            <code>{c.field}</code>：{valueText(c.field, c.before)} → {valueText(c.field, c.after)}
                          </li>
                        ))}
                        {e.changes.length > 20 ? <li>……共 {e.changes.length} 处</li> : null}
                      </ul>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="审计记录翻页">
            <button
              type="button"
              class="button button--secondary"
              disabled={!page!.hasNewer}
              onClick={() => void load({ afterId: entries[0]?.id })}
            >
              较新的记录
            </button>{' '}
            <button
              type="button"
              class="button button--secondary"
              disabled={!page!.hasOlder}
              onClick={() => void load({ beforeId: entries[entries.length - 1]?.id })}
            >
              较早的记录
            </button>
          </nav>
        </>
      )}
    </>
  );
}
