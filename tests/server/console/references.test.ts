import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentRecord } from '../../../src/shared/content';
import { danglingReferences, referencesOf, REFERRER_TYPES } from '../../../src/shared/content';
import { feeRecord, fixtureRecords } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // A 财政 official beside the fixtures' 民政 official-1.
  const official = {
    id: 'official-cz',
    version: 1,
    updatedAt: '2026-11-01T09:00:00+08:00',
    scope: 'global',
    type: 'official',
    name: '李财政',
    title: '科员',
    departmentId: 'dept-cz',
    photo: null,
    window: 'A01',
    phone: '0000-7654321',
    duties: [],
    bio: '',
  } as ContentRecord;
  await h.content.publish([{ op: 'put', record: official }], { actor: 'test', now: new Date(h.clock.ms) });
});
afterAll(async () => {
  await h.close();
});

const leave = (officialId: string, extra: Record<string, unknown> = {}) => ({
  type: 'dutyException',
  data: { hallId: 'hall-county', windowId: 'A01', date: '2026-11-30', kind: 'leave', officialId, reason: '', scope: 'global', ...extra },
});

describe('roster rights by department', () => {
  it('lets an editor of 民政 record leave for 民政 officials and only theirs', async () => {
    const editor = await h.login('editor-mz');
    const own = await editor.json('POST', '/api/console/drafts', leave('official-1'));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect((await editor.json('POST', `/api/console/drafts/${own.body.draft.id}/submit`, { revision: 1 })).status).toBe(200);

    const other = await editor.json('POST', '/api/console/drafts', leave('official-cz'));
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('没有编辑此记录的权限');

    // Nor may a 民政 official be substituted by someone of 财政.
    const substitution = await editor.json('POST', '/api/console/drafts', {
      ...leave('official-1', { kind: 'substitution', substituteOfficialId: 'official-cz', date: '2026-12-01' }),
    });
    expect(substitution.status).toBe(403);

    const cz = await h.login('editor-cz');
    expect((await cz.json('POST', '/api/console/drafts', leave('official-cz', { date: '2026-12-02' }))).status).toBe(201);
  });
});

