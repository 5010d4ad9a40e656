/** The county service hall, the three village query points, and township halls for scaled data. */
import type { Hall, HallWindow } from '../../shared/content';
import { envelope, type DemoContext } from './context';
import { buildFloorPlans } from './floor-plans';
import { COUNTY, COUNTY_HALL_ID, HALL_PHONES, TOWNS } from './places';

type OpeningDay = Hall['openingHours'][number];

const WEEKDAY_PERIODS = [
  { open: '08:30', close: '12:00' },
  { open: '14:00', close: '17:30' },
];
const VILLAGE_PERIODS = [
  { open: '09:00', close: '12:00' },
  { open: '14:30', close: '17:00' },
];

/** Monday to Friday with the given periods, Saturday as given, Sunday closed. */
function weekHours(weekday: OpeningDay['periods'], saturday: OpeningDay['periods']): OpeningDay[] {
  return [1, 2, 3, 4, 5, 6, 7].map((d) => ({ weekday: d, periods: d <= 5 ? weekday : d === 6 ? saturday : [] }));
}

/** The 24-hour duty line: staffed around the clock, so its shifts cross midnight. */
export const HOTLINE_WINDOW_ID = 'Z01';

export const COUNTY_WINDOWS: readonly HallWindow[] = [
  { id: 'A01', name: '社会救助综合受理', floor: '1楼', departmentId: 'dept-mz' },
  { id: 'A02', name: '养老与残疾人福利', floor: '1楼', departmentId: 'dept-mz' },
  { id: 'A03', name: '婚姻登记', floor: '1楼', departmentId: 'dept-mz' },
  { id: 'A04', name: '户籍办理', floor: '1楼', departmentId: 'dept-gahz' },
  { id: 'A05', name: '居民身份证办理', floor: '1楼', departmentId: 'dept-gahz' },
  { id: 'A06', name: '社会保障卡服务', floor: '1楼', departmentId: 'dept-rs' },
  { id: 'A07', name: '就业与养老保险', floor: '1楼', departmentId: 'dept-rs' },
  { id: 'A08', name: '医保参保登记', floor: '1楼', departmentId: 'dept-yb' },
  { id: 'A09', name: '医保待遇与报销', floor: '1楼', departmentId: 'dept-yb' },
  { id: 'B01', name: '市场主体登记', floor: '2楼', departmentId: 'dept-scjg' },
  { id: 'B02', name: '食品经营许可', floor: '2楼', departmentId: 'dept-scjg' },
  { id: 'B03', name: '税务综合服务', floor: '2楼', departmentId: 'dept-sw' },
  { id: 'B04', name: '发票领用与代开', floor: '2楼', departmentId: 'dept-sw' },
  { id: 'B05', name: '卫生健康服务', floor: '2楼', departmentId: 'dept-wj' },
  { id: 'B06', name: '财政业务', floor: '2楼', departmentId: 'dept-cz' },
  { id: 'C01', name: '不动产登记受理', floor: '3楼', departmentId: 'dept-zrzy' },
  { id: 'C02', name: '不动产登记受理', floor: '3楼', departmentId: 'dept-zrzy' },
  { id: 'C03', name: '不动产交易税费', floor: '3楼', departmentId: 'dept-sw' },
  { id: 'C04', name: '规划许可', floor: '3楼', departmentId: 'dept-zrzy' },
  { id: 'C05', name: '工程建设审批', floor: '3楼', departmentId: 'dept-zj' },
  { id: 'C06', name: '住房保障', floor: '3楼', departmentId: 'dept-zj' },
  { id: 'C07', name: '农业农村服务', floor: '3楼', departmentId: 'dept-nync' },
  { id: HOTLINE_WINDOW_ID, name: '24小时值班热线', floor: '1楼' },
];

interface VillagePointInfo {
  id: string;
  name: string;
  address: string;
  windows: HallWindow[];
  directions: string;
}

