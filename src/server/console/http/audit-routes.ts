/**
 * The audit log: pages of entries (newest first, with the total), filters by
 * person (display name or username), action, record and time range, and the
 * same selection as CSV or XLSX. An export is itself an audit entry.
 * Reviewers and admins see everything; editors see their own actions.
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { AUDIT_EXPORT_MAX_ROWS, exportAudit } from '../audit/audit-export';
import type { ConsoleStore } from '../console-store';
import type { AuditFilter } from '../types';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';
import { queryInput } from './helpers';

const TEXT_LIMIT = 200;

/**
 * The query's shape only, so the typed client knows the parameters; each value is
 * still checked by auditFilter (a 400 naming the parameter, as before; a repeated
 * parameter counts once, as c.req.query() reads it).
 */
const QUERY_VALUE = v.optional(v.union([v.string(), v.array(v.string())]));
const AUDIT_QUERY = v.object({
  person: QUERY_VALUE,
  action: QUERY_VALUE,
  targetType: QUERY_VALUE,
  targetId: QUERY_VALUE,
  actor: QUERY_VALUE,
  from: QUERY_VALUE,
  to: QUERY_VALUE,
  beforeId: QUERY_VALUE,
  afterId: QUERY_VALUE,
  limit: QUERY_VALUE,
  format: QUERY_VALUE,
});

function auditFilter(c: Context<ConsoleEnv>): AuditFilter {
  const user = c.get('user');
  const q = c.req.query();
  const textParam = (name: string) => {
    const value = q[name]?.trim();
    if (!value) return undefined;
    if (value.length > TEXT_LIMIT) throw new WorkflowError('bad-request', `${name}: 不能超过 ${TEXT_LIMIT} 个字符`);
    return value;
  };
  const instant = (name: 'from' | 'to') => {
    const value = q[name];
    if (!value) return undefined;
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:\d{2})$/.test(value))
      throw new WorkflowError('bad-request', `${name}: 必须是带时区的 ISO 8601 时间，例如 2026-11-23T09:00:00+08:00`);
    return new Date(ms).toISOString();
  };
  const idParam = (name: 'beforeId' | 'afterId') => {
    if (!q[name]) return undefined;
    const n = Number(q[name]);
    if (!Number.isSafeInteger(n) || n < 1) throw new WorkflowError('bad-request', `${name}: 必须是正整数`);
    return n;
  };
  const from = instant('from');
  const to = instant('to');
  if (from && to && from >= to) throw new WorkflowError('bad-request', 'from 必须早于 to');
  const filter: AuditFilter = {};
  for (const key of ['action', 'targetType', 'targetId', 'person'] as const) {
    const value = textParam(key);
    if (value) filter[key] = value;
  }
  if (from) filter.from = from;
  if (to) filter.to = to;
  const beforeId = idParam('beforeId');
  const afterId = idParam('afterId');
  if (beforeId) filter.beforeId = beforeId;
  if (afterId) filter.afterId = afterId;
  if (user.role === 'editor') filter.actor = user.id;
  else if (textParam('actor')) filter.actor = textParam('actor');
  return filter;
}

export function auditRoutes(deps: { consoleStore: ConsoleStore; now: () => Date }) {
  const { consoleStore } = deps;
  return new Hono<ConsoleEnv>()
    .get('/audit', queryInput(AUDIT_QUERY), async (c) => {
      const q = c.req.query();
      const limit = q.limit ? Number(q.limit) : 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new WorkflowError('bad-request', 'limit: 必须是 1–1000 的整数');
      const filter = auditFilter(c);
      const { beforeId: _b, afterId: _a, ...selection } = filter;
      // One more than asked tells whether another page follows.
      const rows = await consoleStore.listAudit({ ...filter, limit: limit + 1 });
      const towardsNewer = !!filter.afterId && !filter.beforeId;
      const extra = rows.length > limit;
      const entries = towardsNewer ? rows.slice(rows.length > limit ? 1 : 0) : rows.slice(0, limit);
      return c.json({
        entries,
        total: await consoleStore.countAudit(selection),
        hasOlder: towardsNewer ? entries.length > 0 : extra,
        hasNewer: towardsNewer ? extra : !!filter.beforeId,
        timeZone: 'Asia/Shanghai',
      });
    })
    .get('/audit/export', queryInput(AUDIT_QUERY), async (c) => {
      const user = c.get('user');
      const format = c.req.query('format') ?? 'csv';
      if (format !== 'csv' && format !== 'xlsx') throw new WorkflowError('bad-request', "format: 必须是 'csv' 或 'xlsx'");
      const { beforeId: _b, afterId: _a, ...filter } = auditFilter(c);
      const result = await exportAudit(consoleStore, filter, format);
      await consoleStore.appendAudit([
        {
          actorId: user.id,
          actorName: user.username,
          action: 'audit.export',
          targetType: 'audit',
          targetId: format,
          detail: `${result.rows} 条${result.rows >= AUDIT_EXPORT_MAX_ROWS ? '（已达上限）' : ''}；筛选：${JSON.stringify(filter)}`,
        },
      ]);
      const stamp = deps.now().toISOString().slice(0, 10);
      c.header('Content-Type', result.contentType);
      c.header('Content-Disposition', `attachment; filename="audit-${stamp}.${format}"`);
      c.header('Cache-Control', 'no-store');
      return c.body(result.bytes as Uint8Array<ArrayBuffer>);
    });
}
