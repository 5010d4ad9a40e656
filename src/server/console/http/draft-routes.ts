/** Published records (read, withdraw) and drafts through the review workflow. */
import { Hono } from 'hono';
import * as v from 'valibot';
import { RECORD_TYPES } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import { DRAFT_STATES, type Draft, type DraftState, type User } from '../types';
import { canEdit, canReview, reachOf, type OfficialDepartment } from '../workflow/authorize';
import { officialDepartmentsOf, resolveReach } from '../workflow/reach';
import { WorkflowError } from '../workflow/errors';
import type { Workflow } from '../workflow/workflow';
import type { ConsoleEnv } from './env';
import { jsonInput, queryInput, recordTypeOf } from './helpers';

const DRAFT_LIST_LIMIT = 2000;

const Revision = v.number('必须提供草稿的修订号');
const RecordData = v.record(v.string(), v.unknown(), '必须是对象');
const CreateDraftInput = v.object({
  type: v.picklist(RECORD_TYPES, '未知的内容类型'),
  id: v.optional(v.string('必须是记录编号')),
  op: v.optional(v.picklist(['put', 'delete'], "必须是 'put' 或 'delete'")),
  data: v.optional(RecordData),
});
const SaveInput = v.object({ revision: Revision, data: RecordData });
const RevisionInput = v.object({ revision: Revision });
const ApproveInput = v.object({ revision: Revision, publishAt: v.optional(v.nullable(v.string('必须是时间'))) });
const RejectInput = v.object({ revision: Revision, reason: v.optional(v.string('必须是文本'), '') });
const WithdrawInput = v.object({ expectedVersion: v.number('必须提供当前版本号'), reason: v.optional(v.string('必须是文本'), '') });
const DraftListQuery = v.object({
  state: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.split(',')),
      v.array(v.picklist(DRAFT_STATES, `必须是 ${DRAFT_STATES.join('、')} 之一`)),
    ),
  ),
  type: v.optional(v.picklist(RECORD_TYPES, '未知的内容类型')),
  batchId: v.optional(v.string()),
  mine: v.optional(v.literal('1')),
});
const OPEN_STATES: DraftState[] = ['draft', 'submitted', 'approved', 'rejected'];

