import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { FEE_CZ_ID, FEE_MZ_ID } from './support/fixtures';
import { startHarness, type Agent, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function draftOfFee(agent: Agent, id = FEE_MZ_ID) {
  const created = await agent.json('POST', '/api/console/drafts', { type: 'fee', id });
  expect(created.status).toBe(201);
  return created.body.draft as { id: string; revision: number; data: any };
}

async function editAndSubmit(agent: Agent, fen: number) {
  const draft = await draftOfFee(agent);
  const saved = await agent.json('PUT', `/api/console/drafts/${draft.id}`, {
    revision: draft.revision,
    data: { ...draft.data, amount: { kind: 'fixed', fen } },
  });
  expect(saved.status).toBe(200);
  const submitted = await agent.json('POST', `/api/console/drafts/${draft.id}/submit`, { revision: saved.body.draft.revision });
  expect(submitted.status).toBe(200);
  return submitted.body.draft as { id: string; revision: number };
}

describe('draft → submitted → approved and published', () => {
  it('publishes the edited fee to the feed in one publish when a different reviewer approves', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const before = await h.content.position();
    const draft = await editAndSubmit(editor, 1234);
    expect((await h.content.getRecord('fee', FEE_MZ_ID))!.version).toBe(1);

    const approved = await reviewer.json('POST', `/api/console/drafts/${draft.id}/approve`, { revision: draft.revision });
    expect(approved.status).toBe(200);
    expect(approved.body.draft.state).toBe('published');
    const fee = await h.content.getRecord<any>('fee', FEE_MZ_ID);
    expect(fee.amount).toEqual({ kind: 'fixed', fen: 1234 });
    expect(fee.version).toBe(2);
    const after = await h.content.position();
    expect(after.seq).toBe(before.seq + 1);
    const changes = await h.content.changesSince(before.seq, 10, 'hall-county');
    expect(changes.changes.map((c) => [c.op, c.id])).toEqual([['put', FEE_MZ_ID]]);

    const audit = await reviewer.json('GET', `/api/console/audit?targetId=${FEE_MZ_ID}&action=record.publish`);
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0].actorName).toBe('reviewer-mz');
    expect(audit.body.entries[0].at).toMatch(/Z$/);
    expect(audit.body.entries[0].changes).toContainEqual({ field: 'amount.fen', before: 1000, after: 1234 });
  });

  it('refuses approval by the author, even an admin author', async () => {
    const admin = await h.login('admin');
    const draft = await editAndSubmit(admin, 999);
    const self = await admin.json('POST', `/api/console/drafts/${draft.id}/approve`, { revision: draft.revision });
    expect(self.status).toBe(403);
    expect(self.body.error).toBe('same-person');
    expect((await h.content.getRecord<any>('fee', FEE_MZ_ID)).amount.fen).toBe(1000);
  });

  it('refuses approval by an editor', async () => {
    const editor = await h.login('editor-mz');
    const other = await h.login('editor-mz2');
    const draft = await editAndSubmit(editor, 999);
    expect((await other.json('POST', `/api/console/drafts/${draft.id}/approve`, { revision: draft.revision })).status).toBe(403);
  });

  it('rejects with a reason, which the author sees, and the author can edit and resubmit', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const draft = await editAndSubmit(editor, 999);
    const noReason = await reviewer.json('POST', `/api/console/drafts/${draft.id}/reject`, { revision: draft.revision, reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.problems[0]).toEqual({ field: 'reason', message: '不能为空' });
    const rejected = await reviewer.json('POST', `/api/console/drafts/${draft.id}/reject`, {
      revision: draft.revision,
      reason: '依据文号有误',
    });
    expect(rejected.body.draft.state).toBe('rejected');
    const seen = await editor.json('GET', `/api/console/drafts/${draft.id}`);
    expect(seen.body.draft.rejectReason).toBe('依据文号有误');
    const resaved = await editor.json('PUT', `/api/console/drafts/${draft.id}`, {
      revision: seen.body.draft.revision,
      data: seen.body.draft.data,
    });
    expect(resaved.body.draft.state).toBe('draft');
    expect((await editor.json('POST', `/api/console/drafts/${draft.id}/submit`, { revision: resaved.body.draft.revision })).status).toBe(
      200,
    );
  });

  it('keeps invalid drafts (nothing typed is lost) but refuses to submit them, naming each field in Chinese', async () => {
    const editor = await h.login('editor-mz');
    const draft = await draftOfFee(editor);
    const data = {
      ...draft.data,
      name: '',
      amount: { kind: 'range', minFen: 900, maxFen: 100 },
      basis: [],
      effectiveTo: '2020-01-01T00:00:00+08:00',
    };
    const saved = await editor.json('PUT', `/api/console/drafts/${draft.id}`, { revision: draft.revision, data });
    expect(saved.status).toBe(200);
    const fields = saved.body.draft.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'basis']));
    const submit = await editor.json('POST', `/api/console/drafts/${draft.id}/submit`, { revision: saved.body.draft.revision });
    expect(submit.status).toBe(422);
    expect(submit.body.problems).toContainEqual({ field: 'name', message: '不能为空' });
    expect(submit.body.problems).toContainEqual({ field: 'basis', message: '收费必须列出依据文件名称和文号' });
    expect(submit.body.problems.some((p: { message: string }) => p.message === '最低金额不能高于最高金额')).toBe(true);
  });

  it('creates a brand-new record through review', async () => {
    const editor = await h.login('editor-cz');
    const reviewer = await h.login('reviewer-cz');
    const { data: _unused, ...rest } = { data: null };
    void rest;
    const created = await editor.json('POST', '/api/console/drafts', {
      type: 'fee',
      data: {
        id: 'fee-cz-new',
        scope: 'global',
        name: '新收费',
        code: '',
        departmentId: 'dept-cz',
        amount: { kind: 'per-unit', fenPerUnit: 300 },
        unit: '元/平方米',
        basis: [{ title: '某文件', number: '财〔2026〕2号' }],
        effectiveFrom: '2027-01-01T00:00:00+08:00',
        effectiveTo: null,
        reductions: [],
        notes: '',
      },
    });
    expect(created.status).toBe(201);
    const submitted = await editor.json('POST', `/api/console/drafts/${created.body.draft.id}/submit`, { revision: 1 });
    const approved = await reviewer.json('POST', `/api/console/drafts/${created.body.draft.id}/approve`, {
      revision: submitted.body.draft.revision,
    });
    expect(approved.status).toBe(200);
    expect((await h.content.getRecord<any>('fee', 'fee-cz-new')).version).toBe(1);
  });
});