describe('references to records that do not exist', () => {
  it('refuses to submit a draft naming a missing official, window or department, naming the field and the id', async () => {
    const admin = await h.login('admin');
    const shift = await admin.json('POST', '/api/console/drafts', leave('official-ghost', { windowId: 'Z99', date: '2026-12-03' }));
    expect(shift.status).toBe(201);
    const submitted = await admin.json('POST', `/api/console/drafts/${shift.body.draft.id}/submit`, { revision: 1 });
    expect(submitted.status).toBe(422);
    expect(submitted.body.problems).toEqual([
      { field: 'windowId', message: '窗口「Z99」不是大厅「hall-county」的窗口（应为 A01 之一）' },
      { field: 'officialId', message: '工作人员「official-ghost」不存在' },
    ]);

    const fee = await admin.json('POST', '/api/console/drafts', { type: 'fee', data: feeRecord('fee-ghost-dept', 'dept-ghost') });
    const refused = await admin.json('POST', `/api/console/drafts/${fee.body.draft.id}/submit`, { revision: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([{ field: 'departmentId', message: '部门「dept-ghost」不存在' }]);
  });

  it('lists the references of a guide, fee items included', () => {
    const refs = referencesOf('guide', {
      departmentId: 'dept-mz',
      scope: 'hall:hall-x',
      place: { hallId: 'hall-county' },
      fees: { kind: 'items', feeItemIds: ['fee-mz-1', 'fee-gone'] },
    });
    const known = { has: (t: string, id: string) => id !== 'fee-gone' && id !== 'hall-x', windowsOf: () => [] };
    expect(danglingReferences(refs, known)).toEqual([
      { field: 'scope', message: '大厅「hall-x」不存在' },
      { field: 'fees.feeItemIds[1]', message: '收费标准「fee-gone」不存在' },
    ]);
  });
});

describe('withdrawing a record others still name', () => {
  const official2 = () => ({ ...(fixtureRecords().find((r) => r.id === 'official-1') as ContentRecord), id: 'official-2', name: '王二' });
  const shiftOf = (officialId: string) => ({
    ...(fixtureRecords().find((r) => r.id === 'shift-1') as ContentRecord),
    id: `shift-of-${officialId}`,
    officialId,
  });

  it('is refused at submit, naming the records that still point to it', async () => {
    const editor = await h.login('editor-mz');
    const draft = await editor.json('POST', '/api/console/drafts', { type: 'official', id: 'official-1', op: 'delete' });
    expect(draft.status).toBe(201);
    const submitted = await editor.json('POST', `/api/console/drafts/${draft.body.draft.id}/submit`, { revision: 1 });
    expect(submitted.status).toBe(422);
    expect(submitted.body.problems).toEqual([{ field: 'id', message: expect.stringMatching(/^仍被 值班排班「shift-1」 引用，不能撤下/) }]);
    await editor.json('POST', `/api/console/drafts/${draft.body.draft.id}/discard`, { revision: 1 });
  });

  it('is refused again at approval when something came to point to it after submission', async () => {
    await h.content.publish([{ op: 'put', record: official2() as ContentRecord }], { actor: 'test', now: new Date(h.clock.ms) });
    const editor = await h.login('editor-mz');
    const draft = await editor.json('POST', '/api/console/drafts', { type: 'official', id: 'official-2', op: 'delete' });
    const submitted = await editor.json('POST', `/api/console/drafts/${draft.body.draft.id}/submit`, { revision: 1 });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    // Meanwhile a shift for this official is published.
    await h.content.publish([{ op: 'put', record: shiftOf('official-2') as ContentRecord }], { actor: 'test', now: new Date(h.clock.ms) });
    const reviewer = await h.login('reviewer-mz');
    const approved = await reviewer.json('POST', `/api/console/drafts/${draft.body.draft.id}/approve`, { revision: 2 });
    expect(approved.status).toBe(422);
    expect(approved.body.problems[0].message).toContain('值班排班「shift-of-official-2」');
    expect(await h.content.getRecord('official', 'official-2')).not.toBeNull();

    // Once the shift is gone, the withdrawal goes through.
    await h.content.publish([{ op: 'delete', type: 'dutyShift', id: 'shift-of-official-2' }], { actor: 'test', now: new Date(h.clock.ms) });
    const retried = await reviewer.json('POST', `/api/console/drafts/${draft.body.draft.id}/approve`, { revision: 2 });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(await h.content.getRecord('official', 'official-2')).toBeNull();
  });
});

describe('withdrawals published later, or at once, while others name the record', () => {
  const official = (id: string) => ({ ...(fixtureRecords().find((r) => r.id === 'official-1') as ContentRecord), id, name: `王${id}` });
  const shift = (id: string, officialId: string) => ({
    ...(fixtureRecords().find((r) => r.id === 'shift-1') as ContentRecord),
    id,
    officialId,
  });
  const put = (...records: ContentRecord[]) =>
    h.content.publish(
      records.map((record) => ({ op: 'put' as const, record })),
      { actor: 'test', now: new Date(h.clock.ms) },
    );

  it('does not publish a scheduled withdrawal that something came to name after approval: back to review, saying why', async () => {
    await put(official('official-sched') as ContentRecord);
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const draft = await editor.json('POST', '/api/console/drafts', { type: 'official', id: 'official-sched', op: 'delete' });
    const submitted = await editor.json('POST', `/api/console/drafts/${draft.body.draft.id}/submit`, { revision: 1 });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const approved = await reviewer.json('POST', `/api/console/drafts/${draft.body.draft.id}/approve`, {
      revision: 2,
      publishAt: new Date(h.clock.ms + 10 * 60_000).toISOString(),
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.draft.state).toBe('approved');

    // Between approval and the publish time, a shift for this official is published.
    await put(shift('shift-sched', 'official-sched') as ContentRecord);
    h.clock.advance(11 * 60_000);
    expect(await h.console.runScheduled()).toEqual({ published: 0, withdrawn: 0, failed: 1 });
    expect(await h.content.getRecord('official', 'official-sched')).not.toBeNull();

    const back = (await reviewer.json('GET', `/api/console/drafts/${draft.body.draft.id}`)).body.draft;
    expect(back).toMatchObject({ state: 'submitted', publishAt: null });
    expect(back.rejectReason).toMatch(/^定时发布失败：要撤下的记录仍被引用：「official-sched」仍被 值班排班「shift-sched」 引用，不能撤下/);
    const audit = await h.console.consoleStore.listAudit({ action: 'draft.publish-failed', targetId: 'official-sched' });
    expect(audit.map((e) => e.detail)).toEqual([expect.stringContaining('值班排班「shift-sched」')]);

    // Approving it again is refused for the same reason, until the shift is gone.
    const again = await reviewer.json('POST', `/api/console/drafts/${draft.body.draft.id}/approve`, { revision: back.revision });
    expect(again.status).toBe(422);
    expect(again.body.problems[0].message).toContain('值班排班「shift-sched」');
    await h.content.publish([{ op: 'delete', type: 'dutyShift', id: 'shift-sched' }], { actor: 'test', now: new Date(h.clock.ms) });
    const done = await reviewer.json('POST', `/api/console/drafts/${draft.body.draft.id}/approve`, { revision: back.revision });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.draft).toMatchObject({ state: 'published', rejectReason: null });
    expect(await h.content.getRecord('official', 'official-sched')).toBeNull();
  });

  it('withdraws at once a record others still name, and names them in the answer and the audit log', async () => {
    await put(official('official-leak') as ContentRecord, shift('shift-leak', 'official-leak') as ContentRecord);
    const reviewer = await h.login('reviewer-mz');
    const withdrawn = await reviewer.json('POST', '/api/console/records/official/official-leak/withdraw', {
      expectedVersion: 1,
      reason: '照片误传了他人证件',
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.stillReferencedBy).toEqual(['值班排班「shift-leak」']);
    expect(await h.content.getRecord('official', 'official-leak')).toBeNull();
    const [entry] = await h.console.consoleStore.listAudit({ action: 'record.withdraw-now', targetId: 'official-leak' });
    expect(entry!.detail).toBe('照片误传了他人证件（撤下时仍被 值班排班「shift-leak」 引用）');

    // Nothing names this one: an empty list, and the reason alone in the audit log.
    await put(official('official-alone') as ContentRecord);
    const alone = await reviewer.json('POST', '/api/console/records/official/official-alone/withdraw', {
      expectedVersion: 1,
      reason: '重复',
    });
    expect(alone.body.stillReferencedBy).toEqual([]);
    const [plain] = await h.console.consoleStore.listAudit({ action: 'record.withdraw-now', targetId: 'official-alone' });
    expect(plain!.detail).toBe('重复');
  });
});

describe('expiry', () => {
  it('withdraws nothing another record may name: only notices expire, and nothing names a notice', () => {
    // Were a record type to name notices, the scheduler's expiry would have to check it as a scheduled withdrawal does.
    expect(REFERRER_TYPES.notice).toEqual([]);
  });
});
