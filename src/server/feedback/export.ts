/** CSV/XLSX export of cases and report tables. Phones are always masked here, whoever exports. */
import { LEVEL_LABELS, maskPhone, REASON_LABELS, type BadReason } from '../../shared/feedback';
import { writeCsv } from '../console/imports/csv';
import { writeXlsx } from '../console/imports/xlsx';
import { maskPhonesIn } from './cases';
import { qrAndPrintsByKioskDay, qrAndPrintsByTarget, type Reports } from './reports';
import { CASE_STATE_LABELS, type FeedbackCase } from './types';
import type { User } from '../console/types';

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);

export function caseRows(cases: FeedbackCase[], now: string): string[][] {
  return [
    [
      '案件编号',
      '来源',
      '部门',
      '摘要',
      '原因',
      '意见',
      '回访电话',
      '受理时间',
      '办结期限',
      '状态',
      '是否逾期',
      '整改情况',
      '答复',
      '办结时间',
    ],
    ...cases.map((c) => [
      c.id,
      c.sourceKind === 'rating' ? '好差评' : '留言',
      c.departmentId ?? '（大厅）',
      c.summary,
      c.reasons.map((r: BadReason) => REASON_LABELS[r]).join('、'),
      // Exports leave the handlers' hands: numbers written into any text are masked too.
      maskPhonesIn(c.text),
      maskPhone(c.phone) ?? '',
      c.openedAt,
      c.dueDate,
      CASE_STATE_LABELS[c.state],
      c.state !== 'closed' && c.dueAt < now ? '逾期' : c.closedAt && c.closedAt > c.dueAt ? '逾期办结' : '',
      maskPhonesIn(c.rectification),
      maskPhonesIn(c.reply),
      c.closedAt ?? '',
    ]),
  ];
}

export async function reportRows(reports: Reports, user: User, report: string, q: { from: string; to: string }): Promise<string[][]> {
  const r = await reports.all(user, q);
  const satisfaction = (rows: typeof r.byDepartment, head: string) => [
    [head, '评价数', LEVEL_LABELS[5], LEVEL_LABELS[4], LEVEL_LABELS[3], LEVEL_LABELS[2], LEVEL_LABELS[1], '满意率'],
    ...rows.map((x) => [x.label, String(x.total), ...[5, 4, 3, 2, 1].map((l) => String(x.levels[l as 1])), pct(x.satisfiedRate)]),
  ];
  switch (report) {
    case 'department':
      return satisfaction(r.byDepartment, '部门');
    case 'service':
      return satisfaction(r.byService, '事项');
    case 'window':
      return satisfaction(r.byWindow, '窗口/人员');
    case 'month':
      return satisfaction(r.byMonth, '月份');
    case 'visits':
      return [
        ['终端', '日期', '访问次数'],
        ...(await reports.byKioskAndDay(user, q, 'visit')).map((x) => [x.kioskId, x.day, String(x.count)]),
      ];
    case 'guides':
      return [['办事指南', '打开次数'], ...r.topGuides.map((x) => [x.target, String(x.count)])];
    case 'qr-prints':
      return [
        ['终端', '日期', '二维码展示次数', '打印次数'],
        ...qrAndPrintsByKioskDay(await reports.byKioskAndDay(user, q, 'qr'), await reports.byKioskAndDay(user, q, 'print')).map((x) => [
          x.kioskId,
          x.day,
          String(x.qr),
          String(x.prints),
        ]),
      ];
    case 'qr-prints-targets':
      return [
        ['办事指南/表格', '二维码展示次数', '打印次数'],
        ...qrAndPrintsByTarget(r.topQr, r.topPrints).map((x) => [x.target, String(x.qr), String(x.prints)]),
      ];
    case 'content-gap':
      return [['没有结果的搜索词', '次数'], ...r.zeroSearches.map((x) => [x.target, String(x.count)])];
    case 'cases':
      return [
        ['来源', '案件数', '已办结', '按期办结', '已答复', '逾期未办结', '整改率', '按期率', '答复率'],
        ...r.cases.map((c) => [
          c.kind === 'rating' ? '差评' : '留言',
          String(c.total),
          String(c.closed),
          String(c.closedOnTime),
          String(c.replied),
          String(c.overdueOpen),
          pct(c.total ? c.closed / c.total : null),
          pct(c.closed ? c.closedOnTime / c.closed : null),
          pct(c.total ? c.replied / c.total : null),
        ]),
      ];
    default:
      return [];
  }
}

export async function encodeTable(rows: string[][], format: 'csv' | 'xlsx', sheet: string) {
  if (format === 'xlsx')
    return { bytes: await writeXlsx(sheet, rows), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  // writeCsv starts with the BOM Excel needs for UTF-8 Chinese text (one: a second would stick to the first header).
  return { bytes: new TextEncoder().encode(writeCsv(rows)), contentType: 'text/csv; charset=utf-8' };
}