describe('optimistic concurrency', () => {
  it('answers 409 with both versions when a draft was saved by someone else in between', async () => {
    const a = await h.login('editor-mz');
    const b = await h.login('editor-mz2');
    const draft = await draftOfFee(a);
    const first = await b.json('PUT', `/api/console/drafts/${draft.id}`, {
      revision: draft.revision,
      data: { ...draft.data, notes: 'B 的修改' },
    });
    expect(first.status).toBe(200);
    const second = await a.json('PUT', `/api/console/drafts/${draft.id}`, {
      revision: draft.revision,
      data: { ...draft.data, notes: 'A 的修改' },
    });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('draft-conflict');
    expect(second.body.yours.notes).toBe('A 的修改');
    expect(second.body.theirs.data.notes).toBe('B 的修改');
    expect((await a.json('GET', `/api/console/drafts/${draft.id}`)).body.draft.data.notes).toBe('B 的修改');
  });

  it('refuses a second open draft of the same record and names the existing one', async () => {
    const a = await h.login('editor-mz');
    const b = await h.login('editor-mz2');
    const draft = await draftOfFee(a);
    const again = await b.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID });
    expect(again.status).toBe(409);
    expect(again.body.draftId).toBe(draft.id);
  });

  it('answers 409 with both versions when the record was published after the draft began, and publishes nothing', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const draft = await editAndSubmit(editor, 777);
    // Someone else publishes a change to the same fee in the meantime.
    const current = await h.content.getRecord<any>('fee', FEE_MZ_ID);
    await h.content.publish([{ op: 'put', record: { ...current, notes: '别处的修改' }, expectedVersion: 1 }]);
    const position = await h.content.position();
    const approve = await reviewer.json('POST', `/api/console/drafts/${draft.id}/approve`, { revision: draft.revision });
    expect(approve.status).toBe(409);
    expect(approve.body.error).toBe('version-conflict');
    expect(approve.body.yours.amount.fen).toBe(777);
    expect(approve.body.theirs.notes).toBe('别处的修改');
    expect((await h.content.position()).seq).toBe(position.seq);
    const after = await editor.json('GET', `/api/console/drafts/${draft.id}`);
    expect(after.body.draft.state).toBe('submitted');
    // The author merges (keeps their amount, takes the other note) and goes through review again.
    const rebased = await editor.json('POST', `/api/console/drafts/${draft.id}/rebase`, {
      revision: after.body.draft.revision,
      data: { ...after.body.draft.data, notes: '别处的修改' },
    });
    expect(rebased.status).toBe(200);
    expect(rebased.body.draft.baseVersion).toBe(2);
    const resubmitted = await editor.json('POST', `/api/console/drafts/${draft.id}/submit`, { revision: rebased.body.draft.revision });
    expect(
      (await reviewer.json('POST', `/api/console/drafts/${draft.id}/approve`, { revision: resubmitted.body.draft.revision })).status,
    ).toBe(200);
    const fee = await h.content.getRecord<any>('fee', FEE_MZ_ID);
    expect([fee.amount.fen, fee.notes, fee.version]).toEqual([777, '别处的修改', 3]);
  });
});

