/**
 * One page of records as a real <table> driven by TanStack Table: the server
 * pages and sorts (manual mode), the table keeps the sort and the row
 * selection (by record id, so a selection survives paging). Sortable headers
 * are buttons with aria-sort on their <th>.
 */
import {
  createColumnHelper,
  flexRender,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import type { FeeAmount } from '../../shared/content';
import type { ComponentChildren } from 'preact';
import { formatTime, recordTitle, STATE_NAMES, yuan } from '../format';
import { linkProps } from '../router';

export interface ListRow {
  record: Record<string, any>;
  published: boolean;
  editable: boolean;
  state: 'published' | 'draft' | 'review';
  openDraft: { id: string; state: string; revision: number; op: 'put' | 'delete' } | null;
}

const features = tableFeatures({ rowSortingFeature, rowSelectionFeature });
const helper = createColumnHelper<typeof features, ListRow>();

const STATE_LABELS: Record<ListRow['state'], string> = { published: '已发布', draft: '草稿', review: '审核中' };

function amountText(a: FeeAmount | undefined): string {
  if (!a) return '';
  if (a.kind === 'fixed') return yuan(a.fen);
  if (a.kind === 'range') return `${yuan(a.minFen)}–${yuan(a.maxFen)}`;
  return `${yuan(a.fenPerUnit)}/单位`;
}

function effectiveText(r: Record<string, any>): string {
  const from = r.effectiveFrom ?? r.publishAt ?? r.validFrom ?? r.date;
  const to = r.effectiveTo ?? r.expiresAt ?? r.validTo;
  if (!from) return '—';
  const day = (s: string) => (s.length > 10 ? formatTime(s).replace('（北京时间）', '').slice(0, 10) : s);
  return `${day(from)} 起${to ? `，${day(to)} 止` : ''}`;
}

export function columnsFor(
  type: string,
  options: { departmentName: (id: string) => string; actions: (row: ListRow) => ComponentChildren },
): ColumnDef<typeof features, ListRow, any>[] {
  const hasDept = ['guide', 'fee', 'official', 'notice', 'lexicon'].includes(type);
  const columns = [
    helper.display({
      id: 'select',
      header: ({ table }) => (
        <input
          type="checkbox"
          class="row-check"
          aria-label="选择本页全部"
          checked={table.getIsAllPageRowsSelected()}
          indeterminate={table.getIsSomePageRowsSelected()}
          onChange={(e) => table.toggleAllPageRowsSelected(e.currentTarget.checked)}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          class="row-check"
          aria-label={`选择 ${recordTitle(row.original.record)}`}
          checked={row.getIsSelected()}
          onChange={(e) => row.toggleSelected(e.currentTarget.checked)}
        />
      ),
      enableSorting: false,
    }),
    helper.accessor((r) => recordTitle(r.record), {
      id: 'name',
      header: '名称',
      cell: ({ row }) => (
        <>
          {recordTitle(row.original.record)}
          <br />
          <span class="hint">{row.original.record.id}</span>
          {row.original.published ? (
            <>
              {' · '}
              <a
                {...linkProps(`/history/${type}/${encodeURIComponent(String(row.original.record.id))}`)}
                aria-label={`${recordTitle(row.original.record)} 的版本历史`}
              >
                版本历史
              </a>
            </>
          ) : null}
        </>
      ),
    }),
    ...(type === 'guide' || type === 'fee'
      ? [
          helper.accessor((r) => r.record.itemCode ?? r.record.code ?? '', {
            id: 'code',
            header: type === 'guide' ? '事项编码' : '收费编码',
          }),
        ]
      : []),
    ...(hasDept ? [helper.accessor((r) => options.departmentName(r.record.departmentId ?? ''), { id: 'department', header: '部门' })] : []),
    ...(type === 'fee'
      ? [helper.accessor((r) => amountText((r.record as { amount?: FeeAmount }).amount), { id: 'amount', header: '金额（元）' })]
      : []),
    ...(['fee', 'notice', 'dutyShift', 'dutyException'].includes(type)
      ? [helper.accessor((r) => effectiveText(r.record), { id: 'effectiveFrom', header: '有效期' })]
      : []),
    helper.accessor((r) => r.state, {
      id: 'state',
      header: '状态',
      cell: ({ row }) => {
        const d = row.original.openDraft;
        return (
          <span class={`tag tag--${d ? d.state : 'published'}`}>
            {d ? `${STATE_NAMES[d.state]}${d.op === 'delete' ? '（撤下）' : ''}` : STATE_LABELS.published}
            {row.original.published ? '' : '・新建'}
          </span>
        );
      },
    }),
    helper.accessor((r) => r.record.updatedAt ?? '', { id: 'updatedAt', header: '更新时间', cell: (c) => formatTime(c.getValue()) }),
    helper.display({ id: 'actions', header: '操作', cell: ({ row }) => options.actions(row.original), enableSorting: false }),
  ];
  return columns as ColumnDef<typeof features, ListRow, any>[];
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

export function RecordTable({
  caption,
  rows,
  columns,
  sorting,
  onSortingChange,
  selection,
  onSelectionChange,
}: {
  caption: string;
  rows: ListRow[];
  columns: ReturnType<typeof columnsFor>;
  sorting: SortingState;
  onSortingChange: (s: SortingState) => void;
  selection: RowSelectionState;
  onSelectionChange: (s: RowSelectionState) => void;
}) {
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (r) => String(r.record.id),
    state: { sorting, rowSelection: selection },
    onSortingChange: (u) => onSortingChange(typeof u === 'function' ? u(sorting) : u),
    onRowSelectionChange: (u) => onSelectionChange(typeof u === 'function' ? u(selection) : u),
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
  });
  return (
    <div class="table-scroll">
      <table class="table record-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={header.column.getCanSort() ? (sorted ? ARIA_SORT[sorted] : 'none') : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button type="button" class="sort-button" onClick={header.column.getToggleSortingHandler()}>
                        {label}
                        <span aria-hidden="true" class="sort-mark">
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ⇅'}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} class={row.getIsSelected() ? 'row--selected' : undefined}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} class={cell.column.id === 'actions' ? 'actions' : undefined}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
