/**
 * What the edit form shows for each content type. One renderer draws every
 * form from these specs, so each type gets labels, hints and inline errors
 * the same way. Field keys are the schema's; labels are for staff.
 */
import { ITEM_TYPES } from '../../shared/content/guide';
import type { PickSource } from './Picker';
import { localDateOf } from '../../shared/workdays/local-date';

export type Option = { value: string; label: string };

export type Field =
  | { kind: 'text' | 'textarea' | 'phone'; key: string; label: string; hint?: string; optional?: boolean }
  | { kind: 'number'; key: string; label: string; hint?: string }
  | { kind: 'yuan'; key: string; label: string; hint?: string }
  | {
      kind: 'select';
      key: string;
      label: string;
      options: Option[] | 'departments' | 'halls' | 'scopes';
      nullable?: boolean;
      hint?: string;
      number?: boolean;
      /** Empty means "field absent" rather than null. */ omitWhenEmpty?: boolean;
    }
  | { kind: 'checkbox'; key: string; label: string }
  | { kind: 'checks'; key: string; label: string; options: Option[] }
  | { kind: 'instant'; key: string; label: string; nullable?: boolean; hint?: string }
  | { kind: 'date'; key: string; label: string; nullable?: boolean }
  | { kind: 'time'; key: string; label: string; nullable?: boolean; hint?: string }
  | { kind: 'lines'; key: string; label: string; hint?: string }
  | { kind: 'group'; key: string; label: string; fields: Field[] }
  | { kind: 'list'; key: string; label: string; itemLabel: string; fields: Field[]; empty: () => Record<string, unknown>; hint?: string }
  | {
      kind: 'variant';
      key: string;
      label: string;
      variants: { value: string; label: string; fields: Field[]; empty: Record<string, unknown> }[];
    }
  | { kind: 'media'; key: string; label: string; purpose: 'portrait' | 'form'; nullable?: boolean }
  /** One record chosen by name (forms/Picker.tsx), stored as its id. */
  | { kind: 'pick'; key: string; label: string; source: PickSource; nullable?: boolean; hint?: string; omitWhenEmpty?: boolean }
  /** A hall's floor plans with its windows placed on them by clicking (forms/FloorPlanEditor.tsx). */
  | { kind: 'floorPlans'; key: string; label: string }
  /** Several records chosen one by one, stored as a list of ids. */
  | { kind: 'picks'; key: string; label: string; source: PickSource; itemLabel: string; hint?: string };

const WEEKDAYS: Option[] = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({ value: String(i + 1), label: `周${d}` }));
const scope: Field = { kind: 'select', key: 'scope', label: '发布范围', options: 'scopes', hint: '全部终端，或仅某个大厅/查询点的终端' };
const timeLimit = (key: string, label: string): Field => ({
  kind: 'variant',
  key,
  label,
  variants: [
    { value: 'same-day', label: '当场办结', fields: [], empty: {} },
    { value: 'working-days', label: '按工作日', fields: [{ kind: 'number', key: 'days', label: '工作日数' }], empty: { days: 1 } },
  ],
});
const phones: Field = {
  kind: 'list',
  key: 'phones',
  label: '电话',
  itemLabel: '电话',
  empty: () => ({ label: '', number: '' }),
  fields: [
    { kind: 'text', key: 'label', label: '说明' },
    { kind: 'phone', key: 'number', label: '号码' },
  ],
};

