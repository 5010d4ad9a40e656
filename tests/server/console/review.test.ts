/**
 * Review over real HTTP: batches counted and handled item by item, the
 * content a reviewer sent back kept for the resubmission's diff, and version
 * history with restore as a new draft that goes through review.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv, writeCsv } from '../../../src/server/console/imports/csv';
import { FEE_MZ_ID } from './support/fixtures';
import { startHarness, type Agent, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Imports new 民政 fees (`count` of them, or these ids in this row order), made from an exported row, as one batch. */
async function importNewFees(editor: Agent, count: number | string[]): Promise<string> {
  const exported = await (await editor.request('GET', '/api/console/export/fee?format=csv&departmentId=dept-mz')).text();
  const [header, row] = parseCsv(exported);
  const name = header!.indexOf('名称');
  const ids = typeof count === 'number' ? Array.from({ length: count }, (_, i) => `fee-new-${i}`) : count;
  const rows = ids.map((id, i) => row!.map((c, j) => (j === 0 ? id : j === name ? `新增收费 ${i + 1}` : c)));
  const form = new FormData();
  form.set('file', new File([writeCsv([header!, ...rows])], 'fees.csv'));
  const res = await editor.request('POST', '/api/console/import/fee', form);
  const body = (await res.json()) as { batchId: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.batchId;
}

describe('batches', () => {
  it('counts a submitted batch for the reviewer and takes items one by one or whole', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const batchId = await importNewFees(editor, 12);
    expect((await editor.json('POST', `/api/console/batches/${batchId}/submit`)).body.submitted).toBe(12);

    const summary = await reviewer.json('GET', '/api/console/batches');
    expect(summary.body.batches).toEqual([expect.objectContaining({ id: batchId, total: 12, toReview: 12, counts: { submitted: 12 } })]);
    // The author sees the batch but cannot review it.
    expect((await editor.json('GET', '/api/console/batches')).body.batches[0].toReview).toBe(0);

    const page = await reviewer.json('GET', `/api/console/batches/${batchId}?limit=5&offset=5`);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.items[0].draft.data.name).toBe('新增收费 6');
    expect(page.body.items[0].published).toBeNull();
    const bad = await reviewer.json('GET', `/api/console/batches/${batchId}?limit=0`);
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual([expect.objectContaining({ field: 'limit', message: '至少为 1' })]);

    const [first, second] = page.body.items.map((i: any) => i.draft);
    const empty = await reviewer.json('POST', `/api/console/drafts/${first.id}/reject`, { revision: first.revision, reason: '  ' });
    expect(empty.body.problems).toEqual([{ field: 'reason', message: '不能为空' }]);
    for (const d of [first, second])
      expect(
        (await reviewer.json('POST', `/api/console/drafts/${d.id}/reject`, { revision: d.revision, reason: '金额与文件不符' })).status,
      ).toBe(200);

    const noReason = await reviewer.json('POST', `/api/console/batches/${batchId}/reject`, {});
    expect(noReason.status).toBe(422);
    const approved = await reviewer.json('POST', `/api/console/batches/${batchId}/approve`, {});
    expect(approved.body.approved).toBe(10);
    expect(await h.content.getRecord('fee', first.data.id)).toBeNull();
    expect(await h.content.getRecord('fee', 'fee-new-0')).not.toBeNull();

    const after = await reviewer.json('GET', `/api/console/batches/${batchId}`);
    expect(after.body.batch.counts).toEqual({ rejected: 2, published: 10 });
    expect((await editor.json('POST', `/api/console/batches/${batchId}/discard`)).body.discarded).toBe(2);
    expect((await reviewer.json('GET', '/api/console/batches')).body.batches).toEqual([]);
  });

  it('rejects a whole batch with one reason', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const batchId = await importNewFees(editor, 3);
    await editor.json('POST', `/api/console/batches/${batchId}/submit`);
    expect((await editor.json('POST', `/api/console/batches/${batchId}/reject`, { reason: '重做' })).status).toBe(403);
    expect((await reviewer.json('POST', `/api/console/batches/${batchId}/reject`, { reason: '整批依据文件有误' })).body.rejected).toBe(3);
    const page = await editor.json('GET', `/api/console/batches/${batchId}`);
    expect(page.body.items.map((i: any) => i.draft.rejectReason)).toEqual(['整批依据文件有误', '整批依据文件有误', '整批依据文件有误']);
  });
});

