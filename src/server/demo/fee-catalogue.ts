/**
 * The demo fee schedule (收费标准) as compact rows. Documents and their
 * numbers are fictional: issued by the fictional 江淮省 (淮), 云溪市 (云) and
 * 青岚县 (青), in the style of real price documents.
 */
import type { FeeAmount } from '../../shared/content';

/** Money is integer fen; rows are written in yuan for readability and converted exactly once. */
export const yuan = (amount: number) => Math.round(amount * 100);
export const fixed = (y: number): FeeAmount => ({ kind: 'fixed', fen: yuan(y) });
export const range = (min: number, max: number): FeeAmount => ({ kind: 'range', minFen: yuan(min), maxFen: yuan(max) });
export const perUnit = (y: number): FeeAmount => ({ kind: 'per-unit', fenPerUnit: yuan(y) });

export type Doc = readonly [title: string, number: string];

export const DOCS = {
  bdc: ['江淮省发展和改革委员会 江淮省财政厅关于不动产登记收费标准有关问题的通知', '淮发改价格规〔2017〕21号'],
  bdcFree: ['江淮省财政厅 江淮省发展和改革委员会关于减免部分不动产登记费的通知', '淮财税〔2019〕45号'],
  survey: ['云溪市发展和改革委员会关于房产测绘服务收费标准的通知', '云发改价格〔2020〕63号'],
  land: ['江淮省人民政府关于调整耕地开垦费和土地复垦费征收标准的通知', '淮政发〔2018〕37号'],
  idCard: ['江淮省发展和改革委员会 江淮省财政厅关于居民身份证工本费标准的通知', '淮发改价费〔2015〕336号'],
  residence: ['江淮省公安厅 江淮省财政厅关于居住证工本费有关事项的通知', '淮公通〔2016〕88号'],
  funeral: ['云溪市发展和改革委员会 云溪市民政局关于殡葬基本服务收费标准的通知', '云发改价格〔2021〕17号'],
  funeralFree: ['青岚县人民政府关于实施惠民殡葬政策的通知', '青政发〔2020〕12号'],
  elderCare: ['青岚县发展和改革局 青岚县民政局关于公办养老机构服务收费标准的通知', '青发改价〔2022〕5号'],
  vaccine: ['江淮省发展和改革委员会关于非免疫规划疫苗接种服务费标准的通知', '淮发改价格〔2019〕102号'],
  healthCheck: ['云溪市卫生健康委员会 云溪市发展和改革委员会关于从业人员预防性健康检查收费标准的通知', '云卫发〔2021〕29号'],
  medicalAppraisal: ['江淮省发展和改革委员会 江淮省财政厅关于医疗损害技术鉴定收费标准的通知', '淮发改价费〔2018〕77号'],
  specialEquipment: ['江淮省发展和改革委员会关于特种设备检验检测收费标准的通知', '淮发改价格规〔2019〕9号'],
  metrology: ['江淮省市场监督管理局 江淮省发展和改革委员会关于计量校准服务收费标准的通知', '淮市监计量〔2020〕15号'],
  skillTest: ['江淮省人力资源和社会保障厅 江淮省发展和改革委员会关于职业技能等级认定收费标准的通知', '淮人社发〔2021〕40号'],
  examFee: ['江淮省发展和改革委员会 江淮省财政厅关于人事考试考务费收费标准的通知', '淮发改价费〔2020〕211号'],
  socialCard: ['江淮省人力资源和社会保障厅关于社会保障卡补换卡工本费的通知', '淮人社函〔2019〕132号'],
  pension: ['青岚县人民政府关于调整城乡居民基本养老保险缴费档次的通知', '青政发〔2023〕8号'],
  pensionHelp: ['青岚县人力资源和社会保障局 青岚县民政局关于为困难群体代缴城乡居民养老保险费的通知', '青人社发〔2023〕11号'],
  medicalInsurance: [
    '云溪市医疗保障局 云溪市财政局 国家税务总局云溪市税务局关于城乡居民基本医疗保险个人缴费标准的通知',
    '云医保发〔2025〕6号',
  ],
  medicalInsuranceNext: [
    '云溪市医疗保障局 云溪市财政局 国家税务总局云溪市税务局关于调整城乡居民基本医疗保险个人缴费标准的通知',
    '云医保发〔2026〕31号',
  ],
  medicalInsuranceOld: ['云溪市医疗保障局 云溪市财政局关于城乡居民基本医疗保险个人缴费标准的通知', '云医保发〔2024〕3号'],
  medicalPrice: ['江淮省医疗保障局 江淮省卫生健康委员会关于调整部分医疗服务价格的通知', '淮医保发〔2022〕58号'],
  water: ['青岚县发展和改革局关于城区供水价格的通知', '青发改价〔2021〕9号'],
  waterNext: ['青岚县发展和改革局关于调整城区供水价格的通知', '青发改价〔2026〕14号'],
  waterOld: ['青岚县物价局关于城区自来水价格的通知', '青价〔2016〕4号'],
  sewage: ['云溪市发展和改革委员会 云溪市财政局关于污水处理费征收标准的通知', '云发改价格〔2020〕88号'],
  garbage: ['青岚县发展和改革局 青岚县住房和城乡建设局关于生活垃圾处理费的通知', '青发改价〔2021〕12号'],
  rent: ['青岚县住房和城乡建设局 青岚县发展和改革局关于公共租赁住房租金标准的通知', '青建发〔2022〕19号'],
  parking: ['青岚县发展和改革局关于机动车停放服务收费标准的通知', '青发改价〔2023〕3号'],
  property: ['云溪市发展和改革委员会关于前期物业公共服务收费标准的通知', '云发改价格规〔2021〕2号'],
  construction: ['青岚县住房和城乡建设局关于建筑垃圾处置收费标准的通知', '青建发〔2020〕7号'],
  roadDig: ['青岚县人民政府关于城市道路占用挖掘费收费标准的通知', '青政办发〔2019〕25号'],
  farmMachine: ['江淮省发展和改革委员会 江淮省财政厅关于农业机械号牌证件工本费标准的通知', '淮发改价费〔2017〕150号'],
  seed: ['江淮省农业农村厅 江淮省发展和改革委员会关于农作物种子质量检验收费标准的通知', '淮农发〔2019〕66号'],
  vehicleTax: ['江淮省人民政府关于车船税具体适用税额的通知', '淮政发〔2012〕41号'],
  landTax: ['青岚县人民政府关于城镇土地使用税等级和税额标准的通知', '青政发〔2019〕16号'],
  farmlandTax: ['江淮省人民代表大会常务委员会关于耕地占用税适用税额的决定', '淮人大常〔2019〕2号'],
  accountingExam: ['江淮省财政厅 江淮省发展和改革委员会关于会计专业技术资格考试考务费标准的通知', '淮财会〔2021〕18号'],
  smallBusiness: ['财政部 国家发展改革委关于清理规范一批行政事业性收费有关政策的通知（本县转发件）', '青财综〔2017〕14号'],
} as const satisfies Record<string, Doc>;

