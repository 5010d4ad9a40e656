/** Small, valid content for render tests (validated by MemoryReader on load). */
const base = (id: string, scope = 'global') => ({ id, version: 1, updatedAt: '2026-11-20T09:00:00+08:00', scope });

/** Monday 2026-11-23 10:30 in Shanghai. */
export const NOW = '2026-11-23T10:30:00+08:00';

export const hall = {
  ...base('hall-county'),
  type: 'hall',
  name: '示例县政务服务中心',
  kind: 'service-hall',
  address: '示例县人民路 1 号',
  timezone: 'Asia/Shanghai',
  openingHours: [1, 2, 3, 4, 5]
    .map((weekday) => ({
      weekday,
      periods: [
        { open: '09:00', close: '12:00' },
        { open: '13:30', close: '17:00' },
      ],
    }))
    .concat([
      { weekday: 6, periods: [{ open: '09:00', close: '12:00' }] },
      { weekday: 7, periods: [] },
    ]),
  holidayNote: '法定节假日休息',
  phones: [{ label: '服务热线', number: '0000-5550100' }],
  windows: [
    { id: 'A01', name: '民政综合窗口', floor: '1 楼', departmentId: 'dept-mz' },
    { id: 'B02', name: '不动产登记窗口', floor: '2 楼', departmentId: 'dept-zrzy' },
  ],
  directions: '',
};

export const departments = [
  { ...base('dept-mz'), type: 'department', name: '县民政局', shortName: '民政', description: '', address: '', phones: [], sortOrder: 1 },
  {
    ...base('dept-zrzy'),
    type: 'department',
    name: '县自然资源局',
    shortName: '自然资源',
    description: '',
    address: '',
    phones: [],
    sortOrder: 2,
  },
];

const guideCommon = {
  type: 'guide',
  itemType: '行政给付',
  summary: '',
  legalBasis: [{ title: '社会救助暂行办法', article: '第九条' }],
  steps: [
    { title: '申请', actor: '申请人', result: '提交材料', standard: '', timeLimit: '' },
    { title: '审核', actor: '县民政局', result: '审核意见', standard: '材料齐全', timeLimit: '10 个工作日' },
  ],
  place: { hallId: 'hall-county', floor: '1 楼', windows: ['A01'], address: '' },
  hours: '周一至周五 9:00-12:00，13:30-17:00',
  consultPhone: '0000-5550101',
  complaintPhone: '0000-5550199',
  online: { available: false, url: '', note: '' },
  result: '',
  faq: [{ question: '多久能办好？', answer: '承诺 10 个工作日内办结。' }],
};

export const guides = [
  {
    ...base('guide-dibao'),
    ...guideCommon,
    name: '最低生活保障审核确认',
    plainName: '低保',
    itemCode: '000204001000',
    departmentId: 'dept-mz',
    audience: ['person'],
    caseType: 'promised',
    conditions: ['家庭人均收入低于当地低保标准', '具有本县户籍'],
    materials: [
      {
        name: '居民身份证',
        requirement: 'required',
        condition: '',
        form: 'paper',
        originalOrCopy: 'original-and-copy',
        originals: 1,
        copies: 2,
        source: 'department',
        sourceDetail: '公安机关',
        notes: '',
      },
      {
        name: '残疾人证',
        requirement: 'conditional',
        condition: '家庭成员有残疾的',
        form: 'paper',
        originalOrCopy: 'copy',
        originals: 0,
        copies: 1,
        source: 'department',
        sourceDetail: '',
        notes: '',
      },
    ],
    legalTimeLimit: { kind: 'working-days', days: 30 },
    promisedTimeLimit: { kind: 'working-days', days: 10 },
    fees: { kind: 'none' },
    visitsNeeded: 1,
    topics: ['社会救助'],
    lifeEvents: ['困难救助'],
    popularity: 90,
  },
  {
    ...base('guide-budongchan'),
    ...guideCommon,
    itemType: '行政确认',
    name: '不动产首次登记',
    plainName: '房产证首次办理',
    itemCode: '000173001000',
    departmentId: 'dept-zrzy',
    audience: ['person', 'legal-entity'],
    caseType: 'promised',
    conditions: ['权属清楚'],
    materials: [
      {
        name: '不动产登记申请书',
        requirement: 'required',
        condition: '',
        form: 'paper',
        originalOrCopy: 'original',
        originals: 1,
        copies: 0,
        source: 'applicant',
        sourceDetail: '',
        notes: '窗口可领取',
      },
    ],
    legalTimeLimit: { kind: 'working-days', days: 30 },
    promisedTimeLimit: { kind: 'same-day' },
    fees: { kind: 'items', feeItemIds: ['fee-djf', 'fee-gbf'] },
    place: { hallId: 'hall-county', floor: '2 楼', windows: ['B02'], address: '' },
    visitsNeeded: 2,
    topics: ['不动产'],
    lifeEvents: ['建房'],
    popularity: 50,
  },
];

