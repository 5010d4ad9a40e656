/** What needs me: drafts waiting for my review, my own drafts, imports to submit or approve. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useSession } from '../app/session';
import { formatTime, recordTitle, STATE_NAMES, TYPE_NAMES } from '../format';
import { linkProps } from '../router';

export function InboxPage() {
  const { user } = useSession();
  const [drafts, setDrafts] = useState<any[] | null>(null);
  const [message, setMessage] = useState('');
  const load = () => api('GET', '/drafts').then((r) => setDrafts(r.drafts));
  useEffect(() => {
    void load();
  }, []);
  if (!drafts) return <p role="status">正在载入…</p>;

  const toReview = drafts.filter((d) => d.state === 'submitted' && d.canReview && !d.batchId);
  const mine = drafts.filter((d) => d.authorId === user.id && !d.batchId);
  const scheduled = drafts.filter((d) => d.state === 'approved');
  const batches = new Map<string, any[]>();
  for (const d of drafts.filter((x) => x.batchId)) batches.set(d.batchId, [...(batches.get(d.batchId) ?? []), d]);

  const batchAction = async (batchId: string, action: 'submit' | 'approve') => {
    try {
      const r = await api('POST', `/batches/${batchId}/${action}`, {});
      setMessage(
        action === 'submit'
          ? `已提交 ${r.submitted} 条草稿审核`
          : `已批准 ${r.approved} 条${r.published ? `，已发布（序号 ${r.published.fromSeq}–${r.published.toSeq}）` : ''}`,
      );
      await load();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  const table = (rows: any[], empty: string) =>
    rows.length === 0 ? (
      <p class="hint">{empty}</p>
    ) : (
      <table class="table">
        <thead>
          <tr>
            <th scope="col">内容</th>
            <th scope="col">类型</th>
            <th scope="col">状态</th>
            <th scope="col">更新时间</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>
                <a {...linkProps(`/drafts/${d.id}`)}>
                  {d.op === 'delete' ? '撤下：' : ''}
                  {recordTitle(d.data)}
                </a>
              </td>
              <td>{TYPE_NAMES[d.recordType]}</td>
              <td>
                <span class={`tag tag--${d.state}`}>{STATE_NAMES[d.state]}</span>
                {d.problems.length ? <span class="tag tag--warn">{d.problems.length} 处待修改</span> : null}
              </td>
              <td>{formatTime(d.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );

  return (
    <>
      <h1>待办</h1>
      {message ? (
        <p class="notice" role="status">
          {message}
        </p>
      ) : null}
      {user.role !== 'editor' ? (
        <section>
          <h2>等待我审核（{toReview.length}）</h2>
          {table(toReview, '没有等待审核的草稿。')}
        </section>
      ) : null}
      <section>
        <h2>我的草稿</h2>
        {table(mine, '没有草稿。在「内容」中选择一条记录编辑，或新建。')}
      </section>
      {scheduled.length ? (
        <section>
          <h2>定时发布</h2>
          {table(scheduled, '')}
        </section>
      ) : null}
      {batches.size ? (
        <section>
          <h2>导入批次</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">批次</th>
                <th scope="col">条数</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {[...batches.entries()].map(([id, rows]) => {
                const state = rows[0].state;
                const canReview = rows.every((r) => r.canReview);
                return (
                  <tr key={id}>
                    <td>
                      {TYPE_NAMES[rows[0].recordType]}导入 · {formatTime(rows[0].createdAt)}
                    </td>
                    <td>{rows.length}</td>
                    <td>{STATE_NAMES[state]}</td>
                    <td>
                      {state === 'draft' || state === 'rejected' ? (
                        <button class="button button--small" onClick={() => void batchAction(id, 'submit')}>
                          整批提交审核
                        </button>
                      ) : null}
                      {state === 'submitted' && canReview ? (
                        <button class="button button--small" onClick={() => void batchAction(id, 'approve')}>
                          整批批准并发布
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
