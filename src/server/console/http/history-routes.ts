/**
 * Version history of one record, from what the console keeps: every draft it
 * published (author, reviewer, time, content) and the record as stored now.
 * Versions published outside the console (the seed, scripts) before the first
 * console publish are not kept anywhere (the feed log compacts superseded
 * versions), so the history says which are missing instead of guessing.
 * An old version is restored as a NEW draft that goes through review.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { RecordType } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import { canEdit, reachOf } from '../workflow/authorize';
import { stripEnvelope } from '../workflow/drafts';
import { WorkflowError } from '../workflow/errors';
import type { Workflow } from '../workflow/workflow';
import type { ConsoleEnv } from './env';
import { jsonInput, recordTypeOf } from './helpers';

export interface RecordVersion {
  /** The record version this publish produced; null for a withdrawal. */
  version: number | null;
  op: 'put' | 'delete';
  at: string;
  seq: number | null;
  author: string | null;
  reviewer: string | null;
  draftId: string | null;
  /** Published outside the console's review (seed data, scripts): no author or reviewer is known. */
  outsideConsole: boolean;
  data: Record<string, unknown> | null;
}

const RestoreInput = v.object({
  version: v.pipe(v.number('必须是版本号'), v.integer('必须是整数'), v.minValue(1, '版本号从 1 开始')),
});

export function historyRoutes(deps: { content: ContentStore; consoleStore: ConsoleStore; workflow: Workflow }) {
  const { content, consoleStore, workflow } = deps;
  async function historyOf(type: RecordType, id: string) {
    const current = await content.getRecord(type, id);
    const published = (await consoleStore.listDrafts({ recordType: type, recordId: id, state: 'published' })).sort(
      (a, b) => (a.publishedSeq ?? 0) - (b.publishedSeq ?? 0),
    );
    const names = new Map((await consoleStore.listUsers()).map((u) => [u.id, u.displayName]));
    const versions: RecordVersion[] = published.map((d) => {
      const version = d.op === 'put' ? (d.baseVersion ?? 0) + 1 : null;
      // The stored record is the draft after validation (trimmed, defaults filled): prefer it when it is this version.
      const data = d.op === 'delete' ? null : current && current.version === version ? stripEnvelope(current as never) : d.data;
      return {
        version,
        op: d.op,
        at: d.updatedAt,
        seq: d.publishedSeq,
        author: names.get(d.authorId) ?? (d.authorId === 'system' ? '系统' : d.authorId),
        reviewer: d.reviewerId ? (names.get(d.reviewerId) ?? d.reviewerId) : null,
        draftId: d.id,
        outsideConsole: false,
        data,
      };
    });
    if (current && !versions.some((x) => x.version === current.version)) {
      versions.push({
        version: current.version,
        op: 'put',
        at: current.updatedAt,
        seq: null,
        author: null,
        reviewer: null,
        draftId: null,
        outsideConsole: true,
        data: stripEnvelope(current as never),
      });
    }
    versions.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER) || (a.version ?? 0) - (b.version ?? 0));
    const known = versions.map((x) => x.version).filter((n): n is number => n !== null);
    const oldest = known.length ? Math.min(...known) : null;
    return { current, versions, missingBefore: oldest !== null && oldest > 1 ? oldest : null };
  }

  return new Hono<ConsoleEnv>()
    .get('/records/:type/:id/history', async (c) => {
      const type = recordTypeOf(c.req.param('type'));
      const id = c.req.param('id');
      const { current, versions, missingBefore } = await historyOf(type, id);
      if (!versions.length) throw new WorkflowError('not-found', '此记录没有已发布的版本');
      const user = c.get('user');
      const latest = current ?? versions.findLast((x) => x.data)?.data ?? null;
      return c.json({
        type,
        id,
        currentVersion: current?.version ?? null,
        withdrawn: !current,
        editable: latest ? canEdit(user, type, reachOf(type, latest as Record<string, unknown>)) : false,
        openDrafts: (await consoleStore.openDraftsOf(type, id)).map((d) => ({ id: d.id, state: d.state })),
        versions: versions.reverse(),
        missingBefore,
      });
    })

    .post('/records/:type/:id/restore', jsonInput(RestoreInput), async (c) => {
      const type = recordTypeOf(c.req.param('type'));
      const id = c.req.param('id');
      const { version } = c.req.valid('json');
      const { versions } = await historyOf(type, id);
      const old = versions.find((x) => x.version === version && x.data);
      if (!old?.data) throw new WorkflowError('not-found', `版本 ${version} 没有保存，不能恢复`);
      const draft = await workflow.createDraft(c.get('user'), { type, id, data: { ...old.data } });
      return c.json({ draft: { id: draft.id, state: draft.state }, restoredFrom: version }, 201);
    });
}