/** When a fee row applies, relative to the demo's `now`. */
export type FeeEra =
  /** In force since a fixed past date, open-ended. */
  | { kind: 'current'; from: string }
  /** In force now (since a fixed date, or since this year's 1 January), replaced by a 'next' row at the coming 1 January. */
  | { kind: 'current-until-next-year'; from: string | 'this-year' }
  /** Takes effect at the coming 1 January. */
  | { kind: 'next-year' }
  /** Expired at the start of this year. */
  | { kind: 'expired'; from: string }
  /** In force since the start of this year (successor of an 'expired' row). */
  | { kind: 'since-this-year' };

export interface FeeRow {
  id: string;
  name: string;
  departmentId: string;
  amount: FeeAmount;
  unit: string;
  basis: Doc[];
  era: FeeEra;
  reductions?: [description: string, basis: string][];
  notes?: string;
}

const since = (from: string): FeeEra => ({ kind: 'current', from: `${from}T00:00:00+08:00` });
/** A document cited whole: a title cut to fit ("…") reads as a different, non-existent document. */
const cite = (d: Doc) => `${d[0]}（${d[1]}）`;

const SMALL_BUSINESS_FREE: [string, string] = ['小微企业（含个体工商户）免收', cite(DOCS.smallBusiness)];
const ASSISTANCE_FREE: [string, string] = ['最低生活保障对象、特困供养人员免收', cite(DOCS.funeralFree)];