describe('withdrawal', () => {
  it('publishes a tombstone when a reviewer withdraws a record', async () => {
    const reviewer = await h.login('reviewer-cz');
    const before = await h.content.position();
    const missing = await reviewer.json('POST', `/api/console/records/fee/${FEE_CZ_ID}/withdraw`, { expectedVersion: 1 });
    expect(missing.status).toBe(422);
    const res = await reviewer.json('POST', `/api/console/records/fee/${FEE_CZ_ID}/withdraw`, { expectedVersion: 1, reason: '收费已取消' });
    expect(res.status).toBe(200);
    expect(await h.content.getRecord('fee', FEE_CZ_ID)).toBeNull();
    const changes = await h.content.changesSince(before.seq, 10, null);
    expect(changes.changes).toEqual([expect.objectContaining({ op: 'delete', type: 'fee', id: FEE_CZ_ID })]);
  });

  it('lets an editor request a withdrawal that goes through review', async () => {
    const editor = await h.login('editor-cz');
    const reviewer = await h.login('reviewer-cz');
    const draft = (await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_CZ_ID, op: 'delete' })).body.draft;
    const submitted = await editor.json('POST', `/api/console/drafts/${draft.id}/submit`, { revision: draft.revision });
    expect(await h.content.getRecord('fee', FEE_CZ_ID)).not.toBeNull();
    await reviewer.json('POST', `/api/console/drafts/${draft.id}/approve`, { revision: submitted.body.draft.revision });
    expect(await h.content.getRecord('fee', FEE_CZ_ID)).toBeNull();
  });
});