export const FORMS: Record<string, Field[]> = {
  fee: [
    { kind: 'text', key: 'name', label: '收费项目名称' },
    { kind: 'text', key: 'nameEn', label: '英文名称', optional: true, hint: '英文界面显示和搜索，例如 Resident ID card fee' },
    { kind: 'text', key: 'code', label: '收费编码', optional: true },
    { kind: 'pick', key: 'departmentId', label: '收费部门', source: 'department' },
    scope,
    {
      kind: 'variant',
      key: 'amount',
      label: '收费标准（金额）',
      variants: [
        {
          value: 'fixed',
          label: '固定金额',
          fields: [{ kind: 'yuan', key: 'fen', label: '金额（元）', hint: '最多两位小数，例如 12.50' }],
          empty: { fen: 0 },
        },
        {
          value: 'range',
          label: '金额范围',
          fields: [
            { kind: 'yuan', key: 'minFen', label: '最低（元）' },
            { kind: 'yuan', key: 'maxFen', label: '最高（元）' },
          ],
          empty: { minFen: 0, maxFen: 0 },
        },
        {
          value: 'per-unit',
          label: '按单位计费',
          fields: [{ kind: 'yuan', key: 'fenPerUnit', label: '每单位金额（元）' }],
          empty: { fenPerUnit: 0 },
        },
      ],
    },
    { kind: 'text', key: 'unit', label: '计费单位', hint: '例如 元/件、元/平方米' },
    {
      kind: 'list',
      key: 'basis',
      label: '收费依据',
      itemLabel: '依据',
      empty: () => ({ title: '', number: '' }),
      hint: '至少一项：文件名称和文号',
      fields: [
        { kind: 'text', key: 'title', label: '文件名称' },
        { kind: 'text', key: 'number', label: '文号', hint: '例如 发改价格〔2019〕1931号' },
      ],
    },
    { kind: 'instant', key: 'effectiveFrom', label: '生效时间' },
    { kind: 'instant', key: 'effectiveTo', label: '失效时间', nullable: true, hint: '留空表示长期有效' },
    {
      kind: 'list',
      key: 'reductions',
      label: '减免政策',
      itemLabel: '减免',
      empty: () => ({ description: '', basis: '' }),
      fields: [
        { kind: 'text', key: 'description', label: '说明' },
        { kind: 'text', key: 'basis', label: '依据', optional: true },
      ],
    },
    { kind: 'textarea', key: 'notes', label: '备注', optional: true },
  ],
  official: [
    { kind: 'text', key: 'name', label: '姓名' },
    { kind: 'text', key: 'title', label: '职务' },
    { kind: 'pick', key: 'departmentId', label: '部门', source: 'department' },
    scope,
    { kind: 'media', key: 'photo', label: '照片', purpose: 'portrait', nullable: true },
    { kind: 'text', key: 'window', label: '常驻窗口', optional: true },
    { kind: 'phone', key: 'phone', label: '电话' },
    { kind: 'lines', key: 'duties', label: '岗位职责', hint: '每行一项' },
    { kind: 'textarea', key: 'bio', label: '简介', optional: true },
  ],
  notice: [
    { kind: 'text', key: 'title', label: '标题' },
    {
      kind: 'select',
      key: 'format',
      label: '格式',
      options: [
        { value: 'plain', label: '纯文本' },
        { value: 'markdown', label: 'Markdown（安全子集）' },
      ],
    },
    { kind: 'textarea', key: 'body', label: '正文' },
    {
      kind: 'select',
      key: 'priority',
      label: '重要程度',
      options: [
        { value: 'normal', label: '一般' },
        { value: 'important', label: '重要' },
        { value: 'urgent', label: '紧急' },
      ],
    },
    { kind: 'pick', key: 'departmentId', label: '发布部门', source: 'department', nullable: true },
    scope,
    { kind: 'instant', key: 'publishAt', label: '显示开始时间' },
    { kind: 'instant', key: 'expiresAt', label: '过期时间', nullable: true, hint: '到期后自动撤下' },
  ],
  dutyShift: [
    { kind: 'pick', key: 'hallId', label: '大厅', source: 'hall' },
    { kind: 'pick', key: 'windowId', label: '窗口', source: 'window', hint: '先选大厅，再选它的窗口' },
    { kind: 'pick', key: 'officialId', label: '值班人员', source: 'official', hint: '输入姓名、拼音或首字母查找' },
    { kind: 'select', key: 'weekday', label: '星期', options: WEEKDAYS, number: true },
    { kind: 'time', key: 'start', label: '开始' },
    { kind: 'time', key: 'end', label: '结束', hint: '早于开始时间表示跨夜班' },
    { kind: 'date', key: 'validFrom', label: '有效期起', nullable: true },
    { kind: 'date', key: 'validTo', label: '有效期止', nullable: true },
    scope,
  ],
  dutyException: [
    { kind: 'pick', key: 'hallId', label: '大厅', source: 'hall' },
    { kind: 'pick', key: 'windowId', label: '窗口', source: 'window', hint: '先选大厅，再选它的窗口' },
    { kind: 'date', key: 'date', label: '日期' },
    {
      kind: 'select',
      key: 'kind',
      label: '类型',
      options: [
        { value: 'leave', label: '请假' },
        { value: 'substitution', label: '替班' },
        { value: 'extra', label: '加班' },
      ],
    },
    { kind: 'pick', key: 'officialId', label: '人员', source: 'official', hint: '请假、替班或加班的人：输入姓名、拼音或首字母查找' },
    { kind: 'pick', key: 'substituteOfficialId', label: '替班人员', source: 'official', nullable: true, hint: '仅替班时填写' },
    { kind: 'time', key: 'start', label: '开始', nullable: true },
    { kind: 'time', key: 'end', label: '结束', nullable: true },
    { kind: 'text', key: 'reason', label: '原因', optional: true },
    scope,
  ],
  lexicon: [
    { kind: 'text', key: 'term', label: '群众说法（俗语）', hint: '群众在终端上会输入的词或短语，例如 娃、二手房、开饭店' },
    {
      kind: 'lines',
      key: 'means',
      label: '对应的目录用词',
      hint: '每行一个：指南、收费里实际使用的词，例如 孩子、新生儿。不能写回俗语本身，也不能与其他词条形成循环',
    },
    { kind: 'pick', key: 'departmentId', label: '只用于某个部门', source: 'department', nullable: true, hint: '留空表示所有部门' },
    {
      kind: 'pick',
      key: 'guideId',
      label: '只用于某个事项',
      source: 'guide',
      nullable: true,
      hint: '留空表示所有事项；选择后只让这个事项被此说法找到',
    },
    scope,
    { kind: 'textarea', key: 'note', label: '备注', optional: true },
  ],
  department: [
    { kind: 'text', key: 'name', label: '名称' },
    { kind: 'text', key: 'shortName', label: '简称' },
    { kind: 'text', key: 'nameEn', label: '英文名称', optional: true, hint: '英文界面显示和搜索' },
    { kind: 'textarea', key: 'description', label: '职能简介', optional: true },
    { kind: 'text', key: 'address', label: '地址', optional: true },
    phones,
    { kind: 'number', key: 'sortOrder', label: '排序' },
    scope,
  ],
  hall: [
    { kind: 'text', key: 'name', label: '名称' },
    {
      kind: 'select',
      key: 'kind',
      label: '类型',
      options: [
        { value: 'service-hall', label: '政务服务大厅' },
        { value: 'village-point', label: '村级查询点' },
      ],
    },
    { kind: 'text', key: 'address', label: '地址' },
    { kind: 'text', key: 'timezone', label: '时区', hint: 'IANA 名称，例如 Asia/Shanghai' },
    {
      kind: 'list',
      key: 'openingHours',
      label: '开放时间',
      itemLabel: '开放日',
      empty: () => ({ weekday: 1, periods: [{ open: '09:00', close: '17:00' }] }),
      fields: [
        { kind: 'select', key: 'weekday', label: '星期', options: WEEKDAYS, number: true },
        {
          kind: 'list',
          key: 'periods',
          label: '时段',
          itemLabel: '时段',
          empty: () => ({ open: '09:00', close: '17:00' }),
          fields: [
            { kind: 'time', key: 'open', label: '开门' },
            { kind: 'time', key: 'close', label: '关门' },
          ],
        },
      ],
    },
    { kind: 'textarea', key: 'holidayNote', label: '节假日说明', optional: true },
    phones,
    {
      kind: 'list',
      key: 'windows',
      label: '窗口',
      itemLabel: '窗口',
      empty: () => ({ id: '', name: '', floor: '' }),
      fields: [
        { kind: 'text', key: 'id', label: '编号' },
        { kind: 'text', key: 'name', label: '名称' },
        { kind: 'text', key: 'floor', label: '楼层' },
      ],
    },
    { kind: 'floorPlans', key: 'floorPlans', label: '平面图上的窗口位置' },
    { kind: 'textarea', key: 'directions', label: '交通指引', optional: true },
    scope,
  ],
  guide: [
    { kind: 'text', key: 'name', label: '事项名称' },
    { kind: 'text', key: 'plainName', label: '口语化名称' },
    { kind: 'text', key: 'nameEn', label: '英文名称', optional: true, hint: '英文界面显示和搜索，例如 Birth registration' },
    {
      kind: 'lines',
      key: 'aliases',
      label: '事项俗称 / 关键词',
      hint: '每行一个：群众平时怎么说这件事（例如 上户口、办低保）。终端搜索时权重很高',
    },
    { kind: 'text', key: 'itemCode', label: '事项编码' },
    { kind: 'select', key: 'itemType', label: '事项类型', options: ITEM_TYPES.map((t) => ({ value: t, label: t })) },
    { kind: 'pick', key: 'departmentId', label: '实施部门', source: 'department' },
    scope,
    {
      kind: 'checks',
      key: 'audience',
      label: '服务对象',
      options: [
        { value: 'person', label: '个人' },
        { value: 'legal-entity', label: '法人' },
      ],
    },
    {
      kind: 'select',
      key: 'caseType',
      label: '办件类型',
      options: [
        { value: 'immediate', label: '即办件' },
        { value: 'promised', label: '承诺件' },
      ],
    },
    { kind: 'textarea', key: 'summary', label: '简介', optional: true },
    {
      kind: 'list',
      key: 'legalBasis',
      label: '设定依据',
      itemLabel: '依据',
      empty: () => ({ title: '', article: '' }),
      fields: [
        { kind: 'text', key: 'title', label: '法律法规名称' },
        { kind: 'text', key: 'article', label: '条款', optional: true },
      ],
    },
    { kind: 'lines', key: 'conditions', label: '受理条件', hint: '每行一项' },
    {
      kind: 'list',
      key: 'materials',
      label: '申请材料',
      itemLabel: '材料',
      hint: '按提交顺序排列，可上下移动',
      empty: () => ({
        name: '',
        requirement: 'required',
        condition: '',
        form: 'paper',
        originalOrCopy: 'original',
        originals: 1,
        copies: 0,
        source: 'applicant',
        sourceDetail: '',
        notes: '',
      }),
      fields: [
        { kind: 'text', key: 'name', label: '材料名称' },
        {
          kind: 'select',
          key: 'requirement',
          label: '是否必需',
          options: [
            { value: 'required', label: '必需' },
            { value: 'conditional', label: '视情况' },
          ],
        },
        { kind: 'text', key: 'condition', label: '需要的情形', optional: true },
        {
          kind: 'select',
          key: 'form',
          label: '材料形式',
          options: [
            { value: 'paper', label: '纸质' },
            { value: 'electronic', label: '电子' },
            { value: 'paper-or-electronic', label: '纸质或电子' },
          ],
        },
        {
          kind: 'select',
          key: 'originalOrCopy',
          label: '原件/复印件',
          options: [
            { value: 'original', label: '原件' },
            { value: 'copy', label: '复印件' },
            { value: 'original-and-copy', label: '原件和复印件' },
          ],
        },
        { kind: 'number', key: 'originals', label: '原件份数' },
        { kind: 'number', key: 'copies', label: '复印件份数' },
        {
          kind: 'select',
          key: 'source',
          label: '来源',
          options: [
            { value: 'applicant', label: '申请人自备' },
            { value: 'department', label: '部门核发' },
          ],
        },
        { kind: 'text', key: 'sourceDetail', label: '来源说明', optional: true },
        { kind: 'text', key: 'notes', label: '备注', optional: true },
        { kind: 'media', key: 'blankForm', label: '空白表格', purpose: 'form' },
        { kind: 'media', key: 'sample', label: '填写样表', purpose: 'form' },
      ],
    },
    {
      kind: 'list',
      key: 'steps',
      label: '办理流程',
      itemLabel: '步骤',
      hint: '按办理顺序排列，可上下移动',
      empty: () => ({ title: '', actor: '', result: '', standard: '', timeLimit: '' }),
      fields: [
        { kind: 'text', key: 'title', label: '环节' },
        { kind: 'text', key: 'actor', label: '办理人' },
        { kind: 'text', key: 'result', label: '办理结果' },
        { kind: 'text', key: 'standard', label: '审查标准', optional: true },
        { kind: 'text', key: 'timeLimit', label: '时限', optional: true },
      ],
    },
    timeLimit('legalTimeLimit', '法定办结时限'),
    timeLimit('promisedTimeLimit', '承诺办结时限'),
    {
      kind: 'variant',
      key: 'fees',
      label: '收费',
      variants: [
        { value: 'none', label: '不收费', fields: [], empty: {} },
        {
          value: 'items',
          label: '收费（列出收费标准）',
          fields: [{ kind: 'picks', key: 'feeItemIds', label: '收费标准', source: 'fee', itemLabel: '收费标准' }],
          empty: { feeItemIds: [] },
        },
      ],
    },
    {
      kind: 'group',
      key: 'place',
      label: '办理地点',
      fields: [
        { kind: 'pick', key: 'hallId', label: '大厅', source: 'hall', nullable: true, omitWhenEmpty: true },
        { kind: 'text', key: 'floor', label: '楼层', optional: true },
        { kind: 'lines', key: 'windows', label: '窗口', hint: '每行一个窗口' },
        { kind: 'text', key: 'address', label: '地址', optional: true },
      ],
    },
    { kind: 'text', key: 'hours', label: '办理时间' },
    { kind: 'phone', key: 'consultPhone', label: '咨询电话' },
    { kind: 'phone', key: 'complaintPhone', label: '监督投诉电话' },
    {
      kind: 'select',
      key: 'visitsNeeded',
      label: '到现场次数',
      options: ['0', '1', '2', '3'].map((v) => ({ value: v, label: v === '3' ? '3 次及以上' : `${v} 次` })),
      number: true,
    },
    {
      kind: 'group',
      key: 'online',
      label: '网上办理',
      fields: [
        { kind: 'checkbox', key: 'available', label: '可以网上办理' },
        { kind: 'text', key: 'url', label: '网址', optional: true },
        { kind: 'text', key: 'note', label: '说明', optional: true },
      ],
    },
    { kind: 'text', key: 'result', label: '办理结果', optional: true },
    {
      kind: 'list',
      key: 'faq',
      label: '常见问题',
      itemLabel: '问题',
      empty: () => ({ question: '', answer: '' }),
      fields: [
        { kind: 'text', key: 'question', label: '问题' },
        { kind: 'textarea', key: 'answer', label: '回答' },
      ],
    },
    { kind: 'lines', key: 'topics', label: '主题标签', hint: '每行一个' },
    { kind: 'lines', key: 'lifeEvents', label: '人生事件标签', hint: '每行一个' },
    { kind: 'number', key: 'popularity', label: '热度', hint: '用于搜索排序和「常办事项」，数字越大越靠前' },
  ],
};

