/**
 * One page of a console record list: filters, search, sort, then the page
 * and the total, all on the server so a list of 20,000 fees sends 50 rows.
 * Pure: the route gathers rows (published records and drafts of new ones)
 * and the lookups; this decides which show and in what order.
 */
import { zonedTimeToInstant } from '../../../shared/time';
import type { DraftState } from '../types';
import type { ListQuery, ListState } from './list-query';
import { matchesQuery, type SearchDocCache } from './record-search';

export interface ListRow {
  /** The published record, or the data of a draft that would create one. */
  record: Record<string, unknown>;
  /** False for a record that exists only as a draft so far. */
  published: boolean;
  editable: boolean;
  openDraft: { id: string; state: DraftState; revision: number; op: 'put' | 'delete' } | null;
}

export interface ListContext {
  now: Date;
  timeZone: string;
  cache: SearchDocCache;
  departmentName(id: string): string;
  /** The department a row belongs to (for duty records, that of the official on duty). */
  departmentOf(record: Record<string, unknown>): string | null;
  /** Further names a row is found by (for duty records, the officials' names). */
  extraNames(record: Record<string, unknown>): string[];
}

export interface ListPage {
  rows: ListRow[];
  total: number;
  page: number;
  pageSize: number;
}

export function stateOf(row: ListRow): ListState {
  const s = row.openDraft?.state;
  if (!s) return 'published';
  return s === 'submitted' || s === 'approved' ? 'review' : 'draft';
}

const STATE_ORDER: Record<ListState, number> = { published: 0, draft: 1, review: 2 };
const collator = new Intl.Collator('zh-CN', { numeric: true });
const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function titleOf(r: Record<string, unknown>): string {
  return text(r.name) || text(r.title) || text(r.term) || text(r.date) || text(r.windowId) || text(r.id);
}

function codeOf(r: Record<string, unknown>): string {
  return text(r.itemCode) || text(r.code);
}

function amountOf(r: Record<string, unknown>): number {
  const a = r.amount as { kind?: string; fen?: number; minFen?: number; fenPerUnit?: number } | undefined;
  const fen = a?.kind === 'fixed' ? a.fen : a?.kind === 'range' ? a.minFen : a?.fenPerUnit;
  return typeof fen === 'number' ? fen : -1;
}

/** When a record is in force, as instants: [start, end). Unbounded sides are ±Infinity. */
export function effectiveWindowOf(r: Record<string, unknown>, timeZone: string): { start: number; end: number } {
  const instant = (v: unknown, fallback: number) => {
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(ms) ? fallback : ms;
  };
  const day = (v: unknown, plusDays: number, fallback: number) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? zonedTimeToInstant(v, plusDays * 1440, timeZone) : fallback;
  switch (r.type) {
    case 'fee':
      return { start: instant(r.effectiveFrom, -Infinity), end: instant(r.effectiveTo, Infinity) };
    case 'notice':
      return { start: instant(r.publishAt, -Infinity), end: instant(r.expiresAt, Infinity) };
    case 'dutyShift':
      return { start: day(r.validFrom, 0, -Infinity), end: day(r.validTo, 1, Infinity) };
    case 'dutyException':
      return { start: day(r.date, 0, -Infinity), end: day(r.date, 1, Infinity) };
    default:
      return { start: -Infinity, end: Infinity };
  }
}

function compareBy(sort: ListQuery['sort'], ctx: ListContext): (a: ListRow, b: ListRow) => number {
  const tz = ctx.timeZone;
  switch (sort) {
    case 'code':
      return (a, b) => collator.compare(codeOf(a.record), codeOf(b.record));
    case 'department':
      return (a, b) =>
        collator.compare(ctx.departmentName(ctx.departmentOf(a.record) ?? ''), ctx.departmentName(ctx.departmentOf(b.record) ?? ''));
    case 'updatedAt':
      return (a, b) => text(a.record.updatedAt).localeCompare(text(b.record.updatedAt));
    case 'effectiveFrom':
      return (a, b) => effectiveWindowOf(a.record, tz).start - effectiveWindowOf(b.record, tz).start || 0;
    case 'amount':
      return (a, b) => amountOf(a.record) - amountOf(b.record);
    case 'state':
      return (a, b) => STATE_ORDER[stateOf(a)] - STATE_ORDER[stateOf(b)];
    default:
      return (a, b) => collator.compare(titleOf(a.record), titleOf(b.record));
  }
}

export function listPage(all: ListRow[], query: ListQuery, ctx: ListContext): ListPage {
  const nowMs = ctx.now.getTime();
  const from = query.effectiveFrom ? zonedTimeToInstant(query.effectiveFrom, 0, ctx.timeZone) : -Infinity;
  const to = query.effectiveTo ? zonedTimeToInstant(query.effectiveTo, 1440, ctx.timeZone) : Infinity;
  const rows = all.filter((row) => {
    const r = row.record;
    if (query.departmentId && ctx.departmentOf(r) !== query.departmentId) return false;
    if (query.hallId && r.hallId !== query.hallId && r.scope !== `hall:${query.hallId}`) return false;
    if (query.scope === 'global' && r.scope !== 'global') return false;
    if (query.scope === 'hall' && !text(r.scope).startsWith('hall:')) return false;
    if (query.state && stateOf(row) !== query.state) return false;
    if (query.effectiveFrom || query.effectiveTo || query.expired === '1' || query.upcoming === '1') {
      const w = effectiveWindowOf(r, ctx.timeZone);
      // In force at some time in [from, to): the two intervals overlap.
      if (w.start >= to || w.end <= from) return false;
      if (query.expired === '1' && !(w.end <= nowMs)) return false;
      if (query.upcoming === '1' && !(w.start > nowMs)) return false;
    }
    if (query.q && !matchesQuery(ctx.cache.docOf(r, ctx.extraNames(r)), query.q)) return false;
    return true;
  });
  const by = compareBy(query.sort, ctx);
  const sign = query.dir === 'desc' ? -1 : 1;
  rows.sort((a, b) => sign * by(a, b) || collator.compare(text(a.record.id), text(b.record.id)));
  const start = (query.page - 1) * query.pageSize;
  return { rows: rows.slice(start, start + query.pageSize), total: rows.length, page: query.page, pageSize: query.pageSize };
}
