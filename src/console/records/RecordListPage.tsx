/**
 * Records of one type, a page at a time from the server: search (names,
 * codes, materials, aliases, pinyin, initials), filters, sortable columns,
 * counts, and bulk actions on the rows chosen (submit, ask for withdrawal,
 * export). Each row can start an edit, a withdrawal request or, for
 * reviewers, an immediate withdrawal.
 */
import type { RowSelectionState, SortingState } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api-error';
import { call, client, download, params, type Answer } from '../client';
import { useSession } from '../app/session';
import { emptyRecord } from '../forms/specs';
import { recordTitle, TYPE_NAMES } from '../format';
import { linkProps, navigate } from '../router';
import { ListFilters, type Filters } from './ListFilters';
import { columnsFor, RecordTable, type ListRow } from './RecordTable';

const records = client.records[':type'];
type ListQueryInput = NonNullable<Parameters<typeof records.$get>[0]['query']>;
type BulkResult = Answer<typeof records.bulk.$post>;
type NewDraft = Omit<Parameters<typeof client.drafts.$post>[0]['json'], 'type'>;

export async function openDraft(type: string, body: NewDraft, onError: (m: string) => void) {
  try {
    const r = await call(client.drafts.$post({ json: { type: type as NewDraftType, ...body } }));
    navigate(`/drafts/${r.draft.id}`);
  } catch (err) {
    if (err instanceof ApiError && err.body.draftId) navigate(`/drafts/${err.body.draftId}`);
    else onError(err instanceof Error ? err.message : '操作失败');
  }
}

const PAGE_SIZES = [20, 50, 100];
/** How many of the records still pointing at a withdrawn one the warning lists (a department may have hundreds). */
const SHOWN_REFERRERS = 20;

type NewDraftType = Parameters<typeof client.drafts.$post>[0]['json']['type'];

