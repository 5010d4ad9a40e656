/** The eleven departments of the demo county, named as in the national catalogue. */
import { DEPARTMENT_NAMES_EN } from './guide-words';
import type { Department } from '../../shared/content';
import { envelope, type DemoContext } from './context';
import { COUNTY } from './places';

export interface DepartmentInfo {
  id: string;
  name: string;
  shortName: string;
  description: string;
  /** Where the department's windows are in the county hall. */
  floor: string;
  consultPhone: string;
}

export const DEPARTMENTS: readonly DepartmentInfo[] = [
  {
    id: 'dept-mz',
    name: `${COUNTY}民政局`,
    shortName: '民政',
    floor: '1楼',
    consultPhone: '0999-5550201',
    description: '负责社会救助（最低生活保障、特困人员供养、临时救助）、婚姻登记、养老服务、残疾人福利和殡葬管理等工作。',
  },
  {
    id: 'dept-zrzy',
    name: `${COUNTY}自然资源局`,
    shortName: '自然资源',
    floor: '3楼',
    consultPhone: '0999-5550202',
    description: '负责不动产统一登记、国土空间规划、乡村建设规划许可、耕地保护和自然资源调查监测等工作。',
  },
  {
    id: 'dept-cz',
    name: `${COUNTY}财政局`,
    shortName: '财政',
    floor: '2楼',
    consultPhone: '0999-5550203',
    description: '负责惠民惠农财政补贴资金“一卡通”发放管理、财政票据管理、会计管理和代理记账机构审批等工作。',
  },
  {
    id: 'dept-wj',
    name: `${COUNTY}卫生健康局`,
    shortName: '卫健',
    floor: '2楼',
    consultPhone: '0999-5550204',
    description: '负责生育登记服务、计划生育家庭奖励扶助、公共场所卫生许可、医疗机构和医师执业管理等工作。',
  },
  {
    id: 'dept-scjg',
    name: `${COUNTY}市场监督管理局`,
    shortName: '市场监管',
    floor: '2楼',
    consultPhone: '0999-5550205',
    description: '负责市场主体登记注册、食品经营许可、食品小作坊登记、特种设备和计量监督管理等工作。',
  },
  {
    id: 'dept-gahz',
    name: `${COUNTY}公安局户政管理大队`,
    shortName: '公安户政',
    floor: '1楼',
    consultPhone: '0999-5550206',
    description: '负责户口登记、户口迁移、居民身份证和居住证办理等户政管理工作。',
  },
  {
    id: 'dept-rs',
    name: `${COUNTY}人力资源和社会保障局`,
    shortName: '人社',
    floor: '1楼',
    consultPhone: '0999-5550207',
    description: '负责社会保障卡、就业失业登记、就业创业服务、城乡居民基本养老保险和失业保险等工作。',
  },
  {
    id: 'dept-zj',
    name: `${COUNTY}住房和城乡建设局`,
    shortName: '住建',
    floor: '3楼',
    consultPhone: '0999-5550208',
    description: '负责建筑工程施工许可、商品房预售许可、住房保障、农村危房改造和城镇供水等工作。',
  },
  {
    id: 'dept-nync',
    name: `${COUNTY}农业农村局`,
    shortName: '农业农村',
    floor: '3楼',
    consultPhone: '0999-5550209',
    description: '负责农村宅基地管理、农机购置补贴、耕地地力保护补贴、农村土地承包经营和农药经营许可等工作。',
  },
  {
    id: 'dept-sw',
    name: `国家税务总局${COUNTY}税务局`,
    shortName: '税务',
    floor: '2楼',
    consultPhone: '0999-5550210',
    description: '负责税费申报缴纳、发票领用与代开、个人所得税汇算、完税证明开具和社保费征收等工作。',
  },
  {
    id: 'dept-yb',
    name: `${COUNTY}医疗保障局`,
    shortName: '医保',
    floor: '1楼',
    consultPhone: '0999-5550211',
    description: '负责城乡居民基本医疗保险参保、医疗费用报销、异地就医备案、门诊慢特病认定和生育保险待遇等工作。',
  },
];

export function departmentInfo(id: string): DepartmentInfo {
  const info = DEPARTMENTS.find((d) => d.id === id);
  if (!info) throw new Error(`unknown demo department ${id}`);
  return info;
}

export function buildDepartments(ctx: DemoContext): Department[] {
  return DEPARTMENTS.map((d, index) => ({
    ...envelope(ctx, d.id),
    type: 'department' as const,
    name: d.name,
    shortName: d.shortName,
    nameEn: DEPARTMENT_NAMES_EN[d.id],
    description: d.description,
    address: `${COUNTY}政务服务中心${d.floor}`,
    phones: [{ label: '咨询电话', number: d.consultPhone }],
    sortOrder: (index + 1) * 10,
  }));
}