describe('batch item order', () => {
  it("lists a batch's items in the import file's row order across pages, drafts without a row after them by id", async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    // Neither alphabetical nor numeric order: the file's order must come from the file.
    const fileOrder = ['fee-z', 'fee-a', 'fee-m', 'fee-10', 'fee-9'];
    const batchId = await importNewFees(editor, fileOrder);
    const idsOf = (page: { body: { items: { draft: { recordId: string } }[] } }) => page.body.items.map((i) => i.draft.recordId);

    const first = await editor.json('GET', `/api/console/batches/${batchId}?limit=3`);
    const second = await editor.json('GET', `/api/console/batches/${batchId}?limit=3&offset=3`);
    expect([...idsOf(first), ...idsOf(second)]).toEqual(fileOrder);
    expect(first.body.items.map((i: any) => i.draft.data.name)).toEqual(['新增收费 1', '新增收费 2', '新增收费 3']);

    // The order holds while items change state (a reviewer's page after submit and one rejection).
    expect((await editor.json('POST', `/api/console/batches/${batchId}/submit`)).body.submitted).toBe(5);
    const m = first.body.items[2].draft;
    const rejected = await reviewer.json('POST', `/api/console/drafts/${m.id}/reject`, { revision: m.revision + 1, reason: '编号有误' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const submitted = await reviewer.json('GET', `/api/console/batches/${batchId}?state=submitted&limit=2&offset=2`);
    expect(idsOf(submitted)).toEqual(['fee-10', 'fee-9']);
    expect(submitted.body.matching).toBe(4);

    // Drafts in the batch with no row (written before rows were kept) come after the file's rows, by record id.
    const [template] = await h.console.consoleStore.listDrafts({ batchId, state: 'submitted', limit: 1 });
    await h.console.consoleStore.insertDrafts(
      ['fee-old-b', 'fee-old-2'].map((recordId) => ({ ...template!, id: `draft-${recordId}`, recordId, batchRow: null })),
    );
    const all = await reviewer.json('GET', `/api/console/batches/${batchId}`);
    expect(idsOf(all)).toEqual([...fileOrder, 'fee-old-2', 'fee-old-b']);
  });
});

async function editFee(editor: Agent, reviewer: Agent, fen: number) {
  const created = await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID });
  const d = created.body.draft;
  const saved = await editor.json('PUT', `/api/console/drafts/${d.id}`, {
    revision: d.revision,
    data: { ...d.data, amount: { kind: 'fixed', fen } },
  });
  const submitted = await editor.json('POST', `/api/console/drafts/${d.id}/submit`, { revision: saved.body.draft.revision });
  const approved = await reviewer.json('POST', `/api/console/drafts/${d.id}/approve`, { revision: submitted.body.draft.revision });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
}

describe('review history', () => {
  it('keeps what was rejected, so the resubmission shows what changed since', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const d = (await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID })).body.draft;
    let r = await editor.json('PUT', `/api/console/drafts/${d.id}`, {
      revision: d.revision,
      data: { ...d.data, amount: { kind: 'fixed', fen: 1200 } },
    });
    r = await editor.json('POST', `/api/console/drafts/${d.id}/submit`, { revision: r.body.draft.revision });
    r = await reviewer.json('POST', `/api/console/drafts/${d.id}/reject`, { revision: r.body.draft.revision, reason: '应为 15 元' });
    await editor.json('PUT', `/api/console/drafts/${d.id}`, {
      revision: r.body.draft.revision,
      data: { ...d.data, amount: { kind: 'fixed', fen: 1500 } },
    });
    const view = await reviewer.json('GET', `/api/console/drafts/${d.id}`);
    expect(view.body.lastRejection).toMatchObject({
      by: 'reviewer-mz',
      reason: '应为 15 元',
      data: { amount: { kind: 'fixed', fen: 1200 } },
    });
    expect(view.body.draft.data.amount.fen).toBe(1500);
  });

  it('lists each version with author and reviewer, and restores an old one as a new draft for review', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    await editFee(editor, reviewer, 2000);
    await editFee(editor, reviewer, 3000);
    const history = await editor.json('GET', `/api/console/records/fee/${FEE_MZ_ID}/history`);
    expect(history.body.currentVersion).toBe(3);
    expect(history.body.versions.map((v: any) => [v.version, v.author, v.reviewer, v.outsideConsole, v.data.amount.fen])).toEqual([
      [3, 'editor-mz', 'reviewer-mz', false, 3000],
      [2, 'editor-mz', 'reviewer-mz', false, 2000],
    ]);
    // Version 1 came from the seed, before the console kept versions: the history says so.
    expect(history.body.missingBefore).toBe(2);

    const restored = await editor.json('POST', `/api/console/records/fee/${FEE_MZ_ID}/restore`, { version: 2 });
    expect(restored.status, JSON.stringify(restored.body)).toBe(201);
    const draft = (await editor.json('GET', `/api/console/drafts/${restored.body.draft.id}`)).body.draft;
    expect(draft).toMatchObject({ state: 'draft', baseVersion: 3, data: { amount: { kind: 'fixed', fen: 2000 } } });
    expect((await h.content.getRecord<any>('fee', FEE_MZ_ID)).amount.fen).toBe(3000);
    const missing = await editor.json('POST', `/api/console/records/fee/${FEE_MZ_ID}/restore`, { version: 1 });
    expect(missing.status).toBe(404);
    const bad = await editor.json('POST', `/api/console/records/fee/${FEE_MZ_ID}/restore`, { version: 'x' });
    expect(bad.body.problems).toEqual([expect.objectContaining({ field: 'version' })]);
  });
});
