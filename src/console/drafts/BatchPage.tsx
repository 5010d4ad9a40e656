/**
 * One import batch for review: every item with its diff against the published
 * record, a page at a time; approve, reject (with a reason) or discard one
 * item, or the whole batch at once.
 */
import { useEffect, useState } from 'preact/hooks';
import { diffRecords } from '../../shared/record-diff';
import { ApiError } from '../api-error';
import { call, client, params, type Answer } from '../client';
import { formatTime, recordTitle, STATE_NAMES, TYPE_NAMES } from '../format';
import { linkProps } from '../router';
import { ChangeList } from './ChangeList';

const PAGE = 50;
const batches = client.batches[':id'];
const drafts = client.drafts[':id'];
type BatchView = Answer<typeof batches.$get>;
type Item = BatchView['items'][number];
type StateFilter = NonNullable<NonNullable<Parameters<typeof batches.$get>[0]['query']>['state']>;

/** A reason box with its error beside it, in words. */
function ReasonForm({
  id,
  label,
  onSubmit,
  submitText,
}: {
  id: string;
  label: string;
  onSubmit: (reason: string) => Promise<void>;
  submitText: string;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const send = async () => {
    if (!reason.trim()) {
      setError('请填写退回原因：告诉作者要改什么');
      document.getElementById(id)?.focus();
      return;
    }
    setError('');
    try {
      await onSubmit(reason);
    } catch (err) {
      const problem = err instanceof ApiError ? err.body.problems?.find((p) => p.field === 'reason') : undefined;
      setError(problem ? problem.message : err instanceof Error ? err.message : '退回失败');
    }
  };
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <textarea
        class="input"
        id={id}
        rows={2}
        value={reason}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <button class="button button--warning" type="button" onClick={() => void send()}>
        {submitText}
      </button>
    </div>
  );
}

function BatchItem({ item, index, onDone }: { item: Item; index: number; onDone: (message: string) => Promise<void> }) {
  const { draft, published } = item;
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState('');
  const changes = draft.op === 'put' ? diffRecords(draft.recordType, published, draft.data) : [];
  const title = recordTitle(draft.data);
  const act = async (action: 'approve' | 'discard' | 'reject', reason = '') => {
    setError('');
    const param = params({ id: draft.id });
    const { revision } = draft;
    try {
      if (action === 'approve') await call(drafts.approve.$post({ param, json: { revision } }));
      else if (action === 'reject') await call(drafts.reject.$post({ param, json: { revision, reason } }));
      else await call(drafts.discard.$post({ param, json: { revision } }));
      await onDone(`「${title}」${action === 'approve' ? '已批准' : action === 'reject' ? '已退回' : '已放弃'}`);
    } catch (err) {
      if (action === 'reject') throw err;
      setError(err instanceof Error ? err.message : '操作失败');
    }
  };
  return (
    <li class="batch-item" data-testid="batch-item">
      <h3>
        {index + 1}. <a {...linkProps(`/drafts/${draft.id}`)}>{title}</a>{' '}
        <span class={`tag tag--${draft.state}`}>{STATE_NAMES[draft.state]}</span>
        {draft.problems.length ? <span class="tag tag--warn">{draft.problems.length} 处待修改</span> : null}
      </h3>
      {/* Submitting clears the reason: one on a submitted draft is a scheduled publish that failed and came back. */}
      {draft.rejectReason && (draft.state === 'rejected' || draft.state === 'submitted') ? (
        <p class="reject-reason">退回理由：{draft.rejectReason}</p>
      ) : null}
      {draft.op === 'delete' ? (
        <p>申请撤下此记录。</p>
      ) : published ? (
        <ChangeList changes={changes} beforeTitle={`已发布（版本 ${published.version}）`} afterTitle="导入后" />
      ) : (
        <details class="changes">
          <summary>新记录：查看全部内容（{changes.length} 项）</summary>
          <ChangeList changes={changes} beforeTitle="（无）" afterTitle="导入内容" />
        </details>
      )}
      {error ? (
        <p class="error-message" role="alert">
          {error}
        </p>
      ) : null}
      <div class="button-group">
        {draft.state === 'submitted' && draft.canReview ? (
          <>
            <button class="button button--small" type="button" onClick={() => void act('approve')}>
              批准此条
            </button>
            <button
              class="button button--small button--warning"
              type="button"
              aria-expanded={rejecting}
              onClick={() => setRejecting(!rejecting)}
            >
              退回此条
            </button>
          </>
        ) : null}
        {draft.canEdit && ['draft', 'rejected', 'submitted'].includes(draft.state) ? (
          <button class="button button--small button--secondary" type="button" onClick={() => void act('discard')}>
            放弃此条
          </button>
        ) : null}
      </div>
      {rejecting ? (
        <ReasonForm
          id={`reason-${draft.id}`}
          label={`退回「${title}」的理由`}
          submitText="确认退回此条"
          onSubmit={(reason) => act('reject', reason)}
        />
      ) : null}
    </li>
  );
}

