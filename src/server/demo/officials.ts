/**
 * Officials who serve at the windows, with generated portraits, and the
 * roster that says who works which window (used to build duty shifts).
 */
import type { HallWindow, Official } from '../../shared/content';
import { envelope, type DemoContext } from './context';
import { COUNTY_HALL_ID, VILLAGE_POINT_IDS } from './places';
import { HOTLINE_WINDOW_ID } from './halls';
import { NameGenerator } from './names';
import { portraitSvg } from './portraits';

/** What a window's staff do, by department (the first duty names the window's own work). */
const DUTIES_BY_DEPARTMENT: Record<string, string[]> = {
  'dept-mz': ['受理最低生活保障、特困供养、临时救助申请', '受理高龄津贴、残疾人两项补贴申请', '解答社会救助和养老服务政策咨询'],
  'dept-zrzy': ['受理不动产首次、转移、变更、抵押和注销登记', '不动产登记资料查询', '解答不动产登记政策咨询'],
  'dept-cz': ['惠民惠农补贴“一卡通”查询和问题受理', '财政票据领购', '代理记账机构审批受理'],
  'dept-wj': ['生育登记服务', '计划生育家庭奖励扶助申请受理', '公共场所卫生许可受理'],
  'dept-scjg': ['个体工商户和企业登记注册', '食品经营许可受理', '营业执照变更、补领和注销'],
  'dept-gahz': ['户口迁移、出生登记、死亡注销', '居民身份证申领、换领、补领', '居住证申领'],
  'dept-rs': ['社会保障卡申领和补换', '就业失业登记和就业创业证办理', '城乡居民养老保险参保和待遇申领'],
  'dept-zj': ['建筑工程施工许可受理', '公共租赁住房申请受理', '农村危房改造补助申请受理'],
  'dept-nync': ['农村宅基地申请受理', '农机购置补贴和耕地地力保护补贴申领', '农村土地承包经营权流转备案'],
  'dept-sw': ['新办纳税人信息确认和税费申报', '发票领用和代开', '个人所得税汇算和完税证明开具'],
  'dept-yb': ['城乡居民医保参保登记', '医疗费用报销和异地就医备案', '门诊慢特病待遇认定'],
};

export const HOTLINE_DUTIES = ['接听24小时值班电话', '登记群众咨询、求助和投诉并转交责任部门', '节假日和夜间突发情况报告'];

const TITLES_PRIMARY = ['窗口负责人', '首席代表', '四级主任科员', '一级科员'];
const TITLES_SECOND = ['综合受理员', '二级科员', '业务骨干', '窗口工作人员'];

/** Who works a window: `morning` takes the morning shift, `afternoon` the afternoon shift. */
export interface WindowRoster {
  hallId: string;
  windowId: string;
  morning: string;
  afternoon: string;
}

export interface OfficialSeed {
  id: string;
  departmentId: string;
  window: string;
  title: string;
  duties: string[];
  bio: string;
}

export function buildOfficial(ctx: DemoContext, seed: OfficialSeed, name: string, phone: string): Official {
  const photo = ctx.media.addSvg(portraitSvg(seed.id), `${name}的示意头像（插画，非真人照片）`);
  return {
    ...envelope(ctx, seed.id),
    type: 'official',
    name,
    title: seed.title,
    departmentId: seed.departmentId,
    photo,
    window: seed.window,
    phone,
    duties: seed.duties,
    bio: seed.bio,
  };
}

export function dutiesFor(departmentId: string, windowName: string): string[] {
  const base = DUTIES_BY_DEPARTMENT[departmentId] ?? ['综合受理各类政务服务事项'];
  return [`${windowName}窗口业务办理`, ...base];
}

/** Windows in the county hall whose afternoon shift is taken by a second official. */
const TWO_PERSON_WINDOWS = new Set(['A01', 'A04', 'A05', 'A06', 'B01', 'B03', 'C01', 'C02']);

export interface StaffedHall {
  hallId: string;
  windows: readonly HallWindow[];
}

/**
 * Staffs every window of the given halls: one official per window, a second
 * one for the busy county windows, and four for the 24-hour duty line.
 */
export function buildDemoOfficials(
  ctx: DemoContext,
  halls: readonly StaffedHall[],
): { officials: Official[]; rosters: WindowRoster[]; hotlineIds: string[] } {
  const names = new NameGenerator(ctx.random.fork('official-names'));
  const officials: Official[] = [];
  const rosters: WindowRoster[] = [];
  const hotlineIds: string[] = [];
  let n = 0;
  const add = (seed: Omit<OfficialSeed, 'id'>) => {
    n += 1;
    const id = `official-${String(n).padStart(3, '0')}`;
    officials.push(buildOfficial(ctx, { ...seed, id }, names.next(), `0999-555${String(600 + n).padStart(4, '0')}`));
    return id;
  };
  for (const hall of halls) {
    const village = (VILLAGE_POINT_IDS as readonly string[]).includes(hall.hallId);
    for (const w of hall.windows) {
      if (w.id === HOTLINE_WINDOW_ID) {
        const departments = ['dept-mz', 'dept-rs', 'dept-yb', 'dept-gahz'];
        for (const departmentId of departments) {
          hotlineIds.push(
            add({
              departmentId,
              window: w.id,
              title: '热线值班员',
              duties: HOTLINE_DUTIES,
              bio: '由各进驻部门选派，轮流承担大厅24小时值班电话。',
            }),
          );
        }
        continue;
      }
      const departmentId = w.departmentId ?? 'dept-mz';
      const primary = add({
        departmentId,
        window: w.id,
        title: village ? '村级代办员' : ctx.random.pick(TITLES_PRIMARY),
        duties: dutiesFor(departmentId, w.name),
        bio: village
          ? '负责本村群众政务服务事项的咨询、帮办和代办，每周二到县政务服务中心集中递交材料。'
          : `在${w.name}窗口工作，熟悉本部门各项政务服务事项办理流程。`,
      });
      const second =
        hall.hallId === COUNTY_HALL_ID && TWO_PERSON_WINDOWS.has(w.id)
          ? add({
              departmentId,
              window: w.id,
              title: ctx.random.pick(TITLES_SECOND),
              duties: dutiesFor(departmentId, w.name),
              bio: `负责${w.name}窗口下午时段的受理工作。`,
            })
          : primary;
      rosters.push({ hallId: hall.hallId, windowId: w.id, morning: primary, afternoon: second });
    }
  }
  return { officials, rosters, hotlineIds };
}
