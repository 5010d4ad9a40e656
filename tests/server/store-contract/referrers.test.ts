/** Who still names a record (so it may not be withdrawn), on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import type { ContentRecord } from '../../../src/shared/content';
import { withdrawalProblemsOf } from '../../../src/server/console/workflow/references';
import { createWorkflow } from '../../../src/server/console/workflow/workflow';
import type { Kiosk, User } from '../../../src/server/console/types';
import { fixtureRecords } from '../console/support/fixtures';
import { DIALECTS, openDialect } from './dialects';

const T = '2026-11-23T02:00:00.000Z';

describe.each(DIALECTS)('records still named by others (%s)', (dialect) => {
  it('names the referring records and kiosks, and nothing once they are gone', async () => {
    const { content, consoleStore } = await openDialect(dialect);
    await content.publish(
      fixtureRecords().map((record) => ({ op: 'put' as const, record })),
      { actor: 'test', now: new Date(T) },
    );
    await consoleStore.createKiosk({ id: 'k1', hallId: 'hall-county', name: '一号机', createdAt: T } as Kiosk, 'tok-1');

    const hall = await withdrawalProblemsOf(content, consoleStore, { recordType: 'hall', recordId: 'hall-county' });
    expect(hall).toHaveLength(1);
    expect(hall[0]!.message).toContain('值班排班「shift-1」');
    expect(hall[0]!.message).toContain('终端「一号机（k1）」');

    const official = await withdrawalProblemsOf(content, consoleStore, { recordType: 'official', recordId: 'official-1' });
    expect(official[0]!.message).toMatch(/^仍被 值班排班「shift-1」 引用，不能撤下/);
    const department = await withdrawalProblemsOf(content, consoleStore, { recordType: 'department', recordId: 'dept-mz' });
    expect(department[0]!.message).toContain('工作人员「');

    // Withdrawn together (one batch), the shift no longer holds the official.
    expect(
      await withdrawalProblemsOf(content, consoleStore, { recordType: 'official', recordId: 'official-1' }, new Set(['dutyShift/shift-1'])),
    ).toEqual([]);
    await content.publish([{ op: 'delete', type: 'dutyShift', id: 'shift-1' }], { actor: 'test', now: new Date(T) });
    expect(await withdrawalProblemsOf(content, consoleStore, { recordType: 'official', recordId: 'official-1' })).toEqual([]);
    await consoleStore.deleteKiosk('k1');
    const hallAfter = await withdrawalProblemsOf(content, consoleStore, { recordType: 'hall', recordId: 'hall-county' });
    expect(hallAfter.map((p) => p.message).join()).not.toContain('终端');
  });
});

const person = (username: string, role: User['role']): User => ({
  id: `user-${username}`,
  username,
  displayName: username,
  role,
  departments: ['dept-mz'],
  halls: null,
  disabled: false,
  createdAt: T,
});
const editor = person('editor-mz', 'editor');
const reviewer = person('reviewer-mz', 'reviewer');
const official = (id: string) => ({ ...fixtureRecords().find((r) => r.id === 'official-1')!, id }) as ContentRecord;
const shift = (id: string, officialId: string) =>
  ({ ...fixtureRecords().find((r) => r.id === 'shift-1')!, id, officialId }) as ContentRecord;

describe.each(DIALECTS)('withdrawals when others name the record, at publish time and at once (%s)', (dialect) => {
  async function setUp() {
    const clock = { ms: Date.parse(T) };
    const now = () => new Date(clock.ms);
    const stores = await openDialect(dialect, now);
    const put = (...records: ContentRecord[]) =>
      stores.content.publish(
        records.map((record) => ({ op: 'put' as const, record })),
        { actor: 'test', now: now() },
      );
    await put(...fixtureRecords());
    const workflow = createWorkflow({ ...stores, now });
    /** Withdrawals of these records as one batch, submitted and approved to be published in ten minutes. */
    const scheduleBatch = async (batchId: string, targets: { type: 'official' | 'dutyShift'; id: string }[]) => {
      for (const t of targets) await workflow.createDraft(editor, { type: t.type, id: t.id, op: 'delete' }, batchId);
      expect(await workflow.submitBatch(editor, batchId)).toBe(targets.length);
      const publishAt = new Date(clock.ms + 10 * 60_000).toISOString();
      expect((await workflow.approveBatch(reviewer, batchId, publishAt)).published).toBeNull();
    };
    return { ...stores, clock, put, workflow, scheduleBatch };
  }

  it('sends a scheduled single withdrawal back to review when something came to name it after approval', async () => {
    const { content, consoleStore, clock, put, workflow } = await setUp();
    await put(official('official-a'));
    const draft = await workflow.createDraft(editor, { type: 'official', id: 'official-a', op: 'delete' });
    const submitted = await workflow.submit(editor, draft.id, draft.revision);
    const publishAt = new Date(clock.ms + 10 * 60_000).toISOString();
    expect((await workflow.approve(reviewer, draft.id, { revision: submitted.revision, publishAt })).draft.state).toBe('approved');
    await put(shift('shift-a', 'official-a'));

    clock.ms += 11 * 60_000;
    expect(await workflow.runDue()).toEqual({ published: 0, withdrawn: 0, failed: 1 });
    expect(await content.getRecord('official', 'official-a')).not.toBeNull();
    expect(await consoleStore.getDraft(draft.id)).toMatchObject({
      state: 'submitted',
      publishAt: null,
      reviewerId: null,
      rejectReason: expect.stringContaining('值班排班「shift-a」'),
    });
    const [failed] = await consoleStore.listAudit({ action: 'draft.publish-failed', targetId: 'official-a' });
    expect(failed!.detail).toMatch(/^要撤下的记录仍被引用：「official-a」仍被 值班排班「shift-a」 引用，不能撤下/);
    // The next tick does not try again: the draft waits for review.
    expect(await workflow.runDue()).toEqual({ published: 0, withdrawn: 0, failed: 0 });
  });

  it('holds back a scheduled batch whole when one of its withdrawals came to be named, and publishes one that withdraws the referrer too', async () => {
    const { content, consoleStore, clock, put, workflow, scheduleBatch } = await setUp();
    await put(official('official-b'), official('official-c'), official('official-d'), shift('shift-d', 'official-d'));
    await scheduleBatch('batch-held', [
      { type: 'official', id: 'official-b' },
      { type: 'official', id: 'official-c' },
    ]);
    // The shift and the official it names leave together: nothing is left pointing at nothing.
    await scheduleBatch('batch-together', [
      { type: 'official', id: 'official-d' },
      { type: 'dutyShift', id: 'shift-d' },
    ]);
    await put(shift('shift-c', 'official-c'));

    clock.ms += 11 * 60_000;
    expect(await workflow.runDue()).toEqual({ published: 2, withdrawn: 0, failed: 2 });
    expect(await content.getRecord('official', 'official-d')).toBeNull();
    expect(await content.getRecord('dutyShift', 'shift-d')).toBeNull();
    // Neither of the held batch's records is withdrawn, not even the one nobody names.
    expect(await content.getRecord('official', 'official-b')).not.toBeNull();
    expect(await content.getRecord('official', 'official-c')).not.toBeNull();
    const held = await consoleStore.listDrafts({ batchId: 'batch-held' });
    expect(held.map((d) => d.state)).toEqual(['submitted', 'submitted']);
    const audit = await consoleStore.listAudit({ action: 'draft.publish-failed' });
    expect(audit.map((e) => e.targetId).sort()).toEqual(['official-b', 'official-c']);
    for (const e of audit) expect(e.detail).toMatch(/^整批未发布，要撤下的记录仍被引用：「official-c」仍被 值班排班「shift-c」 引用/);

    // Approving the batch again is refused for the same reason.
    await expect(workflow.approveBatch(reviewer, 'batch-held')).rejects.toMatchObject({
      extra: { rows: [expect.objectContaining({ recordId: 'official-c' })] },
    });
  });

  it('withdraws at once a record others still name, naming them in the answer and the audit log', async () => {
    const { content, consoleStore, workflow } = await setUp();
    const result = await workflow.withdrawNow(reviewer, 'official', 'official-1', 1, '误发了个人电话');
    expect(result.stillReferencedBy).toEqual(['值班排班「shift-1」']);
    expect(await content.getRecord('official', 'official-1')).toBeNull();
    const [entry] = await consoleStore.listAudit({ action: 'record.withdraw-now' });
    expect(entry!.detail).toBe('误发了个人电话（撤下时仍被 值班排班「shift-1」 引用）');
  });
});
