/**
 * Generated blank forms and filled samples for application materials: a
 * simple table drawn in SVG. Samples use the placeholder applicant 张三 and
 * masked numbers, so they cannot be mistaken for anyone's real data.
 */
import { escapeXml } from './media';

export interface FormField {
  label: string;
  /** What the sample shows in this row. */
  sample: string;
}

const COMMON_FIELDS: FormField[] = [
  { label: '申请人姓名', sample: '张三' },
  { label: '公民身份号码', sample: '000000********0000' },
  { label: '联系电话', sample: '0999-5550000' },
  { label: '家庭住址', sample: '青岚县东山镇东山村3组' },
];

export function formSvg(title: string, extraFields: FormField[], filled: boolean): string {
  const fields = [
    ...COMMON_FIELDS,
    ...extraFields,
    { label: '申请人签字', sample: '张三' },
    { label: '申请日期', sample: '2026年11月20日' },
  ];
  const width = 500;
  const rowHeight = 40;
  const top = 90;
  const height = top + fields.length * rowHeight + 50;
  const heading = filled ? `${title}（填写样例）` : title;
  const rows = fields
    .map((f, i) => {
      const y = top + i * rowHeight;
      const value = filled ? `<text x="150" y="${y + 26}" font-size="15" fill="#1a4fa0">${escapeXml(f.sample)}</text>` : '';
      return (
        `<rect x="20" y="${y}" width="460" height="${rowHeight}" fill="none" stroke="#333"/>` +
        `<line x1="140" y1="${y}" x2="140" y2="${y + rowHeight}" stroke="#333"/>` +
        `<text x="28" y="${y + 26}" font-size="14" fill="#111">${escapeXml(f.label)}</text>` +
        value
      );
    })
    .join('');
  const watermark = filled
    ? `<text x="250" y="${height / 2}" font-size="64" fill="#c0392b" fill-opacity="0.18" text-anchor="middle" transform="rotate(-30 250 ${height / 2})">样例</text>`
    : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="t">` +
    `<title id="t">${escapeXml(heading)}</title>` +
    `<rect width="${width}" height="${height}" fill="#fff"/>` +
    `<text x="250" y="48" font-size="20" font-weight="bold" text-anchor="middle" fill="#111">${escapeXml(heading)}</text>` +
    `<text x="250" y="72" font-size="12" text-anchor="middle" fill="#555">青岚县政务服务中心（演示表格）</text>` +
    rows +
    `<text x="20" y="${height - 18}" font-size="12" fill="#555">${filled ? '样例仅供参考，请如实填写本人信息。' : '请用黑色签字笔填写，字迹清楚。'}</text>` +
    watermark +
    '</svg>'
  );
}
