/** Small valid records for search tests that do not need the whole demo dataset. */
import {
  formatProblems,
  validateRecord,
  type ContentRecord,
  type Department,
  type FeeItem,
  type Notice,
  type Official,
  type ServiceGuide,
} from '../../../src/shared/content';

const envelope = (id: string) => ({ id, version: 1, updatedAt: '2026-11-23T09:00:00+08:00', scope: 'global' });

function valid<T extends ContentRecord>(record: unknown): T {
  const result = validateRecord(record);
  if (!result.ok) throw new Error(`fixture ${(record as { id: string }).id} is invalid: ${formatProblems(result.problems)}`);
  return result.value as T;
}

export function guide(
  id: string,
  fields: {
    name: string;
    plainName: string;
    departmentId?: string;
    topics?: string[];
    lifeEvents?: string[];
    popularity?: number;
    summary?: string;
    itemCode?: string;
  },
): ServiceGuide {
  return valid({
    ...envelope(id),
    type: 'guide',
    name: fields.name,
    plainName: fields.plainName,
    itemCode: fields.itemCode ?? '000204001000',
    itemType: '行政给付',
    departmentId: fields.departmentId ?? 'dept-mz',
    audience: ['person'],
    caseType: 'promised',
    summary: fields.summary ?? '',
    legalBasis: [{ title: '社会救助暂行办法', article: '第九条' }],
    conditions: ['申请人户籍在本县'],
    materials: [],
    steps: [{ title: '受理', actor: '乡镇便民服务中心', result: '出具受理通知书' }],
    legalTimeLimit: { kind: 'working-days', days: 20 },
    promisedTimeLimit: { kind: 'working-days', days: 10 },
    fees: { kind: 'none' },
    place: { hallId: 'hall-county', floor: '一楼', windows: ['A01'], address: '' },
    hours: '周一至周五 9:00-17:00',
    consultPhone: '0000-5550101',
    complaintPhone: '0000-5550199',
    visitsNeeded: 1,
    online: { available: false, url: '', note: '' },
    result: '',
    faq: [],
    topics: fields.topics ?? [],
    lifeEvents: fields.lifeEvents ?? [],
    popularity: fields.popularity ?? 0,
  });
}

export function fee(
  id: string,
  fields: { name: string; departmentId?: string; effectiveFrom?: string; effectiveTo?: string | null; notes?: string },
): FeeItem {
  return valid({
    ...envelope(id),
    type: 'fee',
    name: fields.name,
    code: '',
    departmentId: fields.departmentId ?? 'dept-zrzy',
    amount: { kind: 'fixed', fen: 8000 },
    unit: '元/件',
    basis: [{ title: '关于不动产登记收费标准等有关问题的通知', number: '发改价格规〔2016〕2559号' }],
    effectiveFrom: fields.effectiveFrom ?? '2020-01-01T00:00:00+08:00',
    effectiveTo: fields.effectiveTo ?? null,
    reductions: [],
    notes: fields.notes ?? '',
  });
}

export function official(
  id: string,
  fields: { name: string; title?: string; departmentId?: string; window?: string; duties?: string[] },
): Official {
  return valid({
    ...envelope(id),
    type: 'official',
    name: fields.name,
    title: fields.title ?? '窗口工作人员',
    departmentId: fields.departmentId ?? 'dept-mz',
    photo: null,
    window: fields.window ?? 'A01',
    phone: '0000-5550123',
    duties: fields.duties ?? ['受理社会救助申请'],
    bio: '',
  });
}

export function notice(
  id: string,
  fields: { title: string; body?: string; publishAt?: string; expiresAt?: string | null; priority?: Notice['priority'] },
): Notice {
  return valid({
    ...envelope(id),
    type: 'notice',
    title: fields.title,
    format: 'plain',
    body: fields.body ?? '详见大厅公告栏。',
    priority: fields.priority ?? 'normal',
    departmentId: null,
    publishAt: fields.publishAt ?? '2026-01-01T00:00:00+08:00',
    expiresAt: fields.expiresAt ?? null,
  });
}

export function department(id: string, name: string, shortName: string, sortOrder = 0): Department {
  return valid({ ...envelope(id), type: 'department', name, shortName, description: '', address: '', phones: [], sortOrder });
}

export function smallDataset(): ContentRecord[] {
  return [
    department('dept-mz', '县民政局', '民政', 1),
    department('dept-zrzy', '县自然资源局', '自然资源', 2),
    department('dept-cz', '县财政局', '财政', 3),
    guide('g-dibao', { name: '最低生活保障审批', plainName: '低保', topics: ['社会救助'], lifeEvents: ['困难救助'], popularity: 90 }),
    guide('g-tekun', { name: '特困人员救助供养', plainName: '特困供养', topics: ['社会救助'], popularity: 50 }),
    guide('g-kuaiji', { name: '会计代理记账许可', plainName: '代理记账', departmentId: 'dept-cz', topics: ['开办企业'], popularity: 10 }),
    guide('g-chongqing', { name: '重庆籍人员档案转递', plainName: '档案转递', departmentId: 'dept-cz', popularity: 1 }),
    guide('g-yinhang', { name: '银行开户证明', plainName: '开户证明', departmentId: 'dept-cz', popularity: 2 }),
    guide('g-hukou', {
      name: '户口迁移',
      plainName: '迁户口',
      departmentId: 'dept-mz',
      lifeEvents: ['迁户'],
      popularity: 70,
      summary: '办理户口迁入迁出',
    }),
    fee('f-budongchan', { name: '不动产登记费（住宅）' }),
    fee('f-old', { name: '土地登记费', effectiveTo: '2021-01-01T00:00:00+08:00' }),
    official('o-zhang', { name: '张丽华', title: '低保专干', window: 'A03' }),
    notice('n-holiday', { title: '元旦假期办公时间调整', body: '元旦期间低保业务暂停受理。' }),
    notice('n-expired', { title: '旧的通知', expiresAt: '2026-02-01T00:00:00+08:00' }),
  ];
}
