import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../console/support/harness';
import { batch, postBatch, registerKiosk } from './support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.clock.set('2026-11-23T10:00:00+08:00');
});
afterEach(async () => {
  await h.close();
});

const usage = (kioskId: string, event: string, target: string, at: string) => ({
  id: randomUUID(),
  kind: 'usage',
  kioskId,
  at,
  event,
  target,
});

describe('feedback reports: QR codes shown and prints', () => {
  it('counts them per kiosk and day and per guide or form, in the report, the yearly summary and the exports', async () => {
    const t1 = await registerKiosk(h, 'kiosk-county-1');
    const t2 = await registerKiosk(h, 'kiosk-county-2');
    const monday = new Date(h.clock.ms).toISOString();
    h.clock.set('2026-11-24T09:00:00+08:00');
    const tuesday = new Date(h.clock.ms).toISOString();
    // Late on 23 November in UTC is already 24 November in the hall: days are the hall's local days.
    const tuesdayEarly = '2026-11-23T17:30:00.000Z';
    expect(
      (
        await postBatch(
          h,
          t1,
          batch(h, 'kiosk-county-1', [
            usage('kiosk-county-1', 'qr', 'guide-mz-dibao', monday),
            usage('kiosk-county-1', 'qr', 'guide-mz-dibao', monday),
            usage('kiosk-county-1', 'print', 'guide-mz-dibao', monday),
            usage('kiosk-county-1', 'qr', 'guide-ga-huji', tuesdayEarly),
          ]),
        )
      ).body.stored,
    ).toHaveLength(4);
    await postBatch(
      h,
      t2,
      batch(h, 'kiosk-county-2', [
        usage('kiosk-county-2', 'print', 'forms/dibao.pdf', tuesday),
        usage('kiosk-county-2', 'print', 'forms/dibao.pdf', tuesday),
      ]),
    );

    const admin = await h.login('admin');
    const report = (await admin.json('GET', '/api/console/feedback/reports?from=2026-11-01&to=2026-11-30')).body;
    expect(report.qr).toEqual({
      byDay: [
        { day: '2026-11-23', count: 2 },
        { day: '2026-11-24', count: 1 },
      ],
      byKiosk: [{ kioskId: 'kiosk-county-1', count: 3 }],
    });
    expect(report.prints).toEqual({
      byDay: [
        { day: '2026-11-23', count: 1 },
        { day: '2026-11-24', count: 2 },
      ],
      byKiosk: [
        { kioskId: 'kiosk-county-1', count: 1 },
        { kioskId: 'kiosk-county-2', count: 2 },
      ],
    });
    expect(report.topQr).toEqual([
      { target: 'guide-mz-dibao', count: 2 },
      { target: 'guide-ga-huji', count: 1 },
    ]);
    expect(report.topPrints).toEqual([
      { target: 'forms/dibao.pdf', count: 2 },
      { target: 'guide-mz-dibao', count: 1 },
    ]);
    // A range of one day counts that day only.
    const oneDay = (await admin.json('GET', '/api/console/feedback/reports?from=2026-11-24&to=2026-11-24')).body;
    expect(oneDay.qr).toEqual({ byDay: [{ day: '2026-11-24', count: 1 }], byKiosk: [{ kioskId: 'kiosk-county-1', count: 1 }] });

    const yearly = (await admin.json('GET', '/api/console/feedback/reports/yearly/2026')).body;
    expect(yearly).toMatchObject({ qrShown: 3, prints: 3 });

    const bytes = await (
      await admin.request('GET', '/api/console/feedback/reports/qr-prints/export?format=csv&from=2026-11-01&to=2026-11-30')
    ).arrayBuffer();
    // One byte-order mark for Excel, and only one: a second would stick to the first column's name.
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(csv.startsWith('\uFEFF终端,')).toBe(true);
    expect(csv.replace('\uFEFF', '').trim().split(/\r?\n/)).toEqual([
      '终端,日期,二维码展示次数,打印次数',
      'kiosk-county-1,2026-11-23,2,1',
      'kiosk-county-1,2026-11-24,1,0',
      'kiosk-county-2,2026-11-24,0,2',
    ]);
    const byTarget = await (
      await admin.request('GET', '/api/console/feedback/reports/qr-prints-targets/export?format=csv&from=2026-11-01&to=2026-11-30')
    ).text();
    expect(byTarget.replace('\uFEFF', '').trim().split(/\r?\n/)).toEqual([
      '办事指南/表格,二维码展示次数,打印次数',
      'guide-mz-dibao,2,1',
      'forms/dibao.pdf,0,2',
      'guide-ga-huji,1,0',
    ]);
    const xlsx = await admin.request('GET', '/api/console/feedback/reports/qr-prints/export?format=xlsx&from=2026-11-01&to=2026-11-30');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('refuses a bad date range, format or report, naming the parameter', async () => {
    const admin = await h.login('admin');
    const fields = (body: { problems: { field: string }[] }) => body.problems.map((p) => p.field);
    const report = await admin.json('GET', '/api/console/feedback/reports?from=2026-13-01&to=tomorrow');
    expect(report.status).toBe(422);
    expect(report.body.problems).toEqual([
      { field: 'from', message: '必须是 YYYY-MM-DD 格式的日期' },
      { field: 'to', message: '必须是 YYYY-MM-DD 格式的日期' },
    ]);
    const exported = await admin.json('GET', '/api/console/feedback/reports/visits/export?format=pdf&from=2026-11-31');
    expect(exported.status).toBe(422);
    expect(fields(exported.body)).toEqual(['from', 'format']);
    expect((await admin.json('GET', '/api/console/feedback/reports/nonsense/export?format=csv')).status).toBe(404);
    expect((await admin.json('GET', '/api/console/feedback/reports/yearly/1999')).body.problems).toEqual([
      { field: 'year', message: '必须是 2000–2100 之间的年份' },
    ]);
    // Left out, the range is the year so far (the hall's clock).
    expect((await admin.json('GET', '/api/console/feedback/reports')).body.range).toEqual({ from: '2026-01-01', to: '2026-11-23' });
    // New Year's morning in the hall, while UTC is still on 31 December: the new year already.
    h.clock.set('2027-01-01T07:00:00+08:00');
    const later = await h.login('admin');
    expect((await later.json('GET', '/api/console/feedback/reports')).body.range).toEqual({ from: '2027-01-01', to: '2027-01-01' });
  });
});
