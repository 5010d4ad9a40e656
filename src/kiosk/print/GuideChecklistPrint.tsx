/**
 * The guide's checklist on paper: what to bring (originals, copies, counts), where to go (hall, floor,
 * window), when (hours), whom to call, a QR code to the phone page, and when it was printed and how
 * old the kiosk's data is, so a resident holding an old slip can tell.
 */
import type { Hall, Material, ServiceGuide } from '../../shared/content';
import { formatUpdatedAt } from '../../shared/time/format';
import { mobileGuideUrl } from '../../shared/public-url';
import { QrCode } from '../screens/guides/QrCode';
import { PrintSheet } from './PrintSheet';
import type { Paper } from './print-paper';

/** "原件 1 份，复印件 2 份": the counts name the kind, so no label goes before them (it read 原件：原件 1 份). */
function counts(m: Material): string {
  if (m.originalOrCopy === 'original') return `原件 ${m.originals} 份`;
  if (m.originalOrCopy === 'copy') return `复印件 ${m.copies} 份`;
  return `原件 ${m.originals} 份，复印件 ${m.copies} 份`;
}

export function GuideChecklistPrint(props: {
  paper: Paper;
  guide: ServiceGuide;
  hall?: Hall;
  windowNames: string[];
  feeSummary: string;
  publicUrl?: string;
  nowMs: number;
  lastSyncAt?: string | null;
}) {
  const { guide, hall, paper } = props;
  const timeZone = hall?.timezone ?? 'Asia/Shanghai';
  const required = guide.materials.filter((m) => m.requirement === 'required');
  const conditional = guide.materials.filter((m) => m.requirement === 'conditional');
  return (
    <PrintSheet paper={paper} testId="guide-print">
      <h1>{guide.plainName}</h1>
      {guide.plainName !== guide.name && <p class="print-sub">{guide.name}</p>}
      <h2>要带的材料</h2>
      {guide.materials.length === 0 ? (
        <p>无需提交材料</p>
      ) : (
        <ol class="print-materials">
          {[...required, ...conditional].map((m) => (
            <li key={m.name}>
              <span class="print-box" aria-hidden="true" />
              <strong>{m.name}</strong>
              {m.requirement === 'conditional' && <span>（{m.condition ? `如${m.condition}` : '视情况提供'}）</span>}
              <br />
              <span class="print-counts">{counts(m)}</span>
            </li>
          ))}
        </ol>
      )}
      <h2>去哪里办</h2>
      <p>
        {[hall?.name, guide.place.floor, props.windowNames.length ? `窗口 ${props.windowNames.join('、')}` : ''].filter(Boolean).join('，')}
      </p>
      {(guide.place.address || hall?.address) && <p>地址：{guide.place.address || hall?.address}</p>}
      <p>办公时间：{guide.hours}</p>
      <p>收费：{props.feeSummary}</p>
      <p>
        咨询电话：<span class="nowrap">{guide.consultPhone}</span>
      </p>
      <p>
        投诉电话：<span class="nowrap">{guide.complaintPhone}</span>
      </p>
      {props.publicUrl && (
        <div class="print-qr">
          <QrCode text={mobileGuideUrl(props.publicUrl, guide.id)} label="用手机扫码查看本指南" size={paper === 'a4' ? 160 : 140} />
          <p>用手机扫码查看本指南</p>
        </div>
      )}
      <p class="print-foot">
        打印于 {formatUpdatedAt(props.nowMs, timeZone)}；本机数据更新于{' '}
        {props.lastSyncAt ? formatUpdatedAt(props.lastSyncAt, timeZone) : '未知'}。以窗口公示为准。
      </p>
    </PrintSheet>
  );
}