const feeCommon = {
  type: 'fee',
  code: '',
  reductions: [],
  notes: '',
  basis: [{ title: '关于不动产登记收费标准等有关问题的通知', number: '发改价格规〔2016〕2559号' }],
};

export const fees = [
  {
    ...base('fee-djf'),
    ...feeCommon,
    name: '住宅类不动产登记费',
    departmentId: 'dept-zrzy',
    amount: { kind: 'fixed', fen: 8000 },
    unit: '元/件',
    effectiveFrom: '2017-01-01T00:00:00+08:00',
    effectiveTo: null,
    reductions: [{ description: '小微企业免收', basis: '财税〔2019〕45号' }],
  },
  {
    ...base('fee-gbf'),
    ...feeCommon,
    name: '不动产权证书工本费',
    departmentId: 'dept-zrzy',
    amount: { kind: 'fixed', fen: 1000 },
    unit: '元/本',
    effectiveFrom: '2017-01-01T00:00:00+08:00',
    effectiveTo: null,
  },
  {
    ...base('fee-old'),
    ...feeCommon,
    name: '已废止的旧收费',
    departmentId: 'dept-zrzy',
    amount: { kind: 'fixed', fen: 12345 },
    unit: '元/件',
    effectiveFrom: '2010-01-01T00:00:00+08:00',
    effectiveTo: '2016-12-31T00:00:00+08:00',
  },
  {
    ...base('fee-next'),
    ...feeCommon,
    name: '明年起施行的新收费',
    departmentId: 'dept-zrzy',
    amount: { kind: 'range', minFen: 500, maxFen: 2550 },
    unit: '元/次',
    effectiveFrom: '2027-01-01T00:00:00+08:00',
    effectiveTo: null,
  },
];

export const officials = [
  {
    ...base('off-wang'),
    type: 'official',
    name: '王小明',
    title: '民政窗口负责人',
    departmentId: 'dept-mz',
    photo: null,
    window: 'A01',
    phone: '0000-5550111',
    duties: ['低保受理'],
    bio: '',
  },
  {
    ...base('off-li'),
    type: 'official',
    name: '李芳',
    title: '登记员',
    departmentId: 'dept-zrzy',
    photo: null,
    window: 'B02',
    phone: '0000-5550122',
    duties: ['不动产登记'],
    bio: '',
  },
];

export const shifts = [1, 2, 3, 4, 5].flatMap((weekday) => [
  {
    ...base(`shift-a01-${weekday}`, 'hall:hall-county'),
    type: 'dutyShift',
    hallId: 'hall-county',
    windowId: 'A01',
    officialId: 'off-wang',
    weekday,
    start: '09:00',
    end: '17:00',
  },
  {
    ...base(`shift-b02-${weekday}`, 'hall:hall-county'),
    type: 'dutyShift',
    hallId: 'hall-county',
    windowId: 'B02',
    officialId: 'off-li',
    weekday,
    start: '13:30',
    end: '17:00',
  },
]);

export const notices = [
  {
    ...base('notice-md'),
    type: 'notice',
    title: '元旦假期办事安排',
    format: 'markdown',
    body: '元旦期间**暂停办理**以下业务：\n\n- 不动产登记\n- 户口迁移\n\n<script>alert(1)</script> [链接](https://example.com)',
    priority: 'important',
    departmentId: null,
    publishAt: '2026-11-01T00:00:00+08:00',
    expiresAt: null,
  },
  {
    ...base('notice-old'),
    type: 'notice',
    title: '已过期的通知',
    format: 'plain',
    body: '不应显示',
    priority: 'normal',
    departmentId: null,
    publishAt: '2025-01-01T00:00:00+08:00',
    expiresAt: '2025-02-01T00:00:00+08:00',
  },
  {
    ...base('notice-future'),
    type: 'notice',
    title: '尚未发布的通知',
    format: 'plain',
    body: '不应显示',
    priority: 'urgent',
    departmentId: null,
    publishAt: '2027-01-01T00:00:00+08:00',
    expiresAt: null,
  },
];

export const allFixtures = (): unknown[] => [hall, ...departments, ...guides, ...fees, ...officials, ...shifts, ...notices];