export const VILLAGE_POINTS: readonly VillagePointInfo[] = [
  {
    id: 'point-dongshan',
    name: '东山村便民服务站',
    address: `${COUNTY}东山镇东山村村民委员会一楼`,
    directions: '村委会大楼一楼东侧，门口有“免费查询点”标牌，可乘县城至东山镇班车在东山村口下车。',
    windows: [
      { id: 'D01', name: '民政社保代办', floor: '1楼', departmentId: 'dept-mz' },
      { id: 'D02', name: '医保户籍代办', floor: '1楼', departmentId: 'dept-yb' },
    ],
  },
  {
    id: 'point-xihe',
    name: '西河村便民服务站',
    address: `${COUNTY}西河镇西河村文化广场北侧`,
    directions: '文化广场北侧平房，与村卫生室相邻。',
    windows: [{ id: 'X01', name: '综合代办', floor: '1楼', departmentId: 'dept-mz' }],
  },
  {
    id: 'point-nanping',
    name: '南坪村便民服务站',
    address: `${COUNTY}南坪乡南坪村党群服务中心`,
    directions: '党群服务中心一楼大厅，无台阶，轮椅可直接进入。',
    windows: [
      { id: 'N01', name: '综合代办', floor: '1楼', departmentId: 'dept-mz' },
      { id: 'N02', name: '农业服务', floor: '1楼', departmentId: 'dept-nync' },
      { id: 'N03', name: '社保医保代办', floor: '1楼', departmentId: 'dept-rs' },
    ],
  },
];

const HOLIDAY_NOTE = '法定节假日休息，调休工作日正常办公，具体安排以大厅公告为准。24小时值班电话节假日照常接听。';

export function buildHalls(ctx: DemoContext): Hall[] {
  const county: Hall = {
    ...envelope(ctx, COUNTY_HALL_ID),
    type: 'hall',
    name: `${COUNTY}政务服务中心`,
    kind: 'service-hall',
    address: `${COUNTY}城关镇人民路188号`,
    timezone: 'Asia/Shanghai',
    openingHours: weekHours(WEEKDAY_PERIODS, [{ open: '09:00', close: '12:00' }]),
    holidayNote: `${HOLIDAY_NOTE}周六上午仅开放户籍、身份证、社保卡、医保和不动产登记窗口。`,
    phones: [
      { label: '咨询服务台', number: HALL_PHONES.desk },
      { label: '监督投诉', number: HALL_PHONES.complaint },
      { label: '24小时值班', number: HALL_PHONES.duty },
    ],
    windows: [...COUNTY_WINDOWS],
    floorPlans: buildFloorPlans(`${COUNTY}政务服务中心`, COUNTY_WINDOWS, ctx.media),
    directions:
      '大厅共三层：1楼民政、户籍、社保、医保；2楼市场监管、税务、卫健、财政；3楼不动产登记、规划、住建、农业农村。无障碍电梯在大门右侧。',
  };
  const villages = VILLAGE_POINTS.map((p, i): Hall => ({
    ...envelope(ctx, p.id),
    type: 'hall',
    name: p.name,
    kind: 'village-point',
    address: p.address,
    timezone: 'Asia/Shanghai',
    openingHours: weekHours(VILLAGE_PERIODS, []),
    holidayNote: `${HOLIDAY_NOTE}农忙季节（5月、10月）部分日期下午可能调整，请留意站内公告。`,
    phones: [
      { label: '代办员电话', number: `0999-555${String(300 + i).padStart(4, '0')}` },
      { label: '监督投诉', number: HALL_PHONES.complaint },
    ],
    windows: p.windows,
    floorPlans: buildFloorPlans(p.name, p.windows, ctx.media),
    directions: p.directions,
  }));
  return [county, ...villages];
}

/** A township hall for scaled data: `windowCount` windows spread over the departments. */
export function buildTownHall(ctx: DemoContext, index: number, windowCount: number, departmentIds: readonly string[]): Hall {
  const town = TOWNS[index % TOWNS.length]!;
  const round = Math.floor(index / TOWNS.length);
  const name = `${town}便民服务中心${round ? `（第${round + 1}分中心）` : ''}`;
  const windows = Array.from({ length: windowCount }, (_, w): HallWindow => ({
    id: `W${String(w + 1).padStart(2, '0')}`,
    name: `综合受理${w + 1}号窗口`,
    floor: w < windowCount / 2 ? '1楼' : '2楼',
    departmentId: departmentIds[w % departmentIds.length]!,
  }));
  return {
    ...envelope(ctx, `hall-town-${String(index + 1).padStart(3, '0')}`),
    type: 'hall',
    name,
    kind: 'service-hall',
    address: `${COUNTY}${town}政府大院${index + 1}号楼`,
    timezone: 'Asia/Shanghai',
    openingHours: weekHours(WEEKDAY_PERIODS, []),
    holidayNote: HOLIDAY_NOTE,
    phones: [{ label: '咨询电话', number: `0999-555${String(4000 + index).padStart(4, '0')}` }],
    windows,
    directions: '',
  };
}
