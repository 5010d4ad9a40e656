/** Small valid records for kiosk store and sync tests (fictional content). */
import type { ContentRecord, DutyShift, FeeItem, Hall, Notice, Official, ServiceGuide, Department } from '../../../src/shared/content';
import type { Snapshot } from '../../../src/shared/feed/protocol';

const env = (id: string, version = 1) => ({ id, version, updatedAt: '2026-11-20T09:00:00+08:00', scope: 'global' });

export function hall(id = 'hall-county', over: Partial<Hall> = {}): Hall {
  return {
    ...env(id),
    type: 'hall',
    name: '县政务服务中心',
    kind: 'service-hall',
    address: '城关镇人民路 1 号',
    timezone: 'Asia/Shanghai',
    openingHours: [{ weekday: 1, periods: [{ open: '09:00', close: '17:00' }] }],
    holidayNote: '',
    phones: [{ label: '咨询', number: '0000-1234567' }],
    windows: [{ id: 'A01', name: '综合窗口', floor: '1F' }],
    directions: '',
    ...over,
  };
}

export function department(id = 'dept-mz', name = '民政局', sortOrder = 0): Department {
  return { ...env(id), type: 'department', name, shortName: name.slice(0, 2), description: '', address: '', phones: [], sortOrder };
}

export function guide(id: string, over: Partial<ServiceGuide> = {}): ServiceGuide {
  return {
    ...env(id),
    type: 'guide',
    name: `最低生活保障申请 ${id}`,
    plainName: '申请低保',
    itemCode: '11100000MB0001-01',
    itemType: '行政给付',
    departmentId: 'dept-mz',
    audience: ['person'],
    caseType: 'promised',
    summary: '为家庭人均收入低于当地低保标准的居民提供基本生活保障。'.repeat(3),
    legalBasis: [{ title: '社会救助暂行办法', article: '第九条' }],
    conditions: ['持有本地户籍', '家庭人均收入低于当地最低生活保障标准'],
    materials: [
      {
        name: '居民身份证',
        requirement: 'required',
        condition: '',
        form: 'paper',
        originalOrCopy: 'original-and-copy',
        originals: 1,
        copies: 1,
        source: 'department',
        sourceDetail: '公安机关',
        notes: '',
      },
    ],
    steps: [{ title: '申请', actor: '申请人', result: '提交材料', standard: '', timeLimit: '' }],
    legalTimeLimit: { kind: 'working-days', days: 30 },
    promisedTimeLimit: { kind: 'working-days', days: 20 },
    fees: { kind: 'none' },
    place: { hallId: 'hall-county', floor: '1F', windows: ['A01'], address: '' },
    hours: '周一至周五 9:00-17:00',
    consultPhone: '0000-1234567',
    complaintPhone: '0000-12345',
    visitsNeeded: 1,
    online: { available: false, url: '', note: '' },
    result: '',
    faq: [],
    topics: ['社会救助'],
    lifeEvents: ['生活困难'],
    popularity: 0,
    ...over,
  };
}

export function fee(id: string, over: Partial<FeeItem> = {}): FeeItem {
  return {
    ...env(id),
    type: 'fee',
    name: `不动产登记费 ${id}`,
    code: '',
    departmentId: 'dept-zrzy',
    amount: { kind: 'fixed', fen: 8000 },
    unit: '元/件',
    basis: [{ title: '关于不动产登记收费标准等有关问题的通知', number: '发改价格规〔2016〕2559号' }],
    effectiveFrom: '2017-01-01T00:00:00+08:00',
    effectiveTo: null,
    reductions: [],
    notes: '',
    ...over,
  };
}

export function official(id: string, over: Partial<Official> = {}): Official {
  return {
    ...env(id),
    type: 'official',
    name: '张晓明',
    title: '窗口工作人员',
    departmentId: 'dept-mz',
    photo: null,
    window: 'A01',
    phone: '0000-7654321',
    duties: ['受理低保申请'],
    bio: '',
    ...over,
  };
}

export function shift(id: string, over: Partial<DutyShift> = {}): DutyShift {
  return {
    ...env(id),
    type: 'dutyShift',
    hallId: 'hall-county',
    windowId: 'A01',
    officialId: 'off-1',
    weekday: 1,
    start: '09:00',
    end: '17:00',
    validFrom: null,
    validTo: null,
    ...over,
  };
}

export function notice(id: string, over: Partial<Notice> = {}): Notice {
  return {
    ...env(id),
    type: 'notice',
    title: '元旦假期办公时间调整',
    format: 'plain',
    body: '1 月 1 日休息。',
    priority: 'normal',
    departmentId: null,
    publishAt: '2026-11-01T00:00:00+08:00',
    expiresAt: null,
    ...over,
  };
}

export function snapshotOf(records: ContentRecord[], seq: number, minSeq = 0): Snapshot {
  return {
    formatVersion: 2,
    hall: 'hall-county',
    epoch: 'epoch-test-1',
    seq,
    minSeq,
    generatedAt: '2026-11-23T10:00:00+08:00',
    count: records.length,
    records: records.map((record) => ({ type: record.type, id: record.id, record })),
  };
}

/** A demo-like mix: a hall, departments, guides, fees, officials, a shift, a notice. */
export function smallContent(guides = 30, fees = 60): ContentRecord[] {
  return [
    hall(),
    department('dept-mz', '民政局', 1),
    department('dept-zrzy', '自然资源局', 2),
    ...Array.from({ length: guides }, (_, i) => guide(`g-${i}`, { popularity: i, departmentId: i % 2 ? 'dept-mz' : 'dept-zrzy' })),
    ...Array.from({ length: fees }, (_, i) => fee(`f-${i}`)),
    official('off-1'),
    shift('s-1'),
    notice('n-1'),
  ];
}
