/** A small, valid content set for console tests: one hall, two departments, fees, an official, shifts, a notice. */
import type { ContentRecord } from '../../../../src/shared/content';

const env = (id: string, scope = 'global') => ({ id, version: 1, updatedAt: '2026-11-01T09:00:00+08:00', scope });

export const FEE_MZ_ID = 'fee-mz-1';
export const FEE_CZ_ID = 'fee-cz-1';

export function feeRecord(id: string, departmentId: string, fen = 1000, extra: Record<string, unknown> = {}) {
  return {
    ...env(id),
    type: 'fee' as const,
    name: `测试收费 ${id}`,
    code: '',
    departmentId,
    amount: { kind: 'fixed' as const, fen },
    unit: '元/件',
    basis: [{ title: '关于规范收费的通知', number: '测价〔2026〕1号' }],
    effectiveFrom: '2026-01-01T00:00:00+08:00',
    effectiveTo: null,
    reductions: [{ description: '低保对象免收', basis: '' }],
    notes: '',
    ...extra,
  };
}

export function fixtureRecords(): ContentRecord[] {
  return [
    {
      ...env('hall-county'),
      type: 'hall',
      name: '县政务服务中心',
      kind: 'service-hall',
      address: '县城人民路 1 号',
      timezone: 'Asia/Shanghai',
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, periods: [{ open: '09:00', close: '17:00' }] })),
      holidayNote: '',
      phones: [],
      windows: [{ id: 'A01', name: '综合窗口', floor: '1F' }],
      directions: '',
    },
    {
      ...env('point-dongshan'),
      type: 'hall',
      name: '东山村查询点',
      kind: 'village-point',
      address: '东山村',
      timezone: 'Asia/Shanghai',
      openingHours: [],
      holidayNote: '',
      phones: [],
      windows: [],
      directions: '',
    },
    { ...env('dept-mz'), type: 'department', name: '县民政局', shortName: '民政', description: '', address: '', phones: [], sortOrder: 1 },
    { ...env('dept-cz'), type: 'department', name: '县财政局', shortName: '财政', description: '', address: '', phones: [], sortOrder: 2 },
    feeRecord(FEE_MZ_ID, 'dept-mz', 1000),
    feeRecord('fee-mz-2', 'dept-mz', 2500, { amount: { kind: 'range', minFen: 500, maxFen: 2500 }, reductions: [] }),
    feeRecord(FEE_CZ_ID, 'dept-cz', 5000),
    {
      ...env('official-1'),
      type: 'official',
      name: '张测试',
      title: '科员',
      departmentId: 'dept-mz',
      photo: null,
      window: 'A01',
      phone: '0000-1234567',
      duties: ['受理低保申请', '解答咨询'],
      bio: '',
    },
    {
      ...env('shift-1'),
      type: 'dutyShift',
      hallId: 'hall-county',
      windowId: 'A01',
      officialId: 'official-1',
      weekday: 1,
      start: '09:00',
      end: '17:00',
      validFrom: null,
      validTo: null,
    },
  ] as ContentRecord[];
}
