/**
 * Import batches for review: a summary per batch (so the inbox counts them and
 * their items), a page of one batch's items with the published record each
 * would replace (for the diff), and actions on the whole batch. Each item is
 * also a draft: approve, reject or discard one through the draft routes.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import type { Draft, DraftState, User } from '../types';
import { canEdit, canReview, reachOf } from '../workflow/authorize';
import { MAX_BATCH_DRAFTS, type Workflow } from '../workflow/workflow';
import type { ConsoleEnv } from './env';
import { jsonInput, queryInput } from './helpers';

const OPEN: DraftState[] = ['draft', 'submitted', 'approved', 'rejected'];
const PAGE_SIZE = 100;

const PageQuery = v.object({
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d{1,7}$/, '必须是非负整数'), v.transform(Number)), '0'),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,4}$/, '必须是整数'), v.transform(Number), v.minValue(1, '至少为 1'), v.maxValue(500, '不能超过 500')),
    String(PAGE_SIZE),
  ),
  state: v.optional(v.picklist(['all', ...OPEN, 'published', 'discarded'], '未知的状态'), 'all'),
});
const RejectInput = v.object({
  reason: v.pipe(v.string('必须是文本'), v.trim(), v.minLength(1, '请填写退回原因'), v.maxLength(1000, '不能超过 1000 个字符')),
});
const PublishAtInput = v.object({ publishAt: v.optional(v.nullable(v.string('必须是文本'))) });

export function batchRoutes(deps: { content: ContentStore; consoleStore: ConsoleStore; workflow: Workflow }) {
  const { content, consoleStore, workflow } = deps;
  const reviewable = (user: User, d: Draft) => canReview(user, d.recordType, reachOf(d.recordType, d.data)) && d.authorId !== user.id;
  const visible = (user: User, d: Draft) => canEdit(user, d.recordType, reachOf(d.recordType, d.data));

  return (
    new Hono<ConsoleEnv>()
      /** Every batch with open items, counted by state; "toReview" is what this user may review now. */
      .get('/batches', async (c) => {
        const user = c.get('user');
        const drafts = (await consoleStore.listDrafts({ state: OPEN })).filter((d) => d.batchId && visible(user, d));
        const batches = new Map<
          string,
          {
            id: string;
            recordType: string;
            createdAt: string;
            authorId: string;
            total: number;
            counts: Record<string, number>;
            toReview: number;
          }
        >();
        for (const d of drafts) {
          const b = batches.get(d.batchId!) ?? {
            id: d.batchId!,
            recordType: d.recordType,
            createdAt: d.createdAt,
            authorId: d.authorId,
            total: 0,
            counts: {},
            toReview: 0,
          };
          b.total++;
          b.counts[d.state] = (b.counts[d.state] ?? 0) + 1;
          if (d.state === 'submitted' && reviewable(user, d)) b.toReview++;
          if (d.createdAt < b.createdAt) b.createdAt = d.createdAt;
          batches.set(d.batchId!, b);
        }
        const authors = new Map((await consoleStore.listUsers()).map((u) => [u.id, u.displayName]));
        return c.json({
          batches: [...batches.values()]
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .map((b) => ({ ...b, authorName: authors.get(b.authorId) ?? b.authorId })),
        });
      })

      /** One page of a batch's items, each with the published record it would replace. */
      .get('/batches/:id', queryInput(PageQuery), async (c) => {
        const user = c.get('user');
        const { offset, limit, state } = c.req.valid('query');
        const all = (await consoleStore.listDrafts({ batchId: c.req.param('id'), limit: MAX_BATCH_DRAFTS })).filter((d) =>
          visible(user, d),
        );
        if (!all.length) return c.json({ error: 'not-found', message: '批次不存在，或其中没有您可以查看的草稿' }, 404);
        // A stable order for paging: the import file's row order; drafts without a row (made before rows were
        // kept, or not from an import) after them by record id, numbers compared as numbers.
        all.sort(
          (a, b) =>
            (a.batchRow ?? Number.MAX_SAFE_INTEGER) - (b.batchRow ?? Number.MAX_SAFE_INTEGER) ||
            a.recordId.localeCompare(b.recordId, 'en', { numeric: true }) ||
            a.id.localeCompare(b.id),
        );
        const counts: Record<string, number> = {};
        for (const d of all) counts[d.state] = (counts[d.state] ?? 0) + 1;
        const chosen = state === 'all' ? all : all.filter((d) => d.state === state);
        const page = chosen.slice(offset, offset + limit);
        const items = await Promise.all(
          page.map(async (d) => ({
            draft: {
              ...d,
              problems: workflow.problemsOf(d),
              canEdit: visible(user, d),
              canReview: reviewable(user, d),
            },
            published: await content.getRecord(d.recordType, d.recordId),
          })),
        );
        const author = await consoleStore.getUser(all[0]!.authorId);
        return c.json({
          batch: {
            id: c.req.param('id'),
            recordType: all[0]!.recordType,
            createdAt: all[0]!.createdAt,
            authorName: author?.displayName ?? all[0]!.authorId,
            total: all.length,
            counts,
          },
          items,
          offset,
          limit,
          matching: chosen.length,
        });
      })

      .post('/batches/:id/submit', async (c) => c.json({ submitted: await workflow.submitBatch(c.get('user'), c.req.param('id')) }))
      .post('/batches/:id/approve', jsonInput(PublishAtInput), async (c) => {
        const result = await workflow.approveBatch(c.get('user'), c.req.param('id'), c.req.valid('json').publishAt ?? null);
        return c.json({
          approved: result.count,
          published: result.published ? { fromSeq: result.published.fromSeq, toSeq: result.published.toSeq } : null,
        });
      })
      .post('/batches/:id/reject', jsonInput(RejectInput), async (c) =>
        c.json({ rejected: await workflow.rejectBatch(c.get('user'), c.req.param('id'), c.req.valid('json').reason) }),
      )
      .post('/batches/:id/discard', async (c) => c.json({ discarded: await workflow.discardBatch(c.get('user'), c.req.param('id')) }))
  );
}