export function RecordListPage({ type }: { type: string }) {
  const { lookups, user } = useSession();
  const [rows, setRows] = useState<ListRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [filters, setFilters] = useState<Filters>({
    q: '',
    departmentId: user.departments?.length === 1 ? user.departments[0]! : '',
    state: '',
    scope: '',
    timing: '',
    effectiveFrom: '',
    effectiveTo: '',
  });
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  // After an immediate withdrawal: records that still point at the withdrawn one and should be changed soon.
  const [stillReferencedBy, setStillReferencedBy] = useState<string[]>([]);
  const [bulk, setBulk] = useState<BulkResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [withdrawing, setWithdrawing] = useState<ListRow['record'] | null>(null);
  const [reason, setReason] = useState('');
  const [reload, setReload] = useState(0);
  const canWithdrawNow = user.role === 'reviewer' || user.role === 'admin';
  const hasDept = ['guide', 'fee', 'official', 'notice', 'lexicon'].includes(type);
  const deptName = (id: string) => lookups.departments.find((d) => d.value === id)?.label ?? id ?? '';

  useEffect(() => {
    setSelection({});
    setPage(1);
  }, [type]);

  const withdrawNow = async () => {
    if (!withdrawing) return;
    setStillReferencedBy([]);
    try {
      const r = await call(
        records[':id'].withdraw.$post({
          param: params({ type, id: String(withdrawing.id) }),
          json: { expectedVersion: Number(withdrawing.version), reason },
        }),
      );
      setNotice(`已从所有终端撤下「${recordTitle(withdrawing)}」（序号 ${r.toSeq}）。`);
      setStillReferencedBy(r.stillReferencedBy);
      setWithdrawing(null);
      setReason('');
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : '撤下失败');
    }
  };

  const query = useMemo(() => {
    const sort = sorting[0] ?? { id: 'name', desc: false };
    const q: ListQueryInput = {
      page: String(page),
      pageSize: String(pageSize),
      sort: sort.id as ListQueryInput['sort'],
      dir: sort.desc ? 'desc' : 'asc',
    };
    if (filters.q) q.q = filters.q;
    if (filters.departmentId) q.departmentId = filters.departmentId;
    if (filters.state) q.state = filters.state;
    if (filters.scope) q.scope = filters.scope;
    if (filters.effectiveFrom) q.effectiveFrom = filters.effectiveFrom;
    if (filters.effectiveTo) q.effectiveTo = filters.effectiveTo;
    if (filters.timing) q[filters.timing] = '1';
    return q;
  }, [filters, sorting, page, pageSize]);

  useEffect(() => {
    let current = true;
    const t = setTimeout(
      () =>
        void call(records.$get({ param: params({ type }), query }))
          .then((r) => {
            if (!current) return;
            setRows(r.records);
            setTotal(r.total);
            setError('');
          })
          .catch((e: unknown) => current && setError(e instanceof Error ? e.message : '载入失败')),
      filters.q ? 250 : 0,
    );
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [type, query, reload]);

  const changeFilters = (next: Filters) => {
    setFilters(next);
    setPage(1);
  };
  const selected = Object.keys(selection).filter((id) => selection[id]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);

  const runBulk = async (action: 'submit' | 'withdraw') => {
    setBusy(true);
    setBulk(null);
    setNotice('');
    setStillReferencedBy([]);
    try {
      const r = await call(records.bulk.$post({ param: params({ type }), json: { action, ids: selected } }));
      setBulk(r);
      setSelection(Object.fromEntries(r.results.filter((x) => !x.ok).map((x) => [x.id, true])));
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };
  const exportSelection = async (format: 'csv' | 'xlsx') => {
    try {
      await download(
        records.export.$post({ param: params({ type }), json: { format, ids: selected } }),
        `${type}-${selected.length}.${format}`,
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : '导出失败');
    }
  };

  const actions = (row: ListRow) => {
    const { record, openDraft: open, editable } = row;
    if (open) return <a {...linkProps(`/drafts/${open.id}`)}>打开草稿</a>;
    if (!editable) return <span class="hint">无编辑权限</span>;
    return (
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
    );
  };
  const columns = useMemo(() => columnsFor(type, { departmentName: deptName, actions }), [type, lookups, canWithdrawNow]);

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
      {stillReferencedBy.length ? (
        <div class="notice notice--warn" role="alert" data-testid="still-referenced">
          <p>已撤下。以下记录仍引用它，请尽快修改：</p>
          <ul>
            {stillReferencedBy.slice(0, SHOWN_REFERRERS).map((r) => (
              <li key={r}>{r}</li>
            ))}
            {stillReferencedBy.length > SHOWN_REFERRERS ? <li>以及另外 {stillReferencedBy.length - SHOWN_REFERRERS} 项</li> : null}
          </ul>
        </div>
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
      <ListFilters
        type={type}
        filters={filters}
        onChange={changeFilters}
        departments={hasDept || type.startsWith('duty') ? lookups.departments : null}
      />
      <div class="toolbar">
        <button
          type="button"
          class="button"
          onClick={() =>
            void openDraft(
              type,
              { data: { ...emptyRecord(type), ...(hasDept && filters.departmentId ? { departmentId: filters.departmentId } : {}) } },
              setError,
            )
          }
        >
          新建{TYPE_NAMES[type]}
        </button>
      </div>
      <section class="bulk-bar" aria-label="批量操作">
        <p class="bulk-count" role="status">
          {selected.length ? `已选 ${selected.length} 项` : '未选择任何项（勾选行后可批量操作）'}
        </p>
        <button type="button" class="button button--small" disabled={!selected.length || busy} onClick={() => void runBulk('submit')}>
          提交审核所选
        </button>
        <button
          type="button"
          class="button button--secondary button--small"
          disabled={!selected.length || busy}
          onClick={() => void runBulk('withdraw')}
        >
          申请撤下所选
        </button>
        <button
          type="button"
          class="button button--secondary button--small"
          disabled={!selected.length}
          onClick={() => void exportSelection('xlsx')}
        >
          导出所选（Excel）
        </button>
        <button
          type="button"
          class="button button--secondary button--small"
          disabled={!selected.length}
          onClick={() => void exportSelection('csv')}
        >
          导出所选（CSV）
        </button>
        <button type="button" class="button button--secondary button--small" disabled={!selected.length} onClick={() => setSelection({})}>
          清除选择
        </button>
      </section>
      {bulk ? (
        <div class={bulk.failed ? 'error-summary' : 'notice'} role="status">
          <p>
            完成 {bulk.done} 项{bulk.failed ? `，${bulk.failed} 项未完成（仍保持选中）` : ''}。
          </p>
          {bulk.failed ? (
            <ul>
              {bulk.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.id}>
                    {r.id}：{r.message}
                  </li>
                ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {!rows ? (
        <p role="status">正在载入…</p>
      ) : (
        <>
          <p class="list-count" role="status" data-testid="list-count">
            {total === 0 ? '没有符合条件的项' : `共 ${total} 项，第 ${first}–${last} 项`}
          </p>
          <RecordTable
            caption={`${TYPE_NAMES[type]}列表，共 ${total} 项，第 ${page} 页`}
            rows={rows}
            columns={columns}
            sorting={sorting}
            onSortingChange={(s) => {
              setSorting(s);
              setPage(1);
            }}
            selection={selection}
            onSelectionChange={setSelection}
          />
          <nav class="pager" aria-label="分页">
            <button type="button" class="button button--secondary button--small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              上一页
            </button>
            <span>
              第 {page} / {pages} 页
            </span>
            <button type="button" class="button button--secondary button--small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              下一页
            </button>
            <label class="label inline-label" for="page-size">
              每页
            </label>
            <select
              id="page-size"
              class="input input--short"
              value={String(pageSize)}
              onChange={(e) => {
                setPageSize(Number(e.currentTarget.value));
                setPage(1);
              }}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={String(n)}>
                  {n} 项
                </option>
              ))}
            </select>
          </nav>
        </>
      )}
    </>
  );
}