describe('scheduled publishing and expiry (controlled clock)', () => {
  it('publishes a new fee standard at 1 January, not before', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const draft = await editAndSubmit(editor, 1500);
    const approved = await reviewer.json('POST', `/api/console/drafts/${draft.id}/approve`, {
      revision: draft.revision,
      publishAt: '2027-01-01T00:00:00+08:00',
    });
    expect(approved.body).toMatchObject({ draft: { state: 'approved' } });
    expect(approved.body.published).toBeNull();

    h.clock.set('2026-12-31T23:59:00+08:00');
    expect(await h.console.runScheduled()).toEqual({ published: 0, withdrawn: 0, failed: 0 });
    expect((await h.content.getRecord<any>('fee', FEE_MZ_ID)).amount.fen).toBe(1000);

    h.clock.set('2027-01-01T00:00:30+08:00');
    expect((await h.console.runScheduled()).published).toBe(1);
    expect((await h.content.getRecord<any>('fee', FEE_MZ_ID)).amount.fen).toBe(1500);
    // The clock moved past the session lifetime: sign in again to look.
    const later = await h.login('reviewer-mz');
    expect((await later.json('GET', `/api/console/drafts/${draft.id}`)).body.draft.state).toBe('published');
    expect((await h.console.runScheduled()).published).toBe(0);
  });

  it('withdraws a notice when it expires', async () => {
    const admin = await h.login('admin');
    const reviewer = await h.login('reviewer-mz');
    const created = await admin.json('POST', '/api/console/drafts', {
      type: 'notice',
      data: {
        id: 'notice-closing',
        scope: 'global',
        title: '元旦放假通知',
        format: 'plain',
        body: '1 月 1 日闭厅。',
        priority: 'important',
        departmentId: 'dept-mz',
        publishAt: '2026-11-23T00:00:00+08:00',
        expiresAt: '2026-11-25T00:00:00+08:00',
      },
    });
    const submitted = await admin.json('POST', `/api/console/drafts/${created.body.draft.id}/submit`, { revision: 1 });
    expect(
      (await reviewer.json('POST', `/api/console/drafts/${created.body.draft.id}/approve`, { revision: submitted.body.draft.revision }))
        .status,
    ).toBe(200);
    expect(await h.content.getRecord('notice', 'notice-closing')).not.toBeNull();
    h.clock.set('2026-11-24T23:00:00+08:00');
    expect((await h.console.runScheduled()).withdrawn).toBe(0);
    h.clock.set('2026-11-25T00:00:01+08:00');
    expect((await h.console.runScheduled()).withdrawn).toBe(1);
    expect(await h.content.getRecord('notice', 'notice-closing')).toBeNull();
    const audit = await (await h.login('admin')).json('GET', '/api/console/audit?action=record.expire');
    expect(audit.body.entries).toHaveLength(1);
  });
});

describe('audit log', () => {
  it('is append-only at the database level', async () => {
    const editor = await h.login('editor-mz');
    await draftOfFee(editor);
    const entries = await h.console.consoleStore.listAudit({});
    expect(entries.length).toBeGreaterThan(0);
    // Open console.db directly: UPDATE and DELETE are refused by triggers.
    const db = new Database(`${h.dataDir}/content.db`);
    try {
      expect(() => db.prepare('UPDATE audit SET actor_name = ?').run('someone else')).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('filters by actor and action; editors see only their own actions', async () => {
    const editor = await h.login('editor-mz');
    const other = await h.login('editor-cz');
    await draftOfFee(editor);
    await draftOfFee(other, FEE_CZ_ID);
    const admin = await h.login('admin');
    const byActor = await admin.json('GET', '/api/console/audit?actor=editor-cz&action=draft.create');
    expect(byActor.body.entries.map((e: { targetId: string }) => e.targetId)).toEqual([FEE_CZ_ID]);
    const own = await editor.json('GET', '/api/console/audit?action=draft.create');
    expect(own.body.entries.map((e: { targetId: string }) => e.targetId)).toEqual([FEE_MZ_ID]);
    expect((await admin.json('GET', '/api/console/audit?from=yesterday')).status).toBe(400);
  });
});
