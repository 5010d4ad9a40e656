/**
 * Record lists for the console: one page of published records (and drafts of
 * new ones) per request, filtered, searched and sorted on the server; bulk
 * submit and withdrawal requests; export of a selection.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { type Department, type Official, type RecordType } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import { isImportable, recordToRow, headersOf, TYPE_NAMES } from '../imports/columns';
import { writeCsv } from '../imports/csv';
import { writeXlsx } from '../imports/xlsx';
import { ListQuerySchema } from '../records/list-query';
import { listPage, stateOf, titleOf, type ListRow } from '../records/record-list';
import { SearchDocCache } from '../records/record-search';
import { canEdit, reachOf } from '../workflow/authorize';
import { WorkflowError } from '../workflow/errors';
import { officialDepartmentsOf } from '../workflow/reach';
import type { Workflow } from '../workflow/workflow';
import type { ConsoleEnv } from './env';
import { jsonInput, queryInput, recordTypeOf } from './helpers';

/** The county's halls keep Beijing time; list dates are read in it. */
const TIME_ZONE = 'Asia/Shanghai';
const OPEN_STATES = ['draft', 'submitted', 'approved', 'rejected'] as const;
/** One bulk request handles at most this many records (a page holds up to 500). */
const MAX_BULK = 500;