export function BatchPage({ id }: { id: string }) {
  const [data, setData] = useState<BatchView | null>(null);
  const [offset, setOffset] = useState(0);
  const [state, setState] = useState<StateFilter>('all');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [rejectingAll, setRejectingAll] = useState(false);

  const load = () =>
    call(batches.$get({ param: params({ id }), query: { offset: String(offset), limit: String(PAGE), state } }))
      .then((r) => {
        setData(r);
        setError('');
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : '载入失败'));
  useEffect(() => {
    void load();
  }, [id, offset, state]);

  if (error && !data)
    return (
      <p class="error-message" role="alert">
        {error}
      </p>
    );
  if (!data) return <p role="status">正在载入…</p>;
  const { batch } = data;
  const counts: Record<string, number> = batch.counts;

  /** Sends a whole-batch action and says in words what it did. */
  const sendWhole = async (action: 'submit' | 'approve' | 'discard' | 'reject', reason: string): Promise<string> => {
    const param = params({ id });
    switch (action) {
      case 'submit':
        return `已提交 ${(await call(batches.submit.$post({ param }))).submitted} 条审核。`;
      case 'approve': {
        const r = await call(batches.approve.$post({ param, json: {} }));
        return `已批准 ${r.approved} 条${r.published ? `并发布（序号 ${r.published.fromSeq}–${r.published.toSeq}）` : ''}。`;
      }
      case 'discard':
        return `已放弃 ${(await call(batches.discard.$post({ param }))).discarded} 条。`;
      case 'reject':
        return `已退回 ${(await call(batches.reject.$post({ param, json: { reason } }))).rejected} 条。`;
    }
  };
  const whole = async (action: 'submit' | 'approve' | 'discard' | 'reject', reason = '') => {
    setMessage('');
    setError('');
    try {
      setMessage(await sendWhole(action, reason));
      setRejectingAll(false);
      await load();
    } catch (err) {
      if (action === 'reject') throw err;
      setError(err instanceof Error ? err.message : '操作失败');
    }
  };
  const itemDone = async (m: string) => {
    setMessage(m);
    await load();
  };
  const toReview = data.items.some((i) => i.draft.canReview) || (counts.submitted ?? 0) > 0;

  return (
    <>
      <p class="caption">
        <a {...linkProps('/')}>待办</a> › 导入批次
      </p>
      <h1>
        {TYPE_NAMES[batch.recordType]}导入 · {formatTime(batch.createdAt)}
      </h1>
      <p>
        {batch.authorName} 导入，共 {batch.total} 条：
        {Object.entries(counts).map(([s, n]) => (
          <span key={s} class={`tag tag--${s}`}>
            {STATE_NAMES[s]} {n}
          </span>
        ))}
      </p>
      {message ? (
        <p class="notice" role="status">
          {message}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" role="alert">
          {error}
        </p>
      ) : null}
      <div class="button-group" role="region" aria-label="整批操作">
        {counts.draft || counts.rejected ? (
          <button class="button" type="button" onClick={() => void whole('submit')}>
            整批提交审核
          </button>
        ) : null}
        {counts.submitted && toReview ? (
          <>
            <button class="button" type="button" onClick={() => void whole('approve')}>
              批准其余 {counts.submitted} 条并发布
            </button>
            <button
              class="button button--warning"
              type="button"
              aria-expanded={rejectingAll}
              onClick={() => setRejectingAll(!rejectingAll)}
            >
              整批退回
            </button>
          </>
        ) : null}
        {counts.draft || counts.rejected || counts.submitted ? (
          <button
            class="button button--secondary"
            type="button"
            onClick={() => {
              if (confirm('确定放弃此批次中所有未发布的草稿？')) void whole('discard');
            }}
          >
            整批放弃
          </button>
        ) : null}
      </div>
      {rejectingAll ? (
        <ReasonForm id="batch-reason" label="整批退回的理由" submitText="确认整批退回" onSubmit={(reason) => whole('reject', reason)} />
      ) : null}
      <div class="form-group">
        <label class="label" for="batch-state">
          显示
        </label>
        <select
          class="input"
          id="batch-state"
          value={state}
          onChange={(e) => {
            setOffset(0);
            setState(e.currentTarget.value as StateFilter);
          }}
        >
          <option value="all">全部（{batch.total}）</option>
          {Object.entries(counts).map(([s, n]) => (
            <option key={s} value={s}>
              {STATE_NAMES[s]}（{n}）
            </option>
          ))}
        </select>
      </div>
      <p role="status">
        第 {data.matching ? offset + 1 : 0}–{Math.min(offset + PAGE, data.matching)} 条，共 {data.matching} 条
      </p>
      <ol class="batch-items">
        {data.items.map((item, i) => (
          <BatchItem key={item.draft.id} item={item} index={offset + i} onDone={itemDone} />
        ))}
      </ol>
      <nav class="button-group" aria-label="分页">
        {offset > 0 ? (
          <button class="button button--secondary" type="button" onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            上一页
          </button>
        ) : null}
        {offset + PAGE < data.matching ? (
          <button class="button button--secondary" type="button" onClick={() => setOffset(offset + PAGE)}>
            下一页
          </button>
        ) : null}
      </nav>
    </>
  );
}
