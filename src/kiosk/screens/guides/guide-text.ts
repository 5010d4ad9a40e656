/** Wording shared by the detail page and the read-aloud text. */
import type { FeeItem, ServiceGuide, TimeLimit } from '../../../shared/content';
import { formatFeeAmount } from '../../../shared/money';
import type { Translate } from '../../app/i18n';

export function timeLimitText(limit: TimeLimit, t: Translate): string {
  return limit.kind === 'same-day' ? t('sameDay') : t('workingDays', { n: limit.days });
}

export function visitsText(n: number, t: Translate): string {
  return n >= 3 ? t('visitsMore') : t('visitsN', { n });
}

/** The guide as one Chinese text for speech synthesis (content is Chinese, so the labels are too). */
export function guideSpeechText(guide: ServiceGuide, fees: FeeItem[]): string {
  const limit = (l: TimeLimit) => (l.kind === 'same-day' ? '当场办结' : `${l.days}个工作日`);
  const parts = [
    `${guide.plainName}。${guide.name !== guide.plainName ? `正式名称：${guide.name}。` : ''}`,
    guide.summary ? `${guide.summary}。` : '',
    `受理条件：${guide.conditions.join('；')}。`,
    guide.materials.length
      ? `申请材料：${guide.materials
          .map(
            (m, i) =>
              `第${i + 1}项，${m.name}${m.requirement === 'conditional' ? `，${m.condition}时需要` : ''}，${m.originalOrCopy === 'copy' ? `复印件${m.copies}份` : m.originalOrCopy === 'original' ? `原件${m.originals}份` : `原件${m.originals}份、复印件${m.copies}份`}`,
          )
          .join('；')}。`
      : '无需提交材料。',
    `办理流程：${guide.steps.map((s, i) => `第${i + 1}步，${s.title}，由${s.actor}办理，结果是${s.result}`).join('；')}。`,
    `法定办结时限${limit(guide.legalTimeLimit)}，承诺办结时限${limit(guide.promisedTimeLimit)}。`,
    guide.fees.kind === 'none'
      ? '不收费。'
      : `收费：${fees.map((f) => `${f.name}${formatFeeAmount(f.amount, f.unit).replace('¥', '人民币')}`).join('；')}。`,
    `办理地点：${[guide.place.floor, guide.place.windows.length ? `${guide.place.windows.join('、')}窗口` : '', guide.place.address].filter(Boolean).join('，')}。`,
    `办理时间：${guide.hours}。咨询电话：${guide.consultPhone}。`,
  ];
  return parts.filter(Boolean).join('\n');
}
