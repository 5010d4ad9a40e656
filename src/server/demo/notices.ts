/**
 * Notices around `now`: most current, some expired, one scheduled for the
 * future; plain text and the kiosk's safe Markdown subset (paragraphs, lists, bold).
 */
import type { Notice } from '../../shared/content';
import { daysFrom, nextNewYear } from './clock';
import { envelope, hallScope, type DemoContext } from './context';
import { COUNTY, COUNTY_HALL_ID, HALL_PHONES } from './places';

interface NoticePlan {
  id: string;
  title: string;
  format: Notice['format'];
  body: string;
  priority: Notice['priority'];
  departmentId?: string;
  /** Days from now; negative is in the past. */
  publish: number;
  /** Days from now, or null for no expiry. */
  expires: number | null;
  hallId?: string;
}

const PLANS: NoticePlan[] = [
  {
    id: 'notice-medical-insurance-2027',
    title: '城乡居民医保集中缴费期开始啦',
    format: 'markdown',
    priority: 'important',
    departmentId: 'dept-yb',
    publish: -30,
    expires: 40,
    body: '下一年度城乡居民基本医疗保险集中缴费期为 **9月1日至12月31日**。\n\n缴费方式：\n\n- 到村便民服务站由代办员协助缴费\n- 到县政务服务中心1楼 A08 窗口缴费\n- 使用手机“江淮税务”应用缴费\n\n特困人员、低保对象的个人缴费由政府按规定资助，无需本人垫付。',
  },
  {
    id: 'notice-saturday-service',
    title: '周六上午延时服务窗口安排',
    format: 'plain',
    priority: 'normal',
    publish: -60,
    expires: null,
    hallId: COUNTY_HALL_ID,
    body: '为方便上班族办事，县政务服务中心每周六9:00至12:00开放户籍、居民身份证、社会保障卡、医保参保和不动产登记窗口（A04、A05、A06、A08、C01）。其他事项请于工作日办理。',
  },
  {
    id: 'notice-id-card-photo',
    title: '办理居民身份证可现场免费拍照',
    format: 'plain',
    priority: 'normal',
    departmentId: 'dept-gahz',
    publish: -20,
    expires: 160,
    body: `自本月起，在${COUNTY}政务服务中心1楼 A05 窗口申领、换领、补领居民身份证的群众，可在窗口现场免费采集照片，无需自带相片。请勿穿白色上衣，不要佩戴首饰和帽子。`,
  },
  {
    id: 'notice-heating-subsidy',
    title: '困难群众冬季取暖补贴发放通知',
    format: 'markdown',
    priority: 'urgent',
    departmentId: 'dept-mz',
    publish: -5,
    expires: 25,
    body: '今年冬季取暖补贴将于本月底前通过惠民惠农“一卡通”发放到户：\n\n- 低保家庭：每户 **300元**\n- 特困供养人员：每人 **400元**\n\n如到账有疑问，请联系户籍所在村便民服务站或拨打民政咨询电话 0999-5550201。',
  },
  {
    id: 'notice-business-license',
    title: '个体工商户登记实现“当场办结”',
    format: 'plain',
    priority: 'normal',
    departmentId: 'dept-scjg',
    publish: -90,
    expires: null,
    body: '材料齐全、符合法定形式的个体工商户设立登记，在2楼 B01 窗口当场办结、当场领取营业执照，不收取任何费用。也可以通过江淮政务服务网全程网上办理。',
  },
  {
    id: 'notice-farm-subsidy',
    title: '农机购置补贴申请截止时间提醒',
    format: 'markdown',
    priority: 'important',
    departmentId: 'dept-nync',
    publish: -14,
    expires: 16,
    body: '本年度农机购置与应用补贴申请 **截止到本月底**。\n\n1. 购机后先在补贴系统填写申请\n2. 携带身份证、发票和机具到乡镇农机站核验\n3. 核验通过后补贴资金直接打到“一卡通”\n\n逾期未申请的，纳入下一年度办理。',
  },
  {
    id: 'notice-system-upgrade',
    title: '不动产登记系统升级暂停办理公告',
    format: 'plain',
    priority: 'urgent',
    departmentId: 'dept-zrzy',
    publish: -40,
    expires: -33,
    body: '因全省不动产登记系统升级，不动产登记业务暂停办理三天，查询业务不受影响。给您带来的不便，敬请谅解。',
  },
  {
    id: 'notice-spring-festival',
    title: '春节假期大厅办公时间安排',
    format: 'plain',
    priority: 'important',
    publish: -300,
    expires: -280,
    body: `春节假期期间${COUNTY}政务服务中心暂停对外办公，节后第一个工作日恢复正常。假期内如有紧急事项，请拨打24小时值班电话 ${HALL_PHONES.duty}。`,
  },
  {
    id: 'notice-dongshan-agent',
    title: '东山村代办员每周二到县里集中代办',
    format: 'plain',
    priority: 'normal',
    publish: -45,
    expires: null,
    hallId: 'point-dongshan',
    body: '东山村便民服务站代办员每周二上午到县政务服务中心集中递交材料。需要代办的群众请于每周一下午5点前把材料交到服务站，办好后电话通知领取。',
  },
  {
    id: 'notice-nanping-clinic',
    title: '南坪村卫生室老年人免费体检',
    format: 'markdown',
    priority: 'normal',
    departmentId: 'dept-wj',
    publish: -7,
    expires: 23,
    hallId: 'point-nanping',
    body: '本村 **65周岁以上** 老人可到村卫生室免费体检，项目包括：\n\n- 血压、血糖、血脂\n- 心电图\n- 腹部B超\n\n请空腹前往，带上身份证或社保卡。',
  },
  {
    id: 'notice-rating',
    title: '欢迎对我们的服务进行评价',
    format: 'plain',
    priority: 'normal',
    publish: -120,
    expires: null,
    body: `办完事请在窗口评价器或本机“好差评”中对服务进行评价，评价匿名。对服务不满意的，可拨打监督投诉电话 ${HALL_PHONES.complaint}，我们将在15个工作日内回复。`,
  },
];

export function buildNotices(ctx: DemoContext): Notice[] {
  const notices = PLANS.map((p): Notice => ({
    ...envelope(ctx, p.id, p.hallId ? hallScope(p.hallId) : 'global'),
    type: 'notice',
    title: p.title,
    format: p.format,
    body: p.body,
    priority: p.priority,
    departmentId: p.departmentId ?? null,
    publishAt: daysFrom(ctx.now, p.publish),
    expiresAt: p.expires == null ? null : daysFrom(ctx.now, p.expires),
  }));
  // Scheduled: published by the scheduler at the coming new year, when the new fee schedules apply.
  const newYear = nextNewYear(ctx.now);
  notices.push({
    ...envelope(ctx, 'notice-new-fees', 'global'),
    type: 'notice',
    title: '新的供水价格和居民医保缴费标准即将执行',
    format: 'markdown',
    body: `自 **${newYear.slice(0, 4)}年1月1日** 起执行新的标准：\n\n- 城镇居民生活用水第一阶梯 **2.70元/吨**\n- 非居民用水 **4.50元/吨**\n- 城乡居民医保个人缴费 **420元/人·年**\n\n详情请在本机“收费标准”中查询。`,
    priority: 'important',
    departmentId: 'dept-zj',
    publishAt: newYear,
    expiresAt: daysFrom(new Date(Date.parse(newYear)), 60),
  });
  return notices;
}
