/** What needs me: drafts waiting for my review, my own drafts, imports to submit or approve. */
import { useEffect, useState } from 'preact/hooks';
import { call, client, params, type Answer } from '../client';
import { useSession } from '../app/session';
import { formatTime, recordTitle, STATE_NAMES, TYPE_NAMES } from '../format';
import { linkProps } from '../router';

type DraftRow = Answer<typeof client.drafts.$get>['drafts'][number];
type BatchSummary = Answer<typeof client.batches.$get>['batches'][number];

export function InboxPage() {
  const { user } = useSession();
  const [drafts, setDrafts] = useState<DraftRow[] | null>(null);
  const [batchList, setBatchList] = useState<BatchSummary[]>([]);
  const [message, setMessage] = useState('');
  const load = () =>
    Promise.all([call(client.drafts.$get({ query: {} })), call(client.batches.$get())]).then(([r, b]) => {
      setDrafts(r.drafts);
      setBatchList(b.batches);
    });
  useEffect(() => {
    void load();
  }, []);
  if (!drafts) return <p role="status">正在载入…</p>;

  const toReview = drafts.filter((d) => d.state === 'submitted' && d.canReview && !d.batchId);
  const mine = drafts.filter((d) => d.authorId === user.id && !d.batchId);
  const scheduled = drafts.filter((d) => d.state === 'approved');
  // Batch items are counted from the server's per-batch summary: the draft list is capped and a batch may be large.
  const batchItemsToReview = batchList.reduce((n, b) => n + b.toReview, 0);
  const batchesToReview = batchList.filter((b) => b.toReview > 0).length;

  const batchAction = async (batchId: string, action: 'submit') => {
    try {
      const r = await call(client.batches[':id'][action].$post({ param: params({ id: batchId }) }));
      setMessage(`已提交 ${r.submitted} 条草稿审核`);
      await load();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  const table = (rows: DraftRow[], empty: string) =>
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
          <h2>等待我审核（{toReview.length + batchItemsToReview}）</h2>
          {batchItemsToReview ? (
            <p class="hint">
              其中 {batchItemsToReview} 条在 {batchesToReview} 个导入批次中，见下方「导入批次」。
            </p>
          ) : null}
          {table(toReview, batchItemsToReview ? '没有单独提交的草稿。' : '没有等待审核的草稿。')}
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
      {batchList.length ? (
        <section>
          <h2>导入批次（{batchList.length}）</h2>
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
              {batchList.map((b) => (
                <tr key={b.id}>
                  <td>
                    <a {...linkProps(`/batches/${encodeURIComponent(b.id)}`)}>
                      {TYPE_NAMES[b.recordType]}导入 · {formatTime(b.createdAt)}
                    </a>
                    <div class="hint">{b.authorName}</div>
                  </td>
                  <td>{b.total}</td>
                  <td>
                    {Object.entries(b.counts as Record<string, number>).map(([state, n]) => (
                      <span key={state} class={`tag tag--${state}`}>
                        {STATE_NAMES[state]} {n}
                      </span>
                    ))}
                    {b.toReview ? <div class="hint">等待我审核 {b.toReview} 条</div> : null}
                  </td>
                  <td>
                    {b.counts.draft || b.counts.rejected ? (
                      <button class="button button--small" onClick={() => void batchAction(b.id, 'submit')}>
                        整批提交审核
                      </button>
                    ) : null}
                    <a class="button button--small button--secondary" {...linkProps(`/batches/${encodeURIComponent(b.id)}`)}>
                      逐条审核
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
