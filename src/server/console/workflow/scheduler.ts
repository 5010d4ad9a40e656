/**
 * One scheduler tick: publish approved drafts whose time has come (a batch
 * whole, in one transaction), then withdraw notices whose expiry has passed.
 * A failed publish is audited and its drafts go back to review, the reason
 * kept on each; the tick never throws. A withdrawal that others came to name
 * after its approval is such a failure: it would leave them pointing at
 * nothing on every kiosk.
 */
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import type { Draft } from '../types';
import { draftAudit, newDraft, stripEnvelope, SYSTEM } from './drafts';
import { WorkflowError } from './errors';
import type { PublishService } from './publish-service';
import { withdrawalProblemsOf } from './references';
import { transition } from './transitions';

export interface SchedulerDeps {
  content: ContentStore;
  consoleStore: ConsoleStore;
  publisher: PublishService;
  now: () => Date;
}

export interface TickResult {
  published: number;
  withdrawn: number;
  failed: number;
}

export function createScheduler(deps: SchedulerDeps) {
  const { content, consoleStore, publisher } = deps;

  /** Due drafts grouped by batch; a batch is loaded whole, so it is never published in part. */
  async function dueGroups(now: Date): Promise<Draft[][]> {
    const due = await consoleStore.listDrafts({ state: 'approved', dueBefore: now.toISOString() });
    const groups = new Map<string, Draft[]>();
    for (const d of due) {
      const key = d.batchId ?? d.id;
      if (groups.has(key)) continue;
      groups.set(
        key,
        d.batchId ? await consoleStore.listDrafts({ batchId: d.batchId, state: 'approved', dueBefore: now.toISOString() }) : [d],
      );
    }
    return [...groups.values()];
  }

  /** How many withdrawals a refusal names before it says "and n more". */
  const NAMED_WITHDRAWALS = 3;

  /**
   * Checked again at publish time: since approval, others may have come to name a record the group
   * withdraws (records it withdraws together do not count). A refusal naming the record and who names it, or null.
   */
  async function withdrawalRefusal(group: Draft[]): Promise<string | null> {
    const withdrawals = group.filter((d) => d.op === 'delete');
    if (!withdrawals.length) return null;
    const leaving = new Set(withdrawals.map((d) => `${d.recordType}/${d.recordId}`));
    const refused: string[] = [];
    for (const d of withdrawals)
      for (const p of await withdrawalProblemsOf(content, consoleStore, d, leaving)) refused.push(`「${d.recordId}」${p.message}`);
    if (!refused.length) return null;
    const more = refused.length > NAMED_WITHDRAWALS ? `；另有 ${refused.length - NAMED_WITHDRAWALS} 条撤下同样仍被引用` : '';
    return `${group.length > 1 ? '整批未发布，' : ''}要撤下的记录仍被引用：${refused.slice(0, NAMED_WITHDRAWALS).join('；')}${more}`;
  }

  async function publishDue(now: Date): Promise<Pick<TickResult, 'published' | 'failed'>> {
    let published = 0;
    let failed = 0;
    for (const group of await dueGroups(now)) {
      try {
        const refusal = await withdrawalRefusal(group);
        if (refusal) throw new WorkflowError('invalid', refusal);
        await publisher.publish(group, SYSTEM);
        published += group.length;
      } catch (err) {
        failed += group.length;
        const to = transition(group[0]!, 'publish-failed');
        await consoleStore
          .updateDrafts(
            group.map((d) => ({
              id: d.id,
              expectedRevision: d.revision,
              // The reason stays on the draft, so whoever opens it sees why it is back.
              patch: {
                state: to,
                reviewerId: null,
                publishAt: null,
                rejectReason: `定时发布失败：${(err as Error).message}`,
                revision: d.revision + 1,
                updatedAt: now.toISOString(),
              },
            })),
            group.map((d) => draftAudit(SYSTEM, 'draft.publish-failed', d, { detail: (err as Error).message })),
          )
          .catch(() => false);
      }
    }
    return { published, failed };
  }

  /**
   * Only notices expire, and no record may name a notice (REFERRER_TYPES.notice is empty), so an expiry
   * leaves nothing pointing at nothing and needs no referrer check; tests/server/console/references.test.ts
   * fails if that changes.
   */
  async function withdrawExpired(now: Date): Promise<Pick<TickResult, 'withdrawn' | 'failed'>> {
    let withdrawn = 0;
    let failed = 0;
    for (const expiry of await consoleStore.dueExpiries(now.toISOString())) {
      const current = await content.getRecord(expiry.recordType, expiry.recordId);
      const expiresAt = (current as { expiresAt?: string | null } | null)?.expiresAt;
      if (!current) {
        await consoleStore.cancelExpiry(expiry.recordType, expiry.recordId);
        continue;
      }
      if (expiresAt && Date.parse(expiresAt) > now.getTime()) {
        await consoleStore.scheduleExpiry({ ...expiry, at: new Date(expiresAt).toISOString() });
        continue;
      }
      const draft = {
        ...newDraft(
          SYSTEM,
          {
            type: expiry.recordType,
            id: expiry.recordId,
            op: 'delete',
            data: stripEnvelope(current as unknown as Record<string, unknown>),
            baseVersion: current.version,
            batchId: null,
          },
          now,
        ),
        state: 'approved' as const,
      };
      try {
        // The withdrawal cancels the expiry in the same transaction.
        await publisher.publish([draft], SYSTEM, {
          insert: true,
          alongside: { audit: [draftAudit(SYSTEM, 'record.expire', draft, { detail: `到期时间 ${expiresAt ?? expiry.at}` })] },
        });
        withdrawn++;
      } catch (err) {
        failed++;
        await consoleStore
          .appendAudit([draftAudit(SYSTEM, 'record.expire-failed', draft, { detail: (err as Error).message })])
          .catch(() => undefined);
      }
    }
    return { withdrawn, failed };
  }

  return {
    async runDue(): Promise<TickResult> {
      const now = deps.now();
      const publishing = await publishDue(now);
      const expiring = await withdrawExpired(now);
      return { published: publishing.published, withdrawn: expiring.withdrawn, failed: publishing.failed + expiring.failed };
    },
  };
}
