import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headersOf, recordToRow } from '../../../src/server/console/imports/columns';
import { parseCsv, writeCsv } from '../../../src/server/console/imports/csv';
import { readXlsx, writeXlsx } from '../../../src/server/console/imports/xlsx';
import ExcelJS from 'exceljs';
import { encodeGbk } from './support/gbk';
import { startHarness, type Agent, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function upload(agent: Agent, type: string, name: string, bytes: Uint8Array | string) {
  const form = new FormData();
  form.set('file', new File([bytes as BlobPart], name));
  return agent.request('POST', `/api/console/import/${type}`, form);
}

async function exported(agent: Agent, type: string, format: 'csv' | 'xlsx') {
  const res = await agent.request('GET', `/api/console/export/${type}?format=${format}`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe('export imports back unchanged', () => {
  it.each([
    ['fee', 'csv'],
    ['fee', 'xlsx'],
    ['official', 'csv'],
    ['official', 'xlsx'],
    ['dutyShift', 'csv'],
    ['dutyShift', 'xlsx'],
  ] as const)('%s as %s', async (type, format) => {
    const admin = await h.login('admin');
    const bytes = await exported(admin, type, format);
    const rows = format === 'csv' ? parseCsv(new TextDecoder().decode(bytes)) : await readXlsx(bytes);
    const records = (await h.content.listRecords(type)).sort((a, b) => a.id.localeCompare(b.id));
    expect(rows).toEqual([headersOf(type), ...records.map((r) => recordToRow(type, r as never))]);
    const res = await upload(admin, type, `${type}.${format}`, bytes);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ batchId: null, created: 0, changed: 0, unchanged: records.length });
  });

  it('keeps money exact and neutralises spreadsheet formulas', async () => {
    const rows = [['a', '=HYPERLINK("x")', '+86 10', '12.30']];
    expect(parseCsv(writeCsv(rows))).toEqual(rows);
    expect(writeCsv(rows)).toContain(`'=HYPERLINK`);
    expect(await readXlsx(await writeXlsx('t', rows))).toEqual(rows);
  });
});

describe('import', () => {
  it('refuses the whole file with row-by-row errors and writes nothing', async () => {
    const editor = await h.login('editor-mz');
    const csv = new TextDecoder().decode(await exported(editor, 'fee', 'csv'));
    const rows = parseCsv(csv);
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    // Rows are exported by id: fee-cz-1, fee-mz-1, fee-mz-2.
    const good = [...rows[2]!];
    good[col('名称')] = '改过的名称';
    const badMoney = [...rows[3]!];
    badMoney[col('金额类型')] = 'fixed';
    badMoney[col('金额（元）')] = '12.345';
    const otherDept = [...rows[1]!];
    otherDept[col('名称')] = '别的部门';
    const noBasis = [...rows[2]!];
    noBasis[col('编号')] = 'fee-mz-new';
    noBasis[col('收费依据（文件名称｜文号，每行一项）')] = '';
    const before = await h.content.position();
    const res = await upload(editor, 'fee', 'fees.csv', writeCsv([header, good, badMoney, otherDept, noBasis]));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.rows).toEqual([
      { row: 3, column: '金额（元）', message: '「12.345」不是有效金额：最多两位小数（金额精确到分）' },
      { row: 4, column: '部门编号', message: '您没有编辑此部门或大厅记录的权限' },
      { row: 5, column: '收费依据（文件名称｜文号，每行一项）', message: '不能为空' },
    ]);
    expect((await h.content.position()).seq).toBe(before.seq);
    expect(await h.console.consoleStore.listDrafts({ state: ['draft', 'submitted'] })).toEqual([]);
  });

  it('refuses unknown or missing columns', async () => {
    const editor = await h.login('editor-mz');
    const res = await upload(editor, 'fee', 'x.csv', '编号,名字\nfee-1,x\n');
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.rows).toContainEqual({ row: 1, column: '名称', message: '缺少此列' });
    expect(body.rows).toContainEqual({ row: 1, column: '名字', message: '未知的列（第 2 列）' });
  });

  it('reads a CSV saved in GBK (Excel on Chinese Windows) as well as UTF-8', async () => {
    const editor = await h.login('editor-mz');
    const rows = parseCsv(new TextDecoder().decode(await exported(editor, 'fee', 'csv'))).filter((r, i) => i === 0 || r[4] === 'dept-mz');
    const name = rows[0]!.indexOf('名称');
    rows[1]![name] = '改名后的收费（GBK 文件）';
    const gbk = encodeGbk(writeCsv(rows).replace(/^\uFEFF/, ''));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const res = await upload(editor, 'fee', 'fees-gbk.csv', gbk);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ created: 0, changed: 1 });
    const draft = await h.console.consoleStore.getDraft(body.draftIds[0]);
    expect(draft!.data.name).toBe('改名后的收费（GBK 文件）');
  });

  it("reads Excel dates as the hall's local time and refuses unknown departments on their row", async () => {
    const editor = await h.login('admin');
    const rows = parseCsv(new TextDecoder().decode(await exported(editor, 'fee', 'csv')));
    const header = rows[0]!;
    const col = (n: string) => header.indexOf(n);
    const typed = [...rows[1]!];
    typed[col('编号')] = 'fee-typed-date';
    typed[col('生效时间')] = '2027/1/1';
    const unknown = [...rows[1]!];
    unknown[col('编号')] = 'fee-unknown-dept';
    unknown[col('部门编号')] = 'dept-nowhere';
    const refused = await upload(editor, 'fee', 'fees.csv', writeCsv([header, typed, unknown]));
    expect(refused.status).toBe(422);
    expect((await refused.json()).rows).toEqual([{ row: 3, column: '部门编号', message: '部门「dept-nowhere」不存在' }]);

    // An XLSX whose 生效时间 is a real date cell, as Excel writes 2027/1/1.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('收费标准');
    sheet.addRow(header);
    const dated = sheet.addRow(typed);
    dated.getCell(col('生效时间') + 1).value = new Date(Date.UTC(2027, 0, 1));
    const res = await upload(editor, 'fee', 'fees.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    const draft = await h.console.consoleStore.getDraft(body.draftIds[0]);
    expect(draft!.data.effectiveFrom).toBe('2027-01-01T00:00:00+08:00');
    // Typed as text in a CSV, the same day means the same instant.
    expect(Date.parse(String(draft!.data.effectiveFrom))).toBe(Date.parse('2026-12-31T16:00:00Z'));
  });

  it('turns a valid file into one batch of drafts, reviewed and published in one publish', async () => {
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const rows = parseCsv(new TextDecoder().decode(await exported(editor, 'fee', 'csv'))).filter((r, i) => i === 0 || r[4] === 'dept-mz');
    const header = rows[0]!;
    const amount = header.indexOf('金额（元）');
    const changed = rows.map((r, i) => (i === 1 ? r.map((c, j) => (j === amount ? '99.90' : c)) : r));
    const added = [...rows[1]!];
    added[0] = 'fee-mz-added';
    added[header.indexOf('名称')] = '新增收费';
    const xlsx = await writeXlsx('收费标准', [...changed, added]);
    const res = await upload(editor, 'fee', 'fees.xlsx', xlsx);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ created: 1, changed: 1, unchanged: rows.length - 2 });
    expect((await editor.json('POST', `/api/console/batches/${body.batchId}/submit`)).body.submitted).toBe(2);
    const before = await h.content.position();
    const approved = await reviewer.json('POST', `/api/console/batches/${body.batchId}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.published).toEqual({ fromSeq: before.seq + 1, toSeq: before.seq + 2 });
    expect((await h.content.getRecord<any>('fee', rows[1]![0]!)).amount.fen).toBe(9990);
    expect((await h.content.getRecord<any>('fee', 'fee-mz-added')).name).toBe('新增收费');
  });
});