const BulkSchema = v.object({
  action: v.picklist(['submit', 'withdraw'], "action 必须是 'submit'（提交审核）或 'withdraw'（申请撤下）"),
  ids: v.pipe(
    v.array(v.string('必须是记录编号'), 'ids 必须是记录编号的列表'),
    v.minLength(1, '请至少选择一项'),
    v.maxLength(MAX_BULK, `一次最多处理 ${MAX_BULK} 项`),
  ),
});
const ExportSchema = v.object({
  format: v.picklist(['csv', 'xlsx'], "format 必须是 'csv' 或 'xlsx'"),
  ids: v.pipe(v.array(v.string('必须是记录编号'), 'ids 必须是记录编号的列表'), v.minLength(1, '请至少选择一项'), v.maxLength(20_000)),
});
export function recordListRoutes(deps: { content: ContentStore; consoleStore: ConsoleStore; workflow: Workflow; now: () => Date }) {
  const { content, consoleStore, workflow } = deps;
  const cache = new SearchDocCache();

  /** Every row the user may see: published records, and drafts of new records they may edit. */
  async function rowsOf(type: RecordType, user: ConsoleEnv['Variables']['user']) {
    const [records, open, officials, officialRecords, departments] = await Promise.all([
      content.listRecords(type),
      consoleStore.listDrafts({ recordType: type, state: [...OPEN_STATES] }),
      officialDepartmentsOf(content),
      type === 'dutyShift' || type === 'dutyException' ? content.listRecords<Official>('official') : Promise.resolve([]),
      content.listRecords<Department>('department'),
    ]);
    const openById = new Map(open.map((d) => [d.recordId, d]));
    const draftOf = (id: string) => {
      const d = openById.get(id);
      return d ? { id: d.id, state: d.state, revision: d.revision, op: d.op } : null;
    };
    const rows: ListRow[] = records.map((r) => {
      const data = r as unknown as Record<string, unknown>;
      return { record: data, published: true, editable: canEdit(user, type, reachOf(type, data, officials)), openDraft: draftOf(r.id) };
    });
    const published = new Set(records.map((r) => r.id));
    for (const d of open) {
      if (published.has(d.recordId)) continue;
      const reach = reachOf(type, d.data, officials);
      if (!canEdit(user, type, reach)) continue; // drafts are not public: only those who may edit them see them
      rows.push({ record: { ...d.data, updatedAt: d.updatedAt }, published: false, editable: true, openDraft: draftOf(d.recordId) });
    }
    const officialNames = new Map(officialRecords.map((o) => [o.id, o.name]));
    const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
    const isDuty = type === 'dutyShift' || type === 'dutyException';
    const idText = (v: unknown) => (typeof v === 'string' ? v : '');
    return {
      rows,
      departmentName: (id: string) => departmentNames.get(id) ?? id,
      departmentOf: (r: Record<string, unknown>) => (isDuty ? officials(idText(r.officialId)) : idText(r.departmentId) || null),
      extraNames: (r: Record<string, unknown>): string[] =>
        isDuty
          ? [r.officialId, r.substituteOfficialId].flatMap((id) =>
              typeof id === 'string' && officialNames.has(id) ? [officialNames.get(id)!] : [],
            )
          : [],
    };
  }

  const app = new Hono<ConsoleEnv>()
    // Published content is public anyway: every signed-in user may read it; "editable" says what they may change.
    .get('/records/:type', queryInput(ListQuerySchema), async (c) => {
      const type = recordTypeOf(c.req.param('type'));
      const query = c.req.valid('query');
      const { rows, ...lookups } = await rowsOf(type, c.get('user'));
      const page = listPage(rows, query, { now: deps.now(), timeZone: TIME_ZONE, cache, ...lookups });
      return c.json({
        records: page.rows.map((r) => ({ ...r, state: stateOf(r) })),
        total: page.total,
        page: page.page,
        pageSize: page.pageSize,
      });
    })

    /**
     * Submits the open drafts of the chosen records, or asks for each to be
     * withdrawn (a delete draft). Each record is its own step: one refusal
     * (no draft, no right, invalid) is reported on its row and the rest go on.
     */
    .post('/records/:type/bulk', jsonInput(BulkSchema), async (c) => {
      const type = recordTypeOf(c.req.param('type'));
      const { action, ids } = c.req.valid('json');
      const user = c.get('user');
      const open = new Map(
        (await consoleStore.listDrafts({ recordType: type, state: [...OPEN_STATES] })).map((d) => [d.recordId, d] as const),
      );
      const results: { id: string; ok: boolean; message: string; draftId?: string }[] = [];
      for (const id of [...new Set(ids)]) {
        try {
          if (action === 'submit') {
            const draft = open.get(id);
            if (!draft) throw new WorkflowError('not-found', '没有可提交的草稿');
            const submitted = await workflow.submit(user, draft.id, draft.revision);
            results.push({ id, ok: true, message: '已提交审核', draftId: submitted.id });
          } else {
            const draft = await workflow.createDraft(user, { type, id, op: 'delete' });
            results.push({ id, ok: true, message: '已生成撤下申请草稿', draftId: draft.id });
          }
        } catch (err) {
          if (!(err instanceof WorkflowError)) throw err;
          const detail = err.extra.problems?.length ? `：${err.extra.problems.map((p) => `${p.field} ${p.message}`).join('；')}` : '';
          results.push({ id, ok: false, message: `${err.message}${detail}` });
        }
      }
      return c.json({ done: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results });
    })

    /** The chosen records as a spreadsheet: in the import template where the type has one, so it imports back. */
    .post('/records/:type/export', jsonInput(ExportSchema), async (c) => {
      const type = recordTypeOf(c.req.param('type'));
      const { format, ids } = c.req.valid('json');
      const { rows, departmentName, departmentOf } = await rowsOf(type, c.get('user'));
      const wanted = new Set(ids);
      const chosen = rows.filter((r) => r.published && wanted.has(String(r.record.id)));
      const table = isImportable(type)
        ? [headersOf(type), ...chosen.map((r) => recordToRow(type, r.record))]
        : [
            ['编号', '名称', '编码', '部门', '版本', '更新时间'],
            ...chosen.map((r) => {
              const dept = departmentOf(r.record);
              const record = r.record as Record<string, string | number | undefined>;
              return [
                String(record.id),
                titleOf(r.record),
                String(record.itemCode ?? record.code ?? ''),
                dept ? departmentName(dept) : '',
                String(record.version ?? ''),
                String(record.updatedAt ?? ''),
              ];
            }),
          ];
      const bytes = format === 'csv' ? new TextEncoder().encode(writeCsv(table)) : await writeXlsx(TYPE_NAMES[type], table);
      c.header(
        'Content-Type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      c.header('Content-Disposition', `attachment; filename="${type}-selection-${deps.now().toISOString().slice(0, 10)}.${format}"`);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    });

  return app;
}