function rows(): FeeRow[] {
  const out: FeeRow[] = [];
  const add = (row: FeeRow) => out.push(row);

  // 自然资源: 不动产登记与测绘、耕地保护。
  add({
    id: 'fee-bdc-residential',
    name: '不动产登记费（住宅类）',
    departmentId: 'dept-zrzy',
    amount: fixed(80),
    unit: '元/件',
    basis: [DOCS.bdc],
    era: since('2017-03-01'),
    reductions: [
      ['申请廉租住房、公共租赁住房、经济适用住房和棚户区改造住房登记的，免收', cite(DOCS.bdcFree)],
      ['因继承、受遗赠取得住宅登记的，减半收取', cite(DOCS.bdcFree)],
    ],
    notes: '收费包含第一本不动产权属证书的工本费；每增加一本证书加收工本费10元。',
  });
  add({
    id: 'fee-bdc-nonresidential',
    name: '不动产登记费（非住宅类）',
    departmentId: 'dept-zrzy',
    amount: fixed(550),
    unit: '元/件',
    basis: [DOCS.bdc],
    era: since('2017-03-01'),
    reductions: [SMALL_BUSINESS_FREE],
    notes: '商业、办公、工业等非住宅类不动产适用。',
  });
  add({
    id: 'fee-bdc-certificate',
    name: '不动产权属证书工本费',
    departmentId: 'dept-zrzy',
    amount: fixed(10),
    unit: '元/本',
    basis: [DOCS.bdc],
    era: since('2017-03-01'),
    notes: '第一本证书不另收工本费，自第二本起按本收取。',
  });
  add({
    id: 'fee-bdc-rural',
    name: '农村宅基地使用权及房屋所有权登记证书工本费',
    departmentId: 'dept-zrzy',
    amount: fixed(10),
    unit: '元/本',
    basis: [DOCS.bdc, DOCS.bdcFree],
    era: since('2019-07-01'),
    reductions: [['农村集体经济组织成员首次登记宅基地使用权及房屋所有权的，只收证书工本费，不收登记费', cite(DOCS.bdcFree)]],
  });
  add({
    id: 'fee-bdc-mortgage',
    name: '不动产抵押权登记费',
    departmentId: 'dept-zrzy',
    amount: fixed(80),
    unit: '元/件',
    basis: [DOCS.bdc],
    era: since('2017-03-01'),
    reductions: [SMALL_BUSINESS_FREE, ['小微企业（含个体工商户）申请抵押贷款办理抵押登记的，免收', cite(DOCS.bdcFree)]],
    notes: '住宅抵押按住宅类标准收取，非住宅抵押按每件550元收取。',
  });
  add({
    id: 'fee-bdc-archive-copy',
    name: '不动产登记资料复印费',
    departmentId: 'dept-zrzy',
    amount: perUnit(0.5),
    unit: '元/页',
    basis: [DOCS.bdc],
    era: since('2018-01-01'),
    notes: '权利人查询本人登记资料，打印查询结果证明不收费。',
  });
  add({
    id: 'fee-survey-residential',
    name: '房产测绘服务费（住宅）',
    departmentId: 'dept-zrzy',
    amount: perUnit(1.36),
    unit: '元/平方米',
    basis: [DOCS.survey],
    era: since('2020-06-01'),
  });
  add({
    id: 'fee-survey-nonresidential',
    name: '房产测绘服务费（非住宅）',
    departmentId: 'dept-zrzy',
    amount: perUnit(1.5),
    unit: '元/平方米',
    basis: [DOCS.survey],
    era: since('2020-06-01'),
  });
  add({
    id: 'fee-land-reclaim-dry',
    name: '耕地开垦费（旱地）',
    departmentId: 'dept-zrzy',
    amount: perUnit(20),
    unit: '元/平方米',
    basis: [DOCS.land],
    era: since('2018-09-01'),
  });
  add({
    id: 'fee-land-reclaim-paddy',
    name: '耕地开垦费（水田）',
    departmentId: 'dept-zrzy',
    amount: perUnit(40),
    unit: '元/平方米',
    basis: [DOCS.land],
    era: since('2018-09-01'),
  });
  add({
    id: 'fee-land-restore',
    name: '土地复垦费',
    departmentId: 'dept-zrzy',
    amount: range(6, 12),
    unit: '元/平方米',
    basis: [DOCS.land],
    era: since('2018-09-01'),
    notes: '按损毁土地类别和程度确定。',
  });

  // 公安户政: 证件工本费。
  add({
    id: 'fee-id-card',
    name: '居民身份证工本费（申领、换领）',
    departmentId: 'dept-gahz',
    amount: fixed(20),
    unit: '元/证',
    basis: [DOCS.idCard],
    era: since('2015-10-01'),
    reductions: [
      ['城乡最低生活保障对象、特困供养人员申领、换领的，免收', cite(DOCS.idCard)],
      ['未满16周岁首次申领的，免收', cite(DOCS.idCard)],
    ],
  });
  add({
    id: 'fee-id-card-reissue',
    name: '居民身份证工本费（补领、损坏换领）',
    departmentId: 'dept-gahz',
    amount: fixed(40),
    unit: '元/证',
    basis: [DOCS.idCard],
    era: since('2015-10-01'),
    reductions: [['城乡最低生活保障对象补领的，减半收取', cite(DOCS.idCard)]],
  });
  add({
    id: 'fee-id-card-temporary',
    name: '临时居民身份证工本费',
    departmentId: 'dept-gahz',
    amount: fixed(10),
    unit: '元/证',
    basis: [DOCS.idCard],
    era: since('2015-10-01'),
  });
  add({
    id: 'fee-residence-permit',
    name: '居住证工本费（换领、补领）',
    departmentId: 'dept-gahz',
    amount: fixed(20),
    unit: '元/证',
    basis: [DOCS.residence],
    era: since('2016-06-01'),
    notes: '首次申领居住证不收费。',
  });

  // 民政: 殡葬基本服务和公办养老机构。
  const funeral: [string, string, number | [number, number], string, boolean][] = [
    ['fee-funeral-transport', '遗体接运费（市区）', 200, '元/次', true],
    ['fee-funeral-transport-km', '遗体接运里程费（超出10公里部分）', 5, '元/公里', false],
    ['fee-funeral-storage', '遗体冷藏存放费', 50, '元/天', true],
    ['fee-funeral-cremation', '遗体火化费（普通火化炉）', 350, '元/具', true],
    ['fee-funeral-cremation-premium', '遗体火化费（拣灰炉）', [600, 800], '元/具', false],
    ['fee-funeral-dressing', '遗体整容费（基本）', 100, '元/具', true],
    ['fee-funeral-ashes', '骨灰寄存费', 60, '元/年', true],
    ['fee-funeral-hall-small', '告别厅租用费（小厅）', [200, 300], '元/次', false],
    ['fee-funeral-hall-large', '告别厅租用费（大厅）', [500, 800], '元/次', false],
    ['fee-funeral-vigil', '守灵厅租用费', [300, 500], '元/天', false],
  ];
  for (const [id, name, amount, unit, basic] of funeral) {
    add({
      id,
      name,
      departmentId: 'dept-mz',
      amount: typeof amount === 'number' ? (unit.includes('公里') ? perUnit(amount) : fixed(amount)) : range(...amount),
      unit,
      basis: [DOCS.funeral],
      era: since('2021-05-01'),
      reductions: basic
        ? [ASSISTANCE_FREE, ['本县户籍居民去世后实行火化的，基本殡葬服务费由县财政补助，每人最高1200元', cite(DOCS.funeralFree)]]
        : [],
      notes: basic ? '属于基本殡葬服务，实行政府定价。' : '属于选择性殡葬服务，实行政府指导价，丧属自愿选择。',
    });
  }
  const elderCare: [string, string, [number, number]][] = [
    ['self', '自理老人', [800, 1000]],
    ['semi', '半失能老人', [1200, 1500]],
    ['full', '失能老人', [1800, 2200]],
  ];
  for (const [key, who, [min, max]] of elderCare) {
    add({
      id: `fee-elder-care-${key}`,
      name: `公办养老机构床位与护理费（${who}）`,
      departmentId: 'dept-mz',
      amount: range(min, max),
      unit: '元/月',
      basis: [DOCS.elderCare],
      era: since('2022-03-01'),
      reductions: [
        ['特困供养人员由政府集中供养，免收', cite(DOCS.elderCare)],
        ['低保家庭老人减收20%', cite(DOCS.elderCare)],
      ],
    });
  }

  // 卫健。
  add({
    id: 'fee-vaccine-service',
    name: '非免疫规划疫苗接种服务费',
    departmentId: 'dept-wj',
    amount: fixed(20),
    unit: '元/剂次',
    basis: [DOCS.vaccine],
    era: since('2019-12-01'),
    notes: '免疫规划疫苗（国家免费疫苗）接种不收取任何费用。',
  });
  add({
    id: 'fee-health-check',
    name: '从业人员预防性健康检查费',
    departmentId: 'dept-wj',
    amount: fixed(40),
    unit: '元/人次',
    basis: [DOCS.healthCheck],
    era: since('2021-08-01'),
    reductions: [['高校毕业生离校2年内首次办理的，免收', cite(DOCS.healthCheck)]],
  });
  add({
    id: 'fee-medical-appraisal',
    name: '医疗损害技术鉴定费',
    departmentId: 'dept-wj',
    amount: range(2000, 4000),
    unit: '元/例',
    basis: [DOCS.medicalAppraisal],
    era: since('2018-07-01'),
    reductions: [['低保对象申请鉴定的，免收', cite(DOCS.medicalAppraisal)]],
  });
  add({
    id: 'fee-medical-appraisal-reexam',
    name: '医疗损害技术鉴定费（再次鉴定）',
    departmentId: 'dept-wj',
    amount: range(3000, 5000),
    unit: '元/例',
    basis: [DOCS.medicalAppraisal],
    era: since('2018-07-01'),
  });
  add({
    id: 'fee-health-certificate-reissue',
    name: '健康证明补办工本费',
    departmentId: 'dept-wj',
    amount: fixed(5),
    unit: '元/证',
    basis: [DOCS.healthCheck],
    era: since('2021-08-01'),
  });

  // 市场监管: 特种设备检验和计量校准。
  const equipment: [string, string, number | [number, number], string][] = [
    ['elevator', '电梯定期检验费（乘客电梯）', 400, '元/台'],
    ['escalator', '自动扶梯定期检验费', 600, '元/台'],
    ['boiler-small', '锅炉定期检验费（蒸发量1吨/小时以下）', [300, 500], '元/台'],
    ['boiler-large', '锅炉定期检验费（蒸发量1吨/小时及以上）', [800, 1500], '元/台'],
    ['vessel', '压力容器定期检验费', [200, 600], '元/台'],
    ['lpg', '液化石油气钢瓶定期检验费', 20, '元/只'],
    ['forklift', '场（厂）内专用机动车辆检验费', 300, '元/台'],
    ['crane', '起重机械定期检验费', [500, 1200], '元/台'],
  ];
  for (const [key, name, amount, unit] of equipment) {
    add({
      id: `fee-equipment-${key}`,
      name,
      departmentId: 'dept-scjg',
      amount: typeof amount === 'number' ? fixed(amount) : range(...amount),
      unit,
      basis: [DOCS.specialEquipment],
      era: since('2019-04-01'),
      reductions: [SMALL_BUSINESS_FREE.map((s, i) => (i === 0 ? '小微企业检验费减按80%收取' : s)) as [string, string]],
    });
  }
  const metrology: [string, string, number, string][] = [
    ['taxi', '出租汽车计价器校准费', 60, '元/台'],
    ['fuel', '燃油加油机校准费', 80, '元/枪'],
    ['scale', '电子计价秤校准费', 15, '元/台'],
    ['truck-scale', '电子汽车衡校准费', 600, '元/台'],
  ];
  for (const [key, name, amount, unit] of metrology) {
    add({
      id: `fee-metrology-${key}`,
      name,
      departmentId: 'dept-scjg',
      amount: fixed(amount),
      unit,
      basis: [DOCS.metrology],
      era: since('2020-09-01'),
      reductions: [['集贸市场经营户用于贸易结算的电子秤，由市场监管部门免费检定', cite(DOCS.metrology)]],
      notes: '强制检定计量器具依法免费检定，本项仅适用于自愿委托校准。',
    });
  }

  // 人社: 职业技能等级认定、人事考试、社保卡、城乡居民养老保险缴费档次。
  const occupations = ['电工', '焊工', '育婴员', '养老护理员', '中式烹调师', '美容师', '保育师', '农业经理人'];
  const levels: [string, string, number][] = [
    ['5', '五级/初级工', 150],
    ['4', '四级/中级工', 200],
    ['3', '三级/高级工', 260],
  ];
  occupations.forEach((occupation, o) => {
    for (const [level, levelName, base] of levels) {
      add({
        id: `fee-skill-${o + 1}-l${level}`,
        name: `职业技能等级认定费（${occupation}·${levelName}）`,
        departmentId: 'dept-rs',
        amount: fixed(base + (o % 3) * 20),
        unit: '元/人次',
        basis: [DOCS.skillTest],
        era: since('2021-10-01'),
        reductions: [['登记失业人员、脱贫劳动力参加认定的，由就业补助资金补贴', cite(DOCS.skillTest)]],
      });
    }
  });
  const exams: [string, string, number][] = [
    ['civil', '公务员录用考试考务费', 50],
    ['institution', '事业单位公开招聘考试考务费', 50],
    ['title-junior', '专业技术资格考试考务费（初级）', 56],
    ['title-middle', '专业技术资格考试考务费（中级）', 68],
    ['interview', '公开招聘面试考务费', 60],
  ];
  for (const [key, name, amount] of exams) {
    add({
      id: `fee-exam-${key}`,
      name,
      departmentId: 'dept-rs',
      amount: fixed(amount),
      unit: '元/科',
      basis: [DOCS.examFee],
      era: since('2020-07-01'),
      reductions: [['城乡最低生活保障家庭考生和脱贫家庭考生，凭证明免收', cite(DOCS.examFee)]],
    });
  }
  add({
    id: 'fee-social-card-replace',
    name: '社会保障卡补换卡工本费',
    departmentId: 'dept-rs',
    amount: fixed(20),
    unit: '元/张',
    basis: [DOCS.socialCard],
    era: since('2019-09-01'),
    reductions: [
      ['卡片质量问题或有效期满换卡的，免收', cite(DOCS.socialCard)],
      ['低保对象、特困人员、重度残疾人补换卡的，免收', cite(DOCS.socialCard)],
    ],
  });
  [200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 3000, 4000, 5000].forEach((level, i) => {
    add({
      id: `fee-resident-pension-${i + 1}`,
      name: `城乡居民基本养老保险个人缴费（第${i + 1}档）`,
      departmentId: 'dept-rs',
      amount: fixed(level),
      unit: '元/年',
      basis: [DOCS.pension],
      era: since('2023-01-01'),
      reductions: i === 0 ? [['低保对象、特困人员、返贫致贫人口、重度残疾人，由县政府代缴最低档次缴费', cite(DOCS.pensionHelp)]] : [],
      notes: `选择本档次的，政府每年补贴${[40, 45, 50, 55, 60, 65, 70, 75, 80, 100, 120, 150, 180, 200][i]}元。`,
    });
  });

  // 医保: 居民医保个人缴费（去年、今年、明年）和医疗服务价格。
  const insuranceHelp: [string, string][] = [
    ['特困人员个人缴费部分给予全额资助', cite(DOCS.medicalInsurance)],
    ['低保对象、返贫致贫人口个人缴费部分给予定额资助', cite(DOCS.medicalInsurance)],
  ];
  add({
    id: 'fee-resident-medical-old',
    name: '城乡居民基本医疗保险个人缴费（上一年度）',
    departmentId: 'dept-yb',
    amount: fixed(380),
    unit: '元/人·年',
    basis: [DOCS.medicalInsuranceOld],
    era: { kind: 'expired', from: '2024-01-01T00:00:00+08:00' },
    reductions: insuranceHelp,
  });
  add({
    id: 'fee-resident-medical',
    name: '城乡居民基本医疗保险个人缴费',
    departmentId: 'dept-yb',
    amount: fixed(400),
    unit: '元/人·年',
    basis: [DOCS.medicalInsurance],
    era: { kind: 'since-this-year' },
    reductions: insuranceHelp,
    notes: '集中缴费期为每年9月至12月，缴纳的是下一年度的医保费。',
  });
  add({
    id: 'fee-resident-medical-next',
    name: '城乡居民基本医疗保险个人缴费（新标准）',
    departmentId: 'dept-yb',
    amount: fixed(420),
    unit: '元/人·年',
    basis: [DOCS.medicalInsuranceNext],
    era: { kind: 'next-year' },
    reductions: insuranceHelp,
    notes: '新标准自下一年度1月1日起执行，此前按现行标准缴费。',
  });
  const medicalPrices: [string, string, number | [number, number], string][] = [
    ['consult-3', '普通门诊诊查费（三级医院）', 15, '元/次'],
    ['consult-2', '普通门诊诊查费（二级医院）', 12, '元/次'],
    ['consult-1', '普通门诊诊查费（一级医院）', 10, '元/次'],
    ['general-township', '一般诊疗费（乡镇卫生院）', 10, '元/次'],
    ['general-village', '一般诊疗费（村卫生室）', 8, '元/次'],
    ['chief', '主任医师门诊诊查费', 30, '元/次'],
    ['emergency', '急诊诊查费', 20, '元/次'],
    ['inpatient', '住院诊查费', 20, '元/日'],
    ['nursing-1', '一级护理费', 40, '元/日'],
    ['nursing-2', '二级护理费', 25, '元/日'],
    ['nursing-3', '三级护理费', 15, '元/日'],
    ['bed-3', '普通病房床位费（三人间）', [25, 35], '元/床·日'],
    ['bed-2', '普通病房床位费（双人间）', [40, 60], '元/床·日'],
    ['injection', '静脉输液费（第一组）', 8, '元/组'],
  ];
  for (const [key, name, amount, unit] of medicalPrices) {
    add({
      id: `fee-medical-${key}`,
      name,
      departmentId: 'dept-yb',
      amount: typeof amount === 'number' ? fixed(amount) : range(...amount),
      unit,
      basis: [DOCS.medicalPrice],
      era: since('2022-10-01'),
      reductions: key.startsWith('general') ? [['65周岁以上老人在基层医疗机构就诊，个人自付部分减免2元', cite(DOCS.medicalPrice)]] : [],
      notes: '公立医疗机构执行，纳入基本医疗保险支付范围。',
    });
  }

  // 住建: 供水（去年、今年、明年）、污水和垃圾、租金、停车、物业。
  const waterTiers: [string, string, number, number, number][] = [
    ['t1', '城镇居民生活用水（第一阶梯，每户每年0–180吨）', 2.2, 2.5, 2.7],
    ['t2', '城镇居民生活用水（第二阶梯，181–300吨）', 3.3, 3.75, 4.05],
    ['t3', '城镇居民生活用水（第三阶梯，300吨以上）', 6.6, 7.5, 8.1],
    ['business', '非居民用水', 3.8, 4.2, 4.5],
    ['special', '特种行业用水（洗车、洗浴等）', 9, 10, 11],
  ];
  for (const [key, name, old, current, next] of waterTiers) {
    add({
      id: `fee-water-${key}-old`,
      name: `${name}（原标准）`,
      departmentId: 'dept-zj',
      amount: perUnit(old),
      unit: '元/吨',
      basis: [DOCS.waterOld],
      era: { kind: 'expired', from: '2016-05-01T00:00:00+08:00' },
    });
    add({
      id: `fee-water-${key}`,
      name,
      departmentId: 'dept-zj',
      amount: perUnit(current),
      unit: '元/吨',
      basis: [DOCS.water],
      era: key === 't1' || key === 'business' ? { kind: 'current-until-next-year', from: 'this-year' } : { kind: 'since-this-year' },
      reductions: key.startsWith('t') ? [['低保家庭、特困供养家庭每户每月免收5吨水费', cite(DOCS.water)]] : [],
    });
    if (key === 't1' || key === 'business') {
      add({
        id: `fee-water-${key}-next`,
        name: `${name}（调整后）`,
        departmentId: 'dept-zj',
        amount: perUnit(next),
        unit: '元/吨',
        basis: [DOCS.waterNext],
        era: { kind: 'next-year' },
        notes: '经价格听证后调整，自下一年度1月1日起执行。',
      });
    }
  }
  add({
    id: 'fee-sewage-residential',
    name: '污水处理费（居民）',
    departmentId: 'dept-zj',
    amount: perUnit(0.95),
    unit: '元/吨',
    basis: [DOCS.sewage],
    era: since('2020-10-01'),
  });
  add({
    id: 'fee-sewage-business',
    name: '污水处理费（非居民）',
    departmentId: 'dept-zj',
    amount: perUnit(1.4),
    unit: '元/吨',
    basis: [DOCS.sewage],
    era: since('2020-10-01'),
  });
  add({
    id: 'fee-garbage-household',
    name: '生活垃圾处理费（城镇居民）',
    departmentId: 'dept-zj',
    amount: fixed(8),
    unit: '元/户·月',
    basis: [DOCS.garbage],
    era: since('2021-04-01'),
    reductions: [['低保户、特困供养户免收', cite(DOCS.garbage)]],
  });
  add({
    id: 'fee-garbage-business',
    name: '生活垃圾处理费（经营单位）',
    departmentId: 'dept-zj',
    amount: perUnit(95),
    unit: '元/吨',
    basis: [DOCS.garbage],
    era: since('2021-04-01'),
    reductions: [SMALL_BUSINESS_FREE.map((s, i) => (i === 0 ? '个体工商户按每户每月20元定额收取' : s)) as [string, string]],
  });
  add({
    id: 'fee-public-rent',
    name: '公共租赁住房租金',
    departmentId: 'dept-zj',
    amount: range(4, 6),
    unit: '元/平方米·月',
    basis: [DOCS.rent],
    era: since('2022-07-01'),
    reductions: [['低保家庭租金减免70%，特困供养人员免收', cite(DOCS.rent)]],
  });
  add({
    id: 'fee-parking-street',
    name: '路内机动车停放服务费（小型车）',
    departmentId: 'dept-zj',
    amount: fixed(2),
    unit: '元/小时',
    basis: [DOCS.parking],
    era: since('2023-05-01'),
    reductions: [
      ['首30分钟内免费', cite(DOCS.parking)],
      ['残疾人专用车、新能源汽车首2小时免费', cite(DOCS.parking)],
    ],
  });
  add({
    id: 'fee-parking-lot',
    name: '公共停车场停放服务费（小型车）',
    departmentId: 'dept-zj',
    amount: fixed(1),
    unit: '元/小时',
    basis: [DOCS.parking],
    era: since('2023-05-01'),
    notes: '24小时内最高收费不超过15元。',
  });
  add({
    id: 'fee-parking-large',
    name: '公共停车场停放服务费（大型车）',
    departmentId: 'dept-zj',
    amount: fixed(3),
    unit: '元/小时',
    basis: [DOCS.parking],
    era: since('2023-05-01'),
  });
  ['一', '二', '三', '四'].forEach((grade, i) => {
    add({
      id: `fee-property-${i + 1}`,
      name: `前期物业公共服务费（${grade}级服务）`,
      departmentId: 'dept-zj',
      amount: perUnit([1.6, 1.3, 1.0, 0.7][i]!),
      unit: '元/平方米·月',
      basis: [DOCS.property],
      era: since('2021-03-01'),
      notes: '业主大会成立前的前期物业服务执行本指导价，上浮不超过10%。',
    });
  });
  add({
    id: 'fee-construction-waste',
    name: '建筑垃圾处置费',
    departmentId: 'dept-zj',
    amount: perUnit(6),
    unit: '元/吨',
    basis: [DOCS.construction],
    era: since('2020-08-01'),
  });
  add({
    id: 'fee-road-dig',
    name: '城市道路挖掘修复费（沥青路面）',
    departmentId: 'dept-zj',
    amount: perUnit(260),
    unit: '元/平方米',
    basis: [DOCS.roadDig],
    era: since('2019-11-01'),
  });
  add({
    id: 'fee-road-occupy',
    name: '城市道路占用费',
    departmentId: 'dept-zj',
    amount: range(0.5, 2),
    unit: '元/平方米·日',
    basis: [DOCS.roadDig],
    era: since('2019-11-01'),
    reductions: [['农民在城区临时占道出售自产农产品的，免收', cite(DOCS.roadDig)]],
  });

  // 农业农村: 农机牌证与种子检验。
  const farmMachine: [string, string, number, string][] = [
    ['plate-tractor', '拖拉机号牌工本费', 25, '元/副'],
    ['plate-harvester', '联合收割机号牌工本费', 25, '元/副'],
    ['license', '农机行驶证工本费', 10, '元/本'],
    ['driving', '拖拉机和联合收割机驾驶证工本费', 10, '元/本'],
    ['plate-temp', '农机临时号牌工本费', 5, '元/张'],
  ];
  for (const [key, name, amount, unit] of farmMachine) {
    add({
      id: `fee-farm-${key}`,
      name,
      departmentId: 'dept-nync',
      amount: fixed(amount),
      unit,
      basis: [DOCS.farmMachine],
      era: since('2017-06-01'),
      reductions: [['享受农机购置补贴的机具首次登记，牌证工本费由县财政承担', cite(DOCS.farmMachine)]],
    });
  }
  const seeds: [string, string, number][] = [
    ['purity', '农作物种子纯度检验费', 80],
    ['germination', '农作物种子发芽率检验费', 40],
    ['moisture', '农作物种子水分检验费', 20],
  ];
  for (const [key, name, amount] of seeds) {
    add({
      id: `fee-seed-${key}`,
      name,
      departmentId: 'dept-nync',
      amount: fixed(amount),
      unit: '元/样品',
      basis: [DOCS.seed],
      era: since('2019-03-01'),
      reductions: [['家庭农场、农民专业合作社自留种送检的，减半收取', cite(DOCS.seed)]],
    });
  }

  // 税务: 公开的税额标准。
  const vehicle: [string, number, number][] = [
    ['1.0升（含）以下', 60, 360],
    ['1.0升以上至1.6升（含）', 300, 540],
    ['1.6升以上至2.0升（含）', 360, 660],
    ['2.0升以上至2.5升（含）', 660, 1200],
    ['2.5升以上至3.0升（含）', 1200, 2400],
    ['3.0升以上至4.0升（含）', 2400, 3600],
  ];
  vehicle.forEach(([size, min, max], i) => {
    add({
      id: `fee-vehicle-tax-${i + 1}`,
      name: `车船税（乘用车，排气量${size}）`,
      departmentId: 'dept-sw',
      amount: range(min, max),
      unit: '元/辆·年',
      basis: [DOCS.vehicleTax],
      era: since('2012-01-01'),
      reductions: [['节约能源的车船减半征收，使用新能源的车船免征', cite(DOCS.vehicleTax)]],
      notes: '具体税额按本省规定的适用税额执行，投保交强险时由保险机构代收代缴。',
    });
  });
  ['一', '二', '三', '四'].forEach((grade, i) => {
    add({
      id: `fee-land-use-tax-${i + 1}`,
      name: `城镇土地使用税（${grade}级土地）`,
      departmentId: 'dept-sw',
      amount: perUnit([12, 8, 5, 2][i]!),
      unit: '元/平方米·年',
      basis: [DOCS.landTax],
      era: since('2019-01-01'),
      reductions: [['增值税小规模纳税人减半征收', cite(DOCS.landTax)]],
    });
  });
  add({
    id: 'fee-farmland-tax',
    name: '耕地占用税',
    departmentId: 'dept-sw',
    amount: perUnit(22.5),
    unit: '元/平方米',
    basis: [DOCS.farmlandTax],
    era: since('2019-09-01'),
    reductions: [
      ['农村居民在规定用地标准以内占用耕地新建自用住宅，减半征收', cite(DOCS.farmlandTax)],
      ['农村烈士遗属、因公牺牲军人遗属、残疾军人和符合条件的低保农村居民新建自用住宅，免征', cite(DOCS.farmlandTax)],
    ],
  });

  // 财政。
  add({
    id: 'fee-accounting-exam-junior',
    name: '会计专业技术资格考试考务费（初级）',
    departmentId: 'dept-cz',
    amount: fixed(56),
    unit: '元/科',
    basis: [DOCS.accountingExam],
    era: { kind: 'since-this-year' },
  });
  add({
    id: 'fee-accounting-exam-middle',
    name: '会计专业技术资格考试考务费（中级）',
    departmentId: 'dept-cz',
    amount: fixed(68),
    unit: '元/科',
    basis: [DOCS.accountingExam],
    era: since('2021-03-01'),
  });
  add({
    id: 'fee-accounting-exam-senior',
    name: '会计专业技术资格考试考务费（高级）',
    departmentId: 'dept-cz',
    amount: fixed(80),
    unit: '元/科',
    basis: [DOCS.accountingExam],
    era: since('2021-03-01'),
  });
  add({
    id: 'fee-accounting-exam-old',
    name: '会计专业技术资格考试考务费（初级，原标准）',
    departmentId: 'dept-cz',
    amount: fixed(50),
    unit: '元/科',
    basis: [DOCS.accountingExam],
    era: { kind: 'expired', from: '2016-03-01T00:00:00+08:00' },
  });
  return out;
}

export const FEE_ROWS: readonly FeeRow[] = rows();
