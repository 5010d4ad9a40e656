/** Expands the guide catalogue into full ServiceGuide records, plus village-point versions for agent-handled items. */
import { guideWords } from './guide-words';
import type { ServiceGuide, Step, TimeLimit } from '../../shared/content';
import { envelope, hallScope, type DemoContext } from './context';
import { departmentInfo } from './departments';
import { SATURDAY_WINDOWS } from './duty';
import { landAndBusinessGuides } from './guide-catalogue-land-business';
import { peopleGuides } from './guide-catalogue-people';
import type { GuideSpec } from './guide-spec';
import { VILLAGE_POINTS } from './halls';
import { createMaterialLibrary } from './materials';
import { COUNTY_HALL_ID, HALL_PHONES } from './places';

const ITEM_TYPE_CODES: Record<GuideSpec['itemType'], string> = {
  行政许可: '01',
  行政征收: '02',
  行政给付: '03',
  行政检查: '04',
  行政确认: '07',
  行政奖励: '08',
  行政裁决: '09',
  其他行政权力: '10',
  公共服务: '20',
};

/** National-catalogue style: 00 + type + department + sequence + 000, e.g. 000303001000. */
export function itemCode(spec: Pick<GuideSpec, 'itemType' | 'departmentId'>, departmentNumber: number, sequence: number): string {
  return `00${ITEM_TYPE_CODES[spec.itemType]}${String(departmentNumber).padStart(2, '0')}${String(sequence).padStart(3, '0')}000`;
}

const limit = (days: number): TimeLimit => (days === 0 ? { kind: 'same-day' } : { kind: 'working-days', days });

const COUNTY_HOURS = '周一至周五 8:30–12:00，14:00–17:30';
const SATURDAY_HOURS = '；周六 9:00–12:00';
const VILLAGE_HOURS = '周一至周五 9:00–12:00，14:30–17:00（村便民服务站）';
const HOLIDAYS = '；法定节假日除外';

/** The standard procedure for a same-day or a promised item, when the catalogue does not spell one out. */
export function standardSteps(spec: GuideSpec): Step[] {
  const department = departmentInfo(spec.departmentId);
  if (spec.promisedDays === 0) {
    return [
      { title: '提交申请', actor: '申请人', result: '在窗口或网上提交申请材料', standard: '材料齐全、符合法定形式', timeLimit: '' },
      {
        title: '受理审核',
        actor: '窗口工作人员',
        result: '当场审核申请材料',
        standard: '材料不齐全的一次性告知需要补正的全部内容',
        timeLimit: '当场',
      },
      { title: '办结', actor: '窗口工作人员', result: `当场出具${spec.result}`, standard: '', timeLimit: '当场' },
    ];
  }
  const review = Math.max(1, spec.promisedDays - 1);
  return [
    { title: '提交申请', actor: '申请人', result: '在窗口或网上提交申请材料', standard: '材料齐全、符合法定形式', timeLimit: '' },
    {
      title: '受理',
      actor: '窗口工作人员',
      result: '材料齐全的当场受理并出具受理通知书',
      standard: '材料不齐全的一次性告知需要补正的全部内容',
      timeLimit: '当场',
    },
    {
      title: '审查',
      actor: `${department.shortName}业务股室`,
      result: '审查申请材料，必要时进行现场核查',
      standard: '按照受理条件逐项审查',
      timeLimit: `${review}个工作日`,
    },
    {
      title: '决定',
      actor: department.name,
      result: '作出准予或不予的决定',
      standard: '不予办理的书面说明理由并告知救济途径',
      timeLimit: '1个工作日',
    },
    { title: '送达', actor: '窗口工作人员', result: `窗口领取或免费邮寄${spec.result}`, standard: '', timeLimit: '' },
  ];
}

function progressFaq(spec: GuideSpec): [string, string] {
  const phone = departmentInfo(spec.departmentId).consultPhone;
  return ['办理进度怎么查询？', `凭受理通知书上的编号，在本机、江淮政务服务网或拨打咨询电话 ${phone} 查询。`];
}

