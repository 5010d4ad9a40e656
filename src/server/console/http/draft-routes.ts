/** Published records (read, withdraw) and drafts through the review workflow. */
import { Hono } from 'hono';
import { isRecordType, type RecordType } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import { DRAFT_STATES, type Draft, type DraftState } from '../types';
import { canEdit, canReview, reachOf, type OfficialDepartment } from '../workflow/authorize';
import { officialDepartmentsOf, resolveReach } from '../workflow/reach';
import { WorkflowError } from '../workflow/errors';
import type { Workflow } from '../workflow/workflow';
import type { ConsoleEnv } from './env';
import { readJson } from './helpers';

const DRAFT_LIST_LIMIT = 2000;

function recordType(value: string): RecordType {
  if (!isRecordType(value)) throw new WorkflowError('not-found', `未知的内容类型：${value}`);
  return value;
}

export function draftRoutes(deps: { content: ContentStore; consoleStore: ConsoleStore; workflow: Workflow }) {
  const { content, consoleStore, workflow } = deps;
  const app = new Hono<ConsoleEnv>();

  // Lists pass every official's department at once; a single draft looks up the officials it names.
  const present = async (draft: Draft, user: ConsoleEnv['Variables']['user'], officials?: OfficialDepartment) => {
    const reach = officials ? reachOf(draft.recordType, draft.data, officials) : await resolveReach(content, draft.recordType, draft.data);
    return {
      ...draft,
      problems: workflow.problemsOf(draft),
      canEdit: canEdit(user, draft.recordType, reach),
      canReview: canReview(user, draft.recordType, reach) && draft.authorId !== user.id,
    };
  };

  app.get('/records/:type/:id', async (c) => {
    const type = recordType(c.req.param('type'));
    const record = await content.getRecord(type, c.req.param('id'));
    if (!record) throw new WorkflowError('not-found', '记录不存在');
    const user = c.get('user');
    return c.json({
      record,
      editable: canEdit(user, type, await resolveReach(content, type, record as unknown as Record<string, unknown>)),
      openDrafts: await consoleStore.openDraftsOf(type, record.id),
    });
  });

  app.post('/records/:type/:id/withdraw', async (c) => {
    const body = await readJson(c);
    const result = await workflow.withdrawNow(
      c.get('user'),
      recordType(c.req.param('type')),
      c.req.param('id'),
      body.expectedVersion,
      body.reason,
    );
    return c.json({ fromSeq: result.fromSeq, toSeq: result.toSeq, publication: result.publication });
  });

  app.get('/drafts', async (c) => {
    const user = c.get('user');
    const stateParam = c.req.query('state');
    const states = stateParam ? stateParam.split(',') : ['draft', 'submitted', 'approved', 'rejected'];
    if (!states.every((s) => (DRAFT_STATES as readonly string[]).includes(s)))
      throw new WorkflowError('bad-request', `state: 必须是 ${DRAFT_STATES.join('、')} 之一`);
    const typeParam = c.req.query('type');
    const drafts = await consoleStore.listDrafts({
      state: states as DraftState[],
      ...(typeParam ? { recordType: recordType(typeParam) } : {}),
      ...(c.req.query('batchId') ? { batchId: c.req.query('batchId') } : {}),
      ...(c.req.query('mine') === '1' ? { authorId: user.id } : {}),
      limit: DRAFT_LIST_LIMIT + 1,
    });
    // A list for reading, so it is capped, but says so: batch actions never go through it.
    const truncated = drafts.length > DRAFT_LIST_LIMIT;
    const officials = await officialDepartmentsOf(content);
    const visible = drafts.slice(0, DRAFT_LIST_LIMIT).filter((d) => canEdit(user, d.recordType, reachOf(d.recordType, d.data, officials)));
    return c.json({
      drafts: await Promise.all(visible.map((d) => present(d, user, officials))),
      truncated,
      ...(truncated ? { message: `只显示最近修改的 ${DRAFT_LIST_LIMIT} 条草稿：请按类型或批次筛选` } : {}),
    });
  });

  app.post('/drafts', async (c) => {
    const body = await readJson(c);
    const type = typeof body.type === 'string' && isRecordType(body.type) ? body.type : null;
    if (!type) throw new WorkflowError('invalid', 'type: 未知的内容类型', { problems: [{ field: 'type', message: '未知的内容类型' }] });
    if (body.op !== undefined && body.op !== 'put' && body.op !== 'delete')
      throw new WorkflowError('bad-request', "op: 必须是 'put' 或 'delete'");
    if (body.data !== undefined && (typeof body.data !== 'object' || body.data === null || Array.isArray(body.data)))
      throw new WorkflowError('bad-request', 'data: 必须是对象');
    const draft = await workflow.createDraft(c.get('user'), {
      type,
      ...(typeof body.id === 'string' ? { id: body.id } : {}),
      ...(body.op ? { op: body.op as 'put' | 'delete' } : {}),
      ...(body.data ? { data: body.data as Record<string, unknown> } : {}),
    });
    return c.json({ draft: await present(draft, c.get('user')) }, 201);
  });

  app.get('/drafts/:id', async (c) => {
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
  });

  app.put('/drafts/:id', async (c) => {
    const body = await readJson(c);
    if (typeof body.data !== 'object' || body.data === null || Array.isArray(body.data))
      throw new WorkflowError('bad-request', 'data: 必须是对象');
    const draft = await workflow.saveDraft(c.get('user'), c.req.param('id'), {
      data: body.data as Record<string, unknown>,
      revision: body.revision,
    });
    return c.json({ draft: await present(draft, c.get('user')) });
  });

  const action = (name: 'submit' | 'approve' | 'reject' | 'discard' | 'rebase') =>
    app.post(`/drafts/:id/${name}`, async (c) => {
      const body = await readJson(c);
      const user = c.get('user');
      const id = c.req.param('id');
      switch (name) {
        case 'submit':
          return c.json({ draft: await present(await workflow.submit(user, id, body.revision), user) });
        case 'approve': {
          const publishAt = typeof body.publishAt === 'string' && body.publishAt ? body.publishAt : null;
          const result = await workflow.approve(user, id, { revision: body.revision, publishAt });
          return c.json({
            draft: await present(result.draft, user),
            published: result.published
              ? { fromSeq: result.published.fromSeq, toSeq: result.published.toSeq, publicationId: result.published.publication.id }
              : null,
          });
        }
        case 'reject':
          return c.json({ draft: await present(await workflow.reject(user, id, { revision: body.revision, reason: body.reason }), user) });
        case 'discard':
          return c.json({ draft: await present(await workflow.discard(user, id, body.revision), user) });
        case 'rebase':
          if (typeof body.data !== 'object' || body.data === null) throw new WorkflowError('bad-request', 'data: 必须是对象');
          return c.json({
            draft: await present(
              await workflow.rebase(user, id, { revision: body.revision, data: body.data as Record<string, unknown> }),
              user,
            ),
          });
      }
    });
  (['submit', 'approve', 'reject', 'discard', 'rebase'] as const).forEach(action);

  return app;
}
