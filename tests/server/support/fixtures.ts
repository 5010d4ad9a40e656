/**
 * A tiny valid dataset for the feed tests (the real demo data lives in
 * src/server/demo; these tests must not depend on its exact contents).
 */
import type {
  ContentRecord,
  Department,
  DutyException,
  DutyShift,
  FeeItem,
  Hall,
  Notice,
  Official,
  ServiceGuide,
} from '../../../src/shared/content';

const T = '2026-11-23T09:00:00+08:00';
const envelope = (id: string, scope = 'global') => ({ id, version: 1, updatedAt: T, scope });

export function hall(id: string, name = `测试大厅 ${id}`): Hall {
  return {
    ...envelope(id),
    type: 'hall',
    name,
    kind: id.startsWith('point-') ? 'village-point' : 'service-hall',
    address: '测试县人民路 1 号',
    timezone: 'Asia/Shanghai',
    openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, periods: [{ open: '09:00', close: '17:00' }] })),
    holidayNote: '法定节假日休息',
    phones: [{ label: '咨询', number: '0000-5550100' }],
    windows: [{ id: 'A01', name: '综合窗口', floor: '1', departmentId: 'dept-mz' }],
    directions: '',
  };
}

export function department(id = 'dept-mz', name = '县民政局'): Department {
  return { ...envelope(id), type: 'department', name, shortName: '民政', description: '', address: '', phones: [], sortOrder: 0 };
}

export function fee(id: string, fen = 1250, scope = 'global'): FeeItem {
  return {
    ...envelope(id, scope),
    type: 'fee',
    name: `测试收费 ${id}`,
    code: '',
    departmentId: 'dept-zrzy',
    amount: { kind: 'fixed', fen },
    unit: '元/件',
    basis: [{ title: '关于测试收费标准的通知', number: '测价〔2026〕1号' }],
    effectiveFrom: '2026-01-01T00:00:00+08:00',
    effectiveTo: null,
    reductions: [{ description: '低保户免收', basis: '' }],
    notes: '',
  };
}

export function guide(id: string, options: { scope?: string; feeIds?: string[]; name?: string } = {}): ServiceGuide {
  return {
    ...envelope(id, options.scope ?? 'global'),
    type: 'guide',
    name: options.name ?? '最低生活保障申请',
    plainName: '低保',
    itemCode: '000204001000',
    itemType: '行政给付',
    departmentId: 'dept-mz',
    audience: ['person'],
    caseType: 'promised',
    summary: '为家庭人均收入低于当地低保标准的居民提供基本生活保障。',
    legalBasis: [{ title: '社会救助暂行办法', article: '第九条' }],
    conditions: ['家庭人均收入低于当地低保标准'],
    materials: [
      {
        name: '居民身份证',
        requirement: 'required',
        condition: '',
        form: 'paper',
        originalOrCopy: 'original-and-copy',
        originals: 1,
        copies: 1,
        source: 'applicant',
        sourceDetail: '',
        notes: '',
      },
    ],
    steps: [{ title: '申请', actor: '申请人', result: '受理通知书', standard: '', timeLimit: '' }],
    legalTimeLimit: { kind: 'working-days', days: 30 },
    promisedTimeLimit: { kind: 'working-days', days: 15 },
    fees: options.feeIds ? { kind: 'items', feeItemIds: options.feeIds } : { kind: 'none' },
    place: { hallId: 'hall-county', floor: '1', windows: ['A01'], address: '' },
    hours: '周一至周五 9:00-17:00',
    consultPhone: '0000-5550101',
    complaintPhone: '0000-5550102',
    visitsNeeded: 1,
    online: { available: true, url: '', note: '' },
    result: '低保证',
    faq: [{ question: '多久能办好？', answer: '承诺 15 个工作日内办结。' }],
    topics: ['社会救助'],
    lifeEvents: ['困难救助'],
    popularity: 0,
  };
}

export function official(id: string, photo: Official['photo'] = null): Official {
  return {
    ...envelope(id),
    type: 'official',
    name: '张测试',
    title: '科员',
    departmentId: 'dept-mz',
    photo,
    window: 'A01',
    phone: '0000-5550103',
    duties: ['低保受理'],
    bio: '',
  };
}

export function notice(id: string, scope = 'global'): Notice {
  return {
    ...envelope(id, scope),
    type: 'notice',
    title: '测试通知',
    format: 'plain',
    body: '本周六正常上班。',
    priority: 'normal',
    departmentId: null,
    publishAt: '2026-11-01T00:00:00+08:00',
    expiresAt: null,
  };
}

/** Two halls, a department, three fees, a global and a hall-scoped guide, a notice. */
export function smallDataset(): ContentRecord[] {
  return [
    hall('hall-county', '县政务服务中心'),
    hall('point-dongshan', '东山村查询点'),
    department(),
    fee('fee-a', 1250),
    fee('fee-b', 8000),
    fee('fee-c', 50, 'hall:point-dongshan'),
    guide('guide-dibao', { feeIds: ['fee-a', 'fee-b'] }),
    guide('guide-village', { scope: 'hall:point-dongshan', name: '东山村专项补助' }),
    notice('notice-1'),
  ];
}

export const puts = (records: ContentRecord[]) => records.map((record) => ({ op: 'put' as const, record }));

export function dutyShift(id: string, hallId = 'hall-county'): DutyShift {
  return {
    ...envelope(id, `hall:${hallId}`),
    type: 'dutyShift',
    hallId,
    windowId: 'A01',
    officialId: 'official-1',
    weekday: 1,
    start: '09:00',
    end: '12:00',
    validFrom: null,
    validTo: null,
  };
}

export function dutyException(id: string, hallId = 'hall-county'): DutyException {
  return {
    ...envelope(id, `hall:${hallId}`),
    type: 'dutyException',
    hallId,
    windowId: 'A01',
    date: '2026-11-24',
    kind: 'leave',
    officialId: 'official-1',
    substituteOfficialId: null,
    start: null,
    end: null,
    reason: '年假',
  };
}