export function buildGuide(ctx: DemoContext, spec: GuideSpec, code: string): ServiceGuide {
  const department = departmentInfo(spec.departmentId);
  const saturday = spec.windows.some((w) => SATURDAY_WINDOWS.has(w));
  const faq = spec.promisedDays > 0 && spec.faq.length < 4 ? [...spec.faq, progressFaq(spec)] : spec.faq;
  return {
    ...envelope(ctx, spec.id),
    type: 'guide',
    name: spec.name,
    plainName: spec.plainName,
    ...guideWords(spec.id),
    itemCode: code,
    itemType: spec.itemType,
    departmentId: spec.departmentId,
    audience: spec.audience,
    caseType: spec.promisedDays === 0 ? 'immediate' : 'promised',
    summary: spec.summary,
    legalBasis: spec.basis.map(([title, article]) => ({ title, article })),
    conditions: spec.conditions,
    materials: spec.materials,
    steps: spec.steps ?? standardSteps(spec),
    legalTimeLimit: limit(spec.legalDays),
    promisedTimeLimit: limit(spec.promisedDays),
    fees: spec.fees && spec.fees.length > 0 ? { kind: 'items', feeItemIds: spec.fees } : { kind: 'none' },
    place: { hallId: COUNTY_HALL_ID, floor: department.floor, windows: spec.windows, address: `青岚县政务服务中心${department.floor}` },
    hours: COUNTY_HOURS + (saturday ? SATURDAY_HOURS : '') + HOLIDAYS,
    consultPhone: department.consultPhone,
    complaintPhone: HALL_PHONES.complaint,
    visitsNeeded: spec.visits,
    online: spec.online
      ? { available: true, url: `https://zwfw.qinglan.example/item/${code}`, note: spec.online }
      : { available: false, url: '', note: '需本人到窗口办理' },
    result: spec.result,
    faq: faq.map(([question, answer]) => ({ question, answer })),
    topics: spec.topics,
    lifeEvents: spec.lifeEvents,
    popularity: spec.popularity,
  };
}

/**
 * The same item as taken in at a village point: the agent checks the
 * materials and carries them to the county hall, so the resident does not travel.
 */
export function villageVersion(ctx: DemoContext, guide: ServiceGuide, point: (typeof VILLAGE_POINTS)[number]): ServiceGuide {
  const window = point.windows.find((w) => w.departmentId === guide.departmentId) ?? point.windows[0]!;
  const village = point.name.replace('便民服务站', '');
  return {
    ...guide,
    ...envelope(ctx, `${guide.id}-${point.id.replace('point-', '')}`, hallScope(point.id)),
    name: `${guide.name}（${village}代办）`,
    summary: `${guide.summary}${village}群众可在村便民服务站由代办员免费代办，不用跑县城。`,
    place: { hallId: point.id, floor: window.floor, windows: [window.id], address: point.address },
    hours: VILLAGE_HOURS + HOLIDAYS,
    visitsNeeded: Math.min(guide.visitsNeeded, 1),
    steps: [
      {
        title: '村级代办受理',
        actor: '村级代办员',
        result: '在村便民服务站核对材料并登记',
        standard: '材料不齐全的一次性告知',
        timeLimit: '当场',
      },
      ...guide.steps.filter((s) => s.actor !== '申请人'),
    ],
    popularity: Math.round(guide.popularity / 4),
  };
}

export function guideSpecs(ctx: DemoContext): GuideSpec[] {
  const materials = createMaterialLibrary(ctx);
  return [...peopleGuides(materials), ...landAndBusinessGuides(materials)];
}

export function buildGuides(ctx: DemoContext, departmentIds: readonly string[]): { guides: ServiceGuide[]; specs: GuideSpec[] } {
  const specs = guideSpecs(ctx);
  const sequence = new Map<string, number>();
  const guides: ServiceGuide[] = [];
  for (const spec of specs) {
    const n = (sequence.get(spec.departmentId) ?? 0) + 1;
    sequence.set(spec.departmentId, n);
    const guide = buildGuide(ctx, spec, itemCode(spec, departmentIds.indexOf(spec.departmentId) + 1, n));
    guides.push(guide);
  }
  // Each village point publishes its own versions of a few agent-handled items (two or three per point).
  const countyGuides = [...guides];
  VILLAGE_POINTS.forEach((point, p) => {
    const agentGuides = countyGuides.filter((_, i) => specs[i]!.villageAgent && i % VILLAGE_POINTS.length === p);
    for (const guide of agentGuides.slice(0, 3)) guides.push(villageVersion(ctx, guide, point));
  });
  return { guides, specs };
}
