import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentRecord } from '../../../src/shared/content';
import { feeRecord } from './support/fixtures';
import { startHarness, type Agent, type Harness } from './support/harness';

let h: Harness;
let admin: Agent;
let editorMz: Agent;

/** 120 民政 fees besides the fixtures: one with a known code, some expired, some not yet in force. */
function manyFees(): ContentRecord[] {
  return Array.from({ length: 120 }, (_, i) =>
    feeRecord(`fee-many-${String(i).padStart(3, '0')}`, 'dept-mz', 100 * (i + 1), {
      name: i === 7 ? '最低生活保障证明工本费' : `证照工本费 ${i}`,
      code: i === 7 ? 'SF-330100-0007' : `SF-${i}`,
      ...(i >= 100 && i < 110 ? { effectiveTo: '2026-06-01T00:00:00+08:00' } : {}),
      ...(i >= 110 ? { effectiveFrom: '2027-01-01T00:00:00+08:00', scope: 'hall:hall-county' } : {}),
    }),
  ) as ContentRecord[];
}

beforeAll(async () => {
  h = await startHarness();
  await h.content.publish(
    manyFees().map((record) => ({ op: 'put' as const, record })),
    { actor: 'test', now: new Date(h.clock.ms) },
  );
  admin = await h.login('admin');
  editorMz = await h.login('editor-mz');
});
afterAll(async () => {
  await h.close();
});

const list = (agent: Agent, query: string) => agent.json('GET', `/api/console/records/fee?${query}`);

describe('record lists on the server', () => {
  it('pages with a total, 50 rows by default', async () => {
    const first = await list(admin, '');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(123);
    expect(first.body.records).toHaveLength(50);
    const third = await list(admin, 'page=3&pageSize=50');
    expect(third.body.records).toHaveLength(23);
    const ids = new Set(
      [...first.body.records, ...(await list(admin, 'page=2')).body.records, ...third.body.records].map((r: any) => r.record.id),
    );
    expect(ids.size).toBe(123);
  });

  it('refuses a bad query with the parameter named', async () => {
    const res = await list(admin, 'pageSize=5000&sort=colour');
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { field: 'pageSize', message: 'pageSize 不能大于 500' },
        { field: 'sort', message: expect.stringContaining('sort 必须是') },
      ]),
    );
    expect((await admin.json('GET', '/api/console/records/colour')).status).toBe(404);
  });

  it('finds a fee by its 收费编码, its name in pinyin and its initials', async () => {
    for (const q of ['SF-330100-0007', 'sf-330100', '最低生活', 'zuidishenghuo', 'zdshbz']) {
      const res = await list(admin, `q=${encodeURIComponent(q)}`);
      expect(
        res.body.records.map((r: any) => r.record.id),
        q,
      ).toEqual(['fee-many-007']);
    }
  });

  it('sorts by amount either way', async () => {
    const asc = await list(admin, 'sort=amount&dir=asc&pageSize=3');
    expect(asc.body.records.map((r: any) => r.record.amount.fen ?? r.record.amount.minFen)).toEqual([100, 200, 300]);
    const desc = await list(admin, 'sort=amount&dir=desc&pageSize=1');
    expect(desc.body.records[0].record.id).toBe('fee-many-119');
  });

  it('filters by department, scope, expired and upcoming, and by the dates it is in force', async () => {
    expect((await list(admin, 'departmentId=dept-cz')).body.total).toBe(1);
    expect((await list(admin, 'expired=1')).body.total).toBe(10);
    expect((await list(admin, 'upcoming=1')).body.total).toBe(10);
    expect((await list(admin, 'scope=hall')).body.total).toBe(10);
    // In force at some time in May 2026: everything but the ten that start in 2027.
    expect((await list(admin, 'effectiveFrom=2026-05-01&effectiveTo=2026-05-31')).body.total).toBe(113);
    // Nothing before 2026 began.
    expect((await list(admin, 'effectiveTo=2025-12-31')).body.total).toBe(0);
  });

  it('filters by state and lists a new record that so far is only a draft', async () => {
    const edit = await editorMz.json('POST', '/api/console/drafts', { type: 'fee', id: 'fee-many-001' });
    expect(edit.status).toBe(201);
    const created = await editorMz.json('POST', '/api/console/drafts', {
      type: 'fee',
      data: { ...feeRecord('fee-brand-new', 'dept-mz'), name: '新设收费' },
    });
    expect(created.status).toBe(201);
    const drafts = await list(editorMz, 'state=draft');
    expect(drafts.body.records.map((r: any) => [r.record.id, r.published, r.state]).sort()).toEqual([
      ['fee-brand-new', false, 'draft'],
      ['fee-many-001', true, 'draft'],
    ]);
    // A draft is not public: an editor of another department does not see the new one.
    const cz = await h.login('editor-cz');
    expect((await list(cz, 'state=draft')).body.records.map((r: any) => r.record.id)).toEqual(['fee-many-001']);

    const bulk = await editorMz.json('POST', '/api/console/records/fee/bulk', {
      action: 'submit',
      ids: ['fee-many-001', 'fee-brand-new', 'fee-many-002'],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.done).toBe(2);
    expect(bulk.body.results[2]).toMatchObject({ id: 'fee-many-002', ok: false, message: '没有可提交的草稿' });
    expect((await list(editorMz, 'state=review')).body.total).toBe(2);
  });

  it('asks for withdrawal in bulk only where the user may edit', async () => {
    const res = await editorMz.json('POST', '/api/console/records/fee/bulk', { action: 'withdraw', ids: ['fee-many-050', 'fee-cz-1'] });
    expect(res.body.results.map((r: any) => [r.id, r.ok])).toEqual([
      ['fee-many-050', true],
      ['fee-cz-1', false],
    ]);
    expect(res.body.results[1].message).toContain('权限');
    const bad = await editorMz.json('POST', '/api/console/records/fee/bulk', { action: 'publish', ids: [] });
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p: any) => p.field).sort()).toEqual(['action', 'ids']);
  });

  it('exports the selection in the import template', async () => {
    const res = await admin.request('POST', '/api/console/records/fee/export', { format: 'csv', ids: ['fee-many-007', 'fee-cz-1'] });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(text).toContain('SF-330100-0007');
    expect(text).toContain('收费编码');
  });
});
