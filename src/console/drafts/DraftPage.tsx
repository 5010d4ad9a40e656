/**
 * Editing one draft: the form (autosaved to the server), its problems, and
 * the workflow buttons that fit the draft's state and the user's rights.
 * Conflicts (someone saved the draft, or published the record, meanwhile)
 * open a side-by-side view of both versions; nothing is overwritten silently.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { call, client, params, type Answer } from '../client';
import { useSession } from '../app/session';
import { ErrorSummary } from '../forms/ErrorSummary';
import { Fields, type Update } from '../forms/Fields';
import { labelForPath } from '../forms/labels';
import { FORMS } from '../forms/specs';
import { formatTime, localToInstant, recordTitle, STATE_NAMES, TYPE_NAMES } from '../format';
import { linkProps, navigate } from '../router';
import { diffRecords } from '../../shared/record-diff';
import { ChangeList } from './ChangeList';

type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'error';
const drafts = client.drafts[':id'];
type Loaded = Answer<typeof drafts.$get>;
type Action = 'submit' | 'approve' | 'reject' | 'discard' | 'rebase';
const unpublished = <T,>(r: T) => ({ ...r, published: null });
type ActionInput = { publishAt?: string; reason?: string; data?: Record<string, unknown> };
interface Conflict {
  kind: 'draft' | 'version';
  message: string;
  yours: Record<string, unknown>;
  theirs: Record<string, unknown> | null;
  theirsRevision?: number;
}

export function DraftPage({ id }: { id: string }) {
  const { lookups } = useSession();
  const [draft, setDraft] = useState<Loaded['draft'] | null>(null);
  const [published, setPublished] = useState<Loaded['published']>(null);
  const [lastRejection, setLastRejection] = useState<Loaded['lastRejection']>(null);
  const [reasonError, setReasonError] = useState('');
  const [author, setAuthor] = useState<Loaded['author']>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [showProblems, setShowProblems] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [reason, setReason] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const [loadKey, setLoadKey] = useState(0);
  const revision = useRef(0);
  const latest = useRef<Record<string, unknown>>({});
  const pending = useRef<Record<string, unknown> | null>(null);
  const saving = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    call(drafts.$get({ param: params({ id }) }))
      .then((r) => {
        setDraft(r.draft);
        setPublished(r.published);
        setLastRejection(r.lastRejection);
        setAuthor(r.author);
        setData(r.draft.data);
        latest.current = r.draft.data;
        setProblems(r.draft.problems);
        revision.current = r.draft.revision;
        setStatus('saved');
        setConflict(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : '载入失败'));
  }, [id, loadKey]);

  // Warn before leaving with changes not yet on the server.
  useEffect(() => {
    const guard = (e: BeforeUnloadEvent) => {
      if (status === 'unsaved' || status === 'saving') e.preventDefault();
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, [status]);

  if (error && !draft)
    return (
      <p class="error-message" role="alert">
        {error}
      </p>
    );
  if (!draft) return <p role="status">正在载入…</p>;

  const fields = FORMS[draft.recordType] ?? [];
  const editable = draft.canEdit && (draft.state === 'draft' || draft.state === 'rejected') && draft.op === 'put';
  const labels = (f: string) => labelForPath(fields, f);

  const save = (next: Record<string, unknown>): Promise<void> => {
    pending.current = next;
    saving.current = saving.current.then(async () => {
      const body = pending.current;
      if (!body) return;
      pending.current = null;
      setStatus('saving');
      try {
        const r = await call(drafts.$put({ param: params({ id }), json: { revision: revision.current, data: body } }));
        revision.current = r.draft.revision;
        setDraft(r.draft);
        setProblems(r.draft.problems);
        setStatus(pending.current ? 'unsaved' : 'saved');
      } catch (err) {
        setStatus('error');
        if (err instanceof ApiError && err.body.error === 'draft-conflict') {
          setConflict({
            kind: 'draft',
            message: err.message,
            yours: body,
            theirs: err.body.theirs?.data ?? null,
            theirsRevision: err.body.theirs?.revision,
          });
        } else setError(err instanceof Error ? err.message : '保存失败');
      }
    });
    return saving.current;
  };

  const onChange = (update: Update) => {
    const next = update(latest.current) as Record<string, unknown>;
    latest.current = next;
    setData(next);
    setStatus('unsaved');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(next), 800);
  };

  const flush = async () => {
    clearTimeout(timer.current);
    if (status === 'unsaved') await save(latest.current);
    await saving.current;
  };

  /** Sends one workflow action at the draft's current revision. */
  const send = (action: Action, input: ActionInput) => {
    const param = params({ id });
    const revisionNow = revision.current;
    switch (action) {
      case 'approve':
        return call(drafts.approve.$post({ param, json: { revision: revisionNow, publishAt: input.publishAt ?? null } }));
      case 'reject':
        return call(drafts.reject.$post({ param, json: { revision: revisionNow, reason: input.reason ?? '' } })).then(unpublished);
      case 'rebase':
        return call(drafts.rebase.$post({ param, json: { revision: revisionNow, data: input.data ?? {} } })).then(unpublished);
      case 'submit':
        return call(drafts.submit.$post({ param, json: { revision: revisionNow } })).then(unpublished);
      case 'discard':
        return call(drafts.discard.$post({ param, json: { revision: revisionNow } })).then(unpublished);
    }
  };

  const act = async (action: Action, input: ActionInput = {}) => {
    setError('');
    setMessage('');
    await flush();
    try {
      const r = await send(action, input);
      revision.current = r.draft.revision;
      setDraft(r.draft);
      setShowProblems(false);
      const { published } = r;
      const done: Record<Action, string> = {
        submit: '已提交审核。',
        reject: '已退回作者。',
        discard: '已放弃此草稿。',
        rebase: '已合并，请检查后重新提交审核。',
        approve: published
          ? `已批准并发布到终端数据源（序号 ${published.toSeq}）。终端在下次同步后显示；在「终端」页可查看已送达的数量。`
          : `已批准，将于 ${formatTime(r.draft.publishAt)} 自动发布。`,
      };
      setMessage(done[action]);
      if (action === 'rebase') setLoadKey((k) => k + 1);
    } catch (err) {
      const reasonProblem = err instanceof ApiError ? err.body.problems?.find((p) => p.field === 'reason') : undefined;
      if (reasonProblem) {
        setReasonError(reasonProblem.message === '不能为空' ? '请填写退回原因' : `退回原因${reasonProblem.message}`);
        document.getElementById('reject-reason')?.focus();
      } else if (err instanceof ApiError && err.body.problems) {
        setProblems(err.body.problems);
        setShowProblems(true);
      } else if (err instanceof ApiError && err.body.error === 'version-conflict') {
        setConflict({ kind: 'version', message: err.message, yours: err.body.yours ?? data, theirs: err.body.theirs ?? null });
      } else setError(err instanceof Error ? err.message : '操作失败');
    }
  };

  /** The reason is checked here first, so the message sits by the box before anything is sent. */
  const rejectDraft = async () => {
    if (!reason.trim()) {
      setReasonError('请填写退回原因：告诉作者要改什么');
      document.getElementById('reject-reason')?.focus();
      return;
    }
    setReasonError('');
    await act('reject', { reason });
  };

  const resolve = async (keep: 'mine' | 'theirs') => {
    if (!conflict) return;
    if (conflict.kind === 'draft') {
      if (keep === 'theirs') return setLoadKey((k) => k + 1);
      revision.current = conflict.theirsRevision ?? revision.current;
      setConflict(null);
      await save(conflict.yours);
      return;
    }
    const base = keep === 'mine' ? conflict.yours : (conflict.theirs ?? {});
    const { version: _v, updatedAt: _u, ...rest } = base;
    setConflict(null);
    await act('rebase', { data: rest });
  };

  const changes = diffRecords(draft.recordType, published, data);
  const sinceRejection = lastRejection?.data ? diffRecords(draft.recordType, lastRejection.data, data) : [];
  const saveText: Record<SaveStatus, string> = {
    saved: `已自动保存 ${formatTime(draft.updatedAt)}`,
    unsaved: '有未保存的修改…',
    saving: '正在保存…',
    error: '保存失败',
  };

  // A reviewer reads what changed first; the whole record follows for context.
  const reviewing = draft.state === 'submitted' && draft.canReview;
  const diffs = (
    <>
      {lastRejection?.data && draft.op === 'put' && draft.state !== 'published' && draft.state !== 'discarded' ? (
        <section class="since-rejection" aria-labelledby="since-rejection-title">
          <h2 id="since-rejection-title">自上次退回以来的改动（{sinceRejection.length} 处）</h2>
          <p class="hint">
            {lastRejection.by} 于 {formatTime(lastRejection.at)} 退回：{lastRejection.reason}
          </p>
          <ChangeList changes={sinceRejection} beforeTitle="退回时" afterTitle="现在" />
        </section>
      ) : null}

      {draft.state !== 'published' && draft.state !== 'discarded' && draft.op === 'put' ? (
        <details class="changes" open={draft.canReview || undefined}>
          <summary>与已发布版本相比的改动（{changes.length} 处）</summary>
          <ChangeList changes={changes} beforeTitle={published ? `已发布（版本 ${published.version}）` : '已发布'} afterTitle="草稿" />
        </details>
      ) : null}
    </>
  );

  const reviewPanel = (
    <section class="review" aria-labelledby="review-title">
      <h2 id="review-title">审核</h2>
      <div class="form-group">
        <label class="label" for="publish-at">
          定时发布（选填）
        </label>
        <p class="hint" id="publish-at-hint">
          留空则批准后立即发布。例如新收费标准在 1 月 1 日零时生效。
        </p>
        <span class="with-suffix">
          <input
            class="input"
            id="publish-at"
            type="datetime-local"
            aria-describedby="publish-at-hint"
            value={publishAt}
            onInput={(e) => setPublishAt(e.currentTarget.value)}
          />
          <span class="suffix">北京时间（UTC+8）</span>
        </span>
      </div>
      <button class="button" type="button" onClick={() => void act('approve', publishAt ? { publishAt: localToInstant(publishAt) } : {})}>
        {publishAt ? '批准并定时发布' : '批准并发布'}
      </button>
      <div class={`form-group${reasonError ? ' form-group--error' : ''}`}>
        <label class="label" for="reject-reason">
          退回理由
        </label>
        <p class="hint" id="reject-reason-hint">
          告诉作者要改什么，作者会在草稿上看到。
        </p>
        {reasonError ? (
          <p class="error-message" id="reject-reason-error">
            {reasonError}
          </p>
        ) : null}
        <textarea
          class="input"
          id="reject-reason"
          rows={3}
          value={reason}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? 'reject-reason-hint reject-reason-error' : 'reject-reason-hint'}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      <button class="button button--warning" type="button" onClick={() => void rejectDraft()}>
        退回修改
      </button>
    </section>
  );

  return (
    <>
      <p class="caption">
        {TYPE_NAMES[draft.recordType]} · {draft.recordId}
      </p>
      <h1>
        {draft.op === 'delete' ? '申请撤下：' : ''}
        {recordTitle(data)}
      </h1>
      <p>
        <a
          class="button button--secondary"
          {...linkProps(`/drafts/${encodeURIComponent(draft.id)}/preview`)}
          onClick={(e: MouseEvent) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            // The preview reads the draft from the server: what was just typed is saved first.
            void flush().finally(() => navigate(`/drafts/${encodeURIComponent(draft.id)}/preview`));
          }}
        >
          预览
        </a>
        {published ? (
          <a class="button button--secondary" {...linkProps(`/history/${draft.recordType}/${encodeURIComponent(draft.recordId)}`)}>
            版本历史
          </a>
        ) : null}
      </p>
      <dl class="summary-list">
        <div>
          <dt>状态</dt>
          <dd>
            <span class={`tag tag--${draft.state}`}>{STATE_NAMES[draft.state]}</span>
          </dd>
        </div>
        <div>
          <dt>作者</dt>
          <dd>{author?.displayName ?? '—'}</dd>
        </div>
        <div>
          <dt>基于版本</dt>
          <dd>
            {draft.baseVersion ?? '新记录'}
            {published ? `（当前已发布版本 ${published.version}）` : ''}
          </dd>
        </div>
        {draft.rejectReason ? (
          <div>
            <dt>退回理由</dt>
            <dd class="reject-reason">{draft.rejectReason}</dd>
          </div>
        ) : null}
        {draft.publishAt ? (
          <div>
            <dt>定时发布</dt>
            <dd>{formatTime(draft.publishAt)}</dd>
          </div>
        ) : null}
      </dl>
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

      {conflict ? (
        <section class="conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">版本冲突</h2>
          <p>{conflict.message}</p>
          <ChangeList
            changes={diffRecords(draft.recordType, conflict.theirs, conflict.yours)}
            beforeTitle={conflict.kind === 'draft' ? '他人刚保存的版本' : '已发布的新版本'}
            afterTitle="我的版本"
          />
          <div class="button-group">
            <button class="button" onClick={() => void resolve('mine')}>
              保留我的版本
            </button>
            <button class="button button--secondary" onClick={() => void resolve('theirs')}>
              采用对方版本
            </button>
          </div>
        </section>
      ) : null}

      {showProblems ? <ErrorSummary title="提交前请修改以下内容" problems={problems} labels={labels} /> : null}

      {reviewing ? (
        <>
          {diffs}
          {reviewPanel}
          <h2>完整内容</h2>
        </>
      ) : null}
      {draft.op === 'delete' ? (
        <p>批准后，此记录将从所有终端撤下（发布一条删除记录）。</p>
      ) : (
        <form class="record-form" onSubmit={(e) => e.preventDefault()} noValidate>
          <Fields
            fields={fields}
            value={data}
            onChange={onChange}
            problems={showProblems || draft.state === 'rejected' ? problems : []}
            lookups={lookups}
            readOnly={!editable}
          />
        </form>
      )}

      {reviewing ? null : diffs}

      <div class="action-bar" role="region" aria-label="操作">
        {editable ? (
          <span class="save-status" role="status" aria-live="polite">
            {saveText[status]}
          </span>
        ) : null}
        {editable ? (
          <>
            <button class="button" type="button" onClick={() => void act('submit')}>
              提交审核
            </button>
            {problems.length ? (
              <button class="button button--secondary" type="button" onClick={() => setShowProblems(true)}>
                检查（{problems.length} 处待修改）
              </button>
            ) : null}
          </>
        ) : null}
        {draft.canEdit && draft.op === 'delete' && (draft.state === 'draft' || draft.state === 'rejected') ? (
          <button class="button" type="button" onClick={() => void act('submit')}>
            提交审核
          </button>
        ) : null}
        {draft.canEdit && ['draft', 'rejected', 'submitted'].includes(draft.state) ? (
          <button
            class="button button--warning"
            type="button"
            onClick={() => {
              if (confirm('确定放弃此草稿？')) void act('discard').then(() => navigate('/'));
            }}
          >
            放弃草稿
          </button>
        ) : null}
      </div>

      {draft.state === 'submitted' && !draft.canReview && draft.authorId ? (
        <p class="hint">等待另一位审核人审核（作者不能审核自己的草稿）。</p>
      ) : null}
    </>
  );
}