export function draftRoutes(deps: { content: ContentStore; consoleStore: ConsoleStore; workflow: Workflow }) {
  const { content, consoleStore, workflow } = deps;

  // Lists pass every official's department at once; a single draft looks up the officials it names.
  const present = async (draft: Draft, user: User, officials?: OfficialDepartment) => {
    const reach = officials ? reachOf(draft.recordType, draft.data, officials) : await resolveReach(content, draft.recordType, draft.data);
    return {
      ...draft,
      problems: workflow.problemsOf(draft),
      canEdit: canEdit(user, draft.recordType, reach),
      canReview: canReview(user, draft.recordType, reach) && draft.authorId !== user.id,
    };
  };

  return new Hono<ConsoleEnv>()
    .get('/records/:type/:id', async (c) => {
      const type = recordTypeOf(c.req.param('type'));
      const record = await content.getRecord(type, c.req.param('id'));
      if (!record) throw new WorkflowError('not-found', '记录不存在');
      const user = c.get('user');
      return c.json({
        record,
        editable: canEdit(user, type, await resolveReach(content, type, record as unknown as Record<string, unknown>)),
        openDrafts: await consoleStore.openDraftsOf(type, record.id),
      });
    })

    .post('/records/:type/:id/withdraw', jsonInput(WithdrawInput), async (c) => {
      const type = recordTypeOf(c.req.param('type'));
      const { expectedVersion, reason } = c.req.valid('json');
      const result = await workflow.withdrawNow(c.get('user'), type, c.req.param('id'), expectedVersion, reason);
      return c.json({
        fromSeq: result.fromSeq,
        toSeq: result.toSeq,
        publication: result.publication,
        // Withdrawn all the same; these still point at it and should be changed soon.
        stillReferencedBy: result.stillReferencedBy,
      });
    })

    .get('/drafts', queryInput(DraftListQuery), async (c) => {
      const user = c.get('user');
      const query = c.req.valid('query');
      const drafts = await consoleStore.listDrafts({
        state: query.state ?? OPEN_STATES,
        ...(query.type ? { recordType: query.type } : {}),
        ...(query.batchId ? { batchId: query.batchId } : {}),
        ...(query.mine ? { authorId: user.id } : {}),
        limit: DRAFT_LIST_LIMIT + 1,
      });
      // A list for reading, so it is capped, but says so: batch actions never go through it.
      const truncated = drafts.length > DRAFT_LIST_LIMIT;
      const officials = await officialDepartmentsOf(content);
      const visible = drafts
        .slice(0, DRAFT_LIST_LIMIT)
        .filter((d) => canEdit(user, d.recordType, reachOf(d.recordType, d.data, officials)));
      return c.json({
        drafts: await Promise.all(visible.map((d) => present(d, user, officials))),
        truncated,
        message: truncated ? `只显示最近修改的 ${DRAFT_LIST_LIMIT} 条草稿：请按类型或批次筛选` : undefined,
      });
    })

    .post('/drafts', jsonInput(CreateDraftInput), async (c) => {
      const input = c.req.valid('json');
      const draft = await workflow.createDraft(c.get('user'), input);
      return c.json({ draft: await present(draft, c.get('user')) }, 201);
    })

    .get('/drafts/:id', async (c) => {
      const draft = await workflow.loadDraft(c.req.param('id'));
      const user = c.get('user');
      if (!(await workflow.visibleTo(user, draft))) throw new WorkflowError('forbidden', '您没有查看此草稿的权限');
      const published = await content.getRecord(draft.recordType, draft.recordId);
      const author = await consoleStore.getUser(draft.authorId);
      return c.json({
        draft: await present(draft, user),
        published,
        lastRejection: await workflow.lastRejection(draft),
        author: author ? { id: author.id, username: author.username, displayName: author.displayName } : null,
      });
    })

    .put('/drafts/:id', jsonInput(SaveInput), async (c) => {
      const user = c.get('user');
      const draft = await workflow.saveDraft(user, c.req.param('id'), c.req.valid('json'));
      return c.json({ draft: await present(draft, user) });
    })

    .post('/drafts/:id/submit', jsonInput(RevisionInput), async (c) => {
      const user = c.get('user');
      return c.json({ draft: await present(await workflow.submit(user, c.req.param('id'), c.req.valid('json').revision), user) });
    })

    .post('/drafts/:id/approve', jsonInput(ApproveInput), async (c) => {
      const user = c.get('user');
      const { revision, publishAt } = c.req.valid('json');
      const result = await workflow.approve(user, c.req.param('id'), { revision, publishAt: publishAt || null });
      return c.json({
        draft: await present(result.draft, user),
        published: result.published
          ? { fromSeq: result.published.fromSeq, toSeq: result.published.toSeq, publicationId: result.published.publication.id }
          : null,
      });
    })

    .post('/drafts/:id/reject', jsonInput(RejectInput), async (c) => {
      const user = c.get('user');
      return c.json({ draft: await present(await workflow.reject(user, c.req.param('id'), c.req.valid('json')), user) });
    })

    .post('/drafts/:id/discard', jsonInput(RevisionInput), async (c) => {
      const user = c.get('user');
      return c.json({ draft: await present(await workflow.discard(user, c.req.param('id'), c.req.valid('json').revision), user) });
    })

    .post('/drafts/:id/rebase', jsonInput(SaveInput), async (c) => {
      const user = c.get('user');
      return c.json({ draft: await present(await workflow.rebase(user, c.req.param('id'), c.req.valid('json')), user) });
    });
}
