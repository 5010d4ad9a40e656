/**
 * GET /preview/drafts/:id — one draft as the kiosk's preview needs it: the
 * record it would publish (validated like the feed validates), the hall whose
 * published content surrounds it and the feed key to check that content with.
 * Behind the console session; only someone who may see the draft gets it.
 */
import { Hono } from 'hono';
import { scopeHallId, validateRecordOfType, type ContentRecord, type Hall } from '../../../shared/content';
import type { DraftPreview } from '../../../shared/draft-preview';
import type { ContentStore } from '../../store/content-store';
import type { Draft } from '../types';
import { candidateRecord } from '../workflow/drafts';
import { WorkflowError } from '../workflow/errors';
import type { Workflow } from '../workflow/workflow';
import type { ConsoleEnv } from './env';

export interface PreviewRouteDeps {
  content: ContentStore;
  workflow: Workflow;
  now: () => Date;
  feedPublicKey: () => Promise<string>;
  publicUrl?: string;
}

export function previewRoutes(deps: PreviewRouteDeps) {
  const { content, workflow } = deps;
  return new Hono<ConsoleEnv>().get('/preview/drafts/:id', async (c) => {
    const draft = await workflow.loadDraft(c.req.param('id'));
    if (!(await workflow.visibleTo(c.get('user'), draft))) throw new WorkflowError('forbidden', '您没有查看此草稿的权限');
    const record = draft.op === 'delete' ? null : checkedCandidate(draft, deps.now());
    const body: DraftPreview = {
      draftId: draft.id,
      recordType: draft.recordType,
      recordId: draft.recordId,
      op: draft.op,
      record,
      hallId: await hallFor(content, draft, record),
      feedPublicKey: await deps.feedPublicKey(),
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    };
    return c.json(body);
  });
}

/** The record the draft would publish; a draft the feed would refuse cannot be shown as a kiosk shows it. */
function checkedCandidate(draft: Draft, now: Date): ContentRecord {
  const result = validateRecordOfType(draft.recordType, candidateRecord(draft, now));
  if (!result.ok)
    throw new WorkflowError('invalid', `草稿还有 ${result.problems.length} 处问题，修正后才能预览`, { problems: result.problems });
  return result.value;
}

/**
 * A published hall previews itself; a hall-scoped record its hall; anything else the first service hall.
 * (The feed serves published halls only, so a hall not yet published is shown around the first one.)
 */
async function hallFor(content: ContentStore, draft: Draft, record: ContentRecord | null): Promise<string> {
  const halls = await content.listRecords<Hall>('hall');
  const exists = (id: string | null | undefined): id is string => !!id && halls.some((h) => h.id === id);
  if (draft.recordType === 'hall' && exists(draft.recordId)) return draft.recordId;
  const own = record ? scopeHallId(record.scope) : typeof draft.data.scope === 'string' ? scopeHallId(draft.data.scope) : null;
  if (exists(own)) return own;
  if (exists(draft.hallId)) return draft.hallId;
  const first = [...halls].sort(
    (a, b) => Number(a.kind !== 'service-hall') - Number(b.kind !== 'service-hall') || a.id.localeCompare(b.id),
  )[0];
  if (!first) throw new WorkflowError('not-found', '还没有发布任何服务大厅，无法预览');
  return first.id;
}
