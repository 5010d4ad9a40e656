/**
 * Start-up repair of drafts left between states by a server that stopped in
 * the middle of a publish. Since a publish and its console records are one
 * transaction this finds nothing on a data directory made by this version; it
 * exists for data directories from before (content.db and console.db written
 * in two transactions), where a kill -9 or a full disk left a draft
 * "approved" but never published, or its content published while the draft
 * stayed open and blocked every further edit (409 open draft).
 */
import { validateRecordOfType, type ContentRecord } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import type { Draft } from '../types';
import { candidateRecord, draftAudit, SYSTEM, stripEnvelope } from './drafts';
import { transition } from './transitions';

export interface ReconcileResult {
  /** Open drafts whose content was found live: recorded as published. */
  markedPublished: string[];
  /** Approved-for-now drafts whose publish never happened: back to review. */
  returnedToReview: string[];
}

/** JSON with sorted keys, so two records compare by content, not key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Did this draft's publish reach the feed? The live record is exactly the draft's, one version past its base. */
function isLive(draft: Draft, current: ContentRecord | null, now: Date): boolean {
  if (draft.op === 'delete') return draft.baseVersion !== null && current === null;
  if (!current || current.version !== (draft.baseVersion ?? 0) + 1) return false;
  const checked = validateRecordOfType(draft.recordType, candidateRecord(draft, now));
  if (!checked.ok) return false;
  const strip = (r: unknown) => stripEnvelope(r as Record<string, unknown>);
  return canonical(strip(checked.value)) === canonical(strip(current));
}

export async function reconcileDrafts(deps: {
  content: ContentStore;
  consoleStore: ConsoleStore;
  now: () => Date;
}): Promise<ReconcileResult> {
  const { content, consoleStore } = deps;
  const now = deps.now();
  const result: ReconcileResult = { markedPublished: [], returnedToReview: [] };
  const open = await consoleStore.listDrafts({ state: ['submitted', 'approved'] });
  if (!open.length) return result;
  // The exact seq is not kept outside the feed; the head is at or after it, so "reached" stays honest.
  const { seq: head } = await content.position();
  for (const draft of open) {
    const current = await content.getRecord(draft.recordType, draft.recordId);
    const at = now.toISOString();
    if (isLive(draft, current, now)) {
      const ok = await consoleStore.updateDrafts(
        [
          {
            id: draft.id,
            expectedRevision: draft.revision,
            patch: { state: 'published', publishedSeq: head, revision: draft.revision + 1, updatedAt: at },
          },
        ],
        [draftAudit(SYSTEM, 'draft.reconcile', draft, { detail: '重启时发现此草稿的内容已发布（发布中途服务器停止）：补记为已发布' })],
      );
      if (!ok) continue;
      result.markedPublished.push(draft.id);
      const expiresAt = (current as { expiresAt?: string | null } | null)?.expiresAt;
      if (draft.recordType === 'notice' && expiresAt)
        await consoleStore.scheduleExpiry({ recordType: 'notice', recordId: draft.recordId, at: new Date(expiresAt).toISOString() });
    } else if (draft.state === 'approved' && draft.publishAt === null) {
      const ok = await consoleStore.updateDrafts(
        [
          {
            id: draft.id,
            expectedRevision: draft.revision,
            patch: { state: transition(draft, 'publish-failed'), reviewerId: null, revision: draft.revision + 1, updatedAt: at },
          },
        ],
        [draftAudit(SYSTEM, 'draft.publish-failed', draft, { detail: '发布中途服务器停止，内容未发布：已退回待审核' })],
      );
      if (ok) result.returnedToReview.push(draft.id);
    }
  }
  return result;
}