/** A blank record of each type, so a new draft starts with every list and group in place. */
export function emptyRecord(type: string): Record<string, unknown> {
  const base: Record<string, unknown> = { scope: 'global' };
  const today = localDateOf(new Date());
  switch (type) {
    case 'fee':
      return {
        ...base,
        name: '',
        code: '',
        departmentId: '',
        amount: { kind: 'fixed', fen: 0 },
        unit: '元/件',
        basis: [{ title: '', number: '' }],
        effectiveFrom: `${today}T00:00:00+08:00`,
        effectiveTo: null,
        reductions: [],
        notes: '',
      };
    case 'official':
      return { ...base, name: '', title: '', departmentId: '', photo: null, window: '', phone: '', duties: [], bio: '' };
    case 'notice':
      return {
        ...base,
        title: '',
        format: 'plain',
        body: '',
        priority: 'normal',
        departmentId: null,
        publishAt: `${today}T00:00:00+08:00`,
        expiresAt: null,
      };
    case 'dutyShift':
      return {
        ...base,
        hallId: 'hall-county',
        windowId: '',
        officialId: '',
        weekday: 1,
        start: '09:00',
        end: '17:00',
        validFrom: null,
        validTo: null,
      };
    case 'dutyException':
      return {
        ...base,
        hallId: 'hall-county',
        windowId: '',
        date: today,
        kind: 'leave',
        officialId: '',
        substituteOfficialId: null,
        start: null,
        end: null,
        reason: '',
      };
    case 'lexicon':
      return { ...base, term: '', means: [], departmentId: null, guideId: null, note: '' };
    case 'department':
      return { ...base, name: '', shortName: '', description: '', address: '', phones: [], sortOrder: 0 };
    case 'hall':
      return {
        ...base,
        name: '',
        kind: 'village-point',
        address: '',
        timezone: 'Asia/Shanghai',
        openingHours: [],
        holidayNote: '',
        phones: [],
        windows: [],
        directions: '',
      };
    default:
      return {
        ...base,
        name: '',
        plainName: '',
        itemCode: '',
        itemType: '公共服务',
        departmentId: '',
        audience: ['person'],
        caseType: 'immediate',
        summary: '',
        legalBasis: [{ title: '', article: '' }],
        conditions: [],
        materials: [],
        steps: [{ title: '受理', actor: '窗口工作人员', result: '', standard: '', timeLimit: '' }],
        legalTimeLimit: { kind: 'same-day' },
        promisedTimeLimit: { kind: 'same-day' },
        fees: { kind: 'none' },
        place: { floor: '', windows: [], address: '' },
        hours: '',
        consultPhone: '',
        complaintPhone: '',
        visitsNeeded: 1,
        online: { available: false, url: '', note: '' },
        result: '',
        faq: [],
        topics: [],
        lifeEvents: [],
        popularity: 0,
      };
  }
}
