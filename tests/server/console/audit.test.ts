/**
 * The audit log over real HTTP: pages with a total, filters by person (display
 * name), action, record and time range, CSV/XLSX export that reads back, and
 * denied attempts and exports recorded as entries of their own.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/server/console/imports/csv';
import { FEE_CZ_ID, FEE_MZ_ID } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  // A display name people know each other by.
  await h.console.consoleStore.updateUser('user-editor-mz', { displayName: '李晓梅' });
});
afterEach(async () => {
  await h.close();
});

describe('audit paging and filters', () => {
  it('pages newest first with a total and no row twice', async () => {
    for (let i = 0; i < 7; i++) {
      h.clock.advance(60_000);
      await fetch(`${h.url}/api/console/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: h.url },
        body: JSON.stringify({ username: `fee-page-${i}`, password: 'not a real account' }),
      });
    }
    const reviewer = await h.login('reviewer-mz');
    const first = await reviewer.json('GET', '/api/console/audit?action=login.failed&limit=3');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(7);
    expect(first.body.entries.map((e: any) => e.targetId)).toEqual(['fee-page-6', 'fee-page-5', 'fee-page-4']);
    expect(first.body.hasOlder).toBe(true);
    expect(first.body.hasNewer).toBe(false);
    const second = await reviewer.json('GET', `/api/console/audit?action=login.failed&limit=3&beforeId=${first.body.entries[2].id}`);
    expect(second.body.entries.map((e: any) => e.targetId)).toEqual(['fee-page-3', 'fee-page-2', 'fee-page-1']);
    expect(second.body.hasNewer).toBe(true);
    const last = await reviewer.json('GET', `/api/console/audit?action=login.failed&limit=3&beforeId=${second.body.entries[2].id}`);
    expect(last.body.entries.map((e: any) => e.targetId)).toEqual(['fee-page-0']);
    expect(last.body.hasOlder).toBe(false);
    const back = await reviewer.json('GET', `/api/console/audit?action=login.failed&limit=3&afterId=${last.body.entries[0].id}`);
    expect(back.body.entries.map((e: any) => e.targetId)).toEqual(['fee-page-3', 'fee-page-2', 'fee-page-1']);
    expect(back.body.hasNewer).toBe(true);
  });

  it('filters by part of a display name, by record and by a time range in hall time', async () => {
    const editor = await h.login('editor-mz');
    await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID });
    h.clock.set('2026-11-23T15:00:00+08:00');
    const other = await h.login('editor-cz');
    await other.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_CZ_ID });
    const admin = await h.login('admin');
    const byName = (await admin.json('GET', `/api/console/audit?person=${encodeURIComponent('晓梅')}`)).body.entries;
    expect(byName.length).toBeGreaterThan(0);
    expect(new Set(byName.map((e: any) => e.actorName))).toEqual(new Set(['editor-mz']));
    const byRecord = (await admin.json('GET', `/api/console/audit?targetType=fee&targetId=${FEE_CZ_ID}`)).body.entries;
    expect(byRecord.map((e: any) => e.actorName)).toEqual(['editor-cz']);
    const morning = (
      await admin.json(
        'GET',
        `/api/console/audit?action=draft.create&from=${encodeURIComponent('2026-11-23T09:00:00+08:00')}&to=${encodeURIComponent('2026-11-23T12:00:00+08:00')}`,
      )
    ).body.entries;
    expect(morning.map((e: any) => e.targetId)).toEqual([FEE_MZ_ID]);
  });

  it('refuses bad filters with a message naming the parameter', async () => {
    const admin = await h.login('admin');
    const cases: [string, RegExp][] = [
      ['from=2026-11-23T09:00', /^from: .*时区/],
      ['to=yesterday', /^to: /],
      ['limit=0', /^limit: /],
      ['limit=abc', /^limit: /],
      ['beforeId=-3', /^beforeId: /],
      [`person=${'x'.repeat(201)}`, /^person: /],
      ['from=2026-11-23T12:00:00%2B08:00&to=2026-11-23T09:00:00%2B08:00', /from 必须早于 to/],
    ];
    for (const [query, message] of cases) {
      const res = await admin.json('GET', `/api/console/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toMatch(message);
    }
    const format = await admin.json('GET', '/api/console/audit/export?format=pdf');
    expect(format.status).toBe(400);
    expect(format.body.message).toMatch(/^format: /);
  });
});

describe('denied attempts', () => {
  it('records who tried what and why it was refused', async () => {
    const editor = await h.login('editor-mz');
    expect((await editor.json('GET', '/api/console/users')).status).toBe(403);
    const admin = await h.login('admin');
    const denied = (await admin.json('GET', '/api/console/audit?action=denied')).body.entries;
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ actorName: 'editor-mz', targetType: 'api', targetId: 'GET /users' });
    expect(denied[0].detail).toContain('只有管理员');
  });
});

describe('audit export', () => {
  it('exports the filtered selection as CSV in hall time, and logs the export', async () => {
    const editor = await h.login('editor-mz');
    await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID });
    const reviewer = await h.login('reviewer-mz');
    const res = await reviewer.request('GET', `/api/console/audit/export?format=csv&person=${encodeURIComponent('李晓梅')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-2026-11-23\.csv"/);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['编号', '时间（北京时间）', '操作人', '操作', '对象类型', '对象编号', '草稿', '说明', '改动']);
    const created = rows.find((r) => r[3] === 'draft.create')!;
    expect(created[1]).toBe('2026-11-23 10:00:00+08:00');
    expect(created[2]).toBe('editor-mz');
    expect(rows.every((r, i) => i === 0 || r[2] === 'editor-mz')).toBe(true);
    const logged = (await reviewer.json('GET', '/api/console/audit?action=audit.export')).body.entries;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actorName: 'reviewer-mz', targetId: 'csv' });
    expect(logged[0].detail).toContain(`${rows.length - 1} 条`);
  });

  it('exports XLSX that a spreadsheet reads back; an editor exports only their own actions', async () => {
    const editor = await h.login('editor-mz');
    await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID });
    const other = await h.login('editor-cz');
    await other.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_CZ_ID });
    const res = await other.request('GET', '/api/console/audit/export?format=xlsx');
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const actors = new Set<string>();
    for (let r = 2; r <= sheet.rowCount; r++) actors.add(String(sheet.getRow(r).getCell(3).value));
    expect(actors).toEqual(new Set(['editor-cz']));
    expect(String(sheet.getRow(1).getCell(2).value)).toBe('时间（北京时间）');
  });
});
