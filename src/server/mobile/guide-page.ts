/**
 * The mobile page behind the kiosk's QR code: one service guide as plain,
 * escaped, script-free HTML that reads well on any phone. Every field of the
 * guide is shown; fee amounts come from the linked fee items.
 */
import {
  isFeeInForce,
  type Department,
  type FeeItem,
  type Hall,
  type Material,
  type ServiceGuide,
  type TimeLimit,
} from '../../shared/content';
import { createHash } from 'node:crypto';
import { formatFeeAmount } from '../../shared/money';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Tagged template that escapes every interpolated value unless it is already Html. */
class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}
type Part = string | number | Html | Html[] | null | undefined | false;
function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  parts.forEach((part, i) => {
    out += render(part) + strings[i + 1]!;
  });
  return new Html(out);
}
function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.value;
  return escapeHtml(String(part));
}

const ITEM_AUDIENCE = { person: '个人', 'legal-entity': '法人' } as const;
const CASE_TYPE = { immediate: '即办件', promised: '承诺件' } as const;
const REQUIREMENT = { required: '必需', conditional: '视情况提供' } as const;
const FORM = { paper: '纸质', electronic: '电子', 'paper-or-electronic': '纸质或电子' } as const;
const ORIGINAL_OR_COPY = { original: '原件', copy: '复印件', 'original-and-copy': '原件和复印件' } as const;
const SOURCE = { applicant: '申请人自备', department: '部门核发' } as const;

function timeLimit(t: TimeLimit): string {
  return t.kind === 'same-day' ? '当场办结' : `${t.days} 个工作日`;
}

function visits(n: number): string {
  return n === 0 ? '不用跑（0 次）' : n >= 3 ? '3 次及以上' : `${n} 次`;
}

function field(label: string, value: Part) {
  return html`<div class="row">
    <dt>${label}</dt>
    <dd>${value || '—'}</dd>
  </div>`;
}

function phoneLink(number: string) {
  return html`<a href="tel:${number.replace(/[^0-9+]/g, '')}">${number}</a>`;
}

function floorLabel(floor: string): string {
  // Content says "1楼" or just "1"; never "1楼 楼".
  return /^\d+$/.test(floor.trim()) ? `${floor.trim()} 楼` : floor.trim();
}

function materialCounts(m: Material): string {
  return [m.originals > 0 ? `原件 ${m.originals} 份` : '', m.copies > 0 ? `复印件 ${m.copies} 份` : ''].filter(Boolean).join('，');
}

/** One material as a checkbox the resident can tick on the phone; the ticks stay on the phone (localStorage). */
function materialItem(m: Material, index: number) {
  return html`<li>
    <label class="check"
      ><input type="checkbox" data-material="${index}" /><span
        ><strong>${m.name}</strong
        >（${REQUIREMENT[m.requirement]}）<br />${ORIGINAL_OR_COPY[m.originalOrCopy]}：${materialCounts(m)}；${FORM[m.form]}；${SOURCE[m.source]}${m.sourceDetail ? html`（${m.sourceDetail}）` : ''}
        ${m.condition ? html`<br />需要的情形：${m.condition}` : ''} ${m.notes ? html`<br />说明：${m.notes}` : ''}</span
      ></label
    >
  </li>`;
}

function formLinks(materials: Material[]) {
  const rows = materials.filter((m) => m.blankForm || m.sample);
  if (rows.length === 0) return '';
  return html`<h2>空白表格和填写样例</h2>
    <ul class="forms">
      ${rows.map(
        (m) =>
          html`<li>
            ${m.name}：${m.blankForm ? html`<a href="/media/${m.blankForm.sha256}">空白表格</a>` : ''}
            ${m.sample ? html`<a href="/media/${m.sample.sha256}">填写样例</a>` : ''}
          </li>`,
      )}
    </ul>`;
}

/**
 * Keeps the checklist's ticks in this phone's localStorage, per guide version; nothing is sent anywhere.
 * The page's CSP allows exactly this script by its hash.
 */
const CHECKLIST_SCRIPT = `(function(){var l=document.querySelector('[data-checklist]');if(!l)return;var k='shk-checklist:'+l.getAttribute('data-checklist');var s={};try{s=JSON.parse(localStorage.getItem(k)||'{}')}catch(e){}l.querySelectorAll('input[data-material]').forEach(function(b){var i=b.getAttribute('data-material');b.checked=!!s[i];b.addEventListener('change',function(){s[i]=b.checked;try{localStorage.setItem(k,JSON.stringify(s))}catch(e){}})})})();`;
// Built outside the page template so formatting can never add whitespace that would break the hash.
const CHECKLIST_SCRIPT_TAG = new Html(`<script>${CHECKLIST_SCRIPT}</script>`);
export const CHECKLIST_SCRIPT_HASH = `sha256-${createHash('sha256').update(CHECKLIST_SCRIPT).digest('base64')}`;

function feeItem(fee: FeeItem, nowMs: number) {
  const upcoming = Date.parse(fee.effectiveFrom) > nowMs;
  return html`<li>
    <strong>${fee.name}</strong>：<span class="amount">${formatFeeAmount(fee.amount, fee.unit)}</span>
    ${upcoming ? html`<br /><em>尚未执行，自 ${fee.effectiveFrom.slice(0, 10)} 起执行</em>` : ''}
    <br />依据：${fee.basis.map((b) => `${b.title}（${b.number}）`).join('；')}
    ${fee.reductions.length > 0 ? html`<br />减免：${fee.reductions.map((r) => r.description).join('；')}` : ''}
  </li>`;
}

function formatUpdatedAt(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
  return `${parts}（${timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone}）`;
}

export interface GuidePageInput {
  guide: ServiceGuide;
  fees: FeeItem[];
  department: Department | null;
  hall: Hall | null;
  now: Date;
}

export function renderGuidePage({ guide: g, fees, department, hall, now }: GuidePageInput): string {
  const nowMs = now.getTime();
  // Expired items are not shown at all; upcoming ones are marked as not yet in force.
  const shownFees = fees.filter((f) => isFeeInForce(f, nowMs) || Date.parse(f.effectiveFrom) > nowMs);
  const feeSection =
    g.fees.kind === 'none'
      ? html`<p>不收费</p>`
      : shownFees.length > 0
        ? html`<ul>
            ${shownFees.map((f) => feeItem(f, nowMs))}
          </ul>`
        : html`<p>收费标准正在更新，请咨询窗口。</p>`;
  const windowNames = g.place.windows.map((id) => {
    const name = hall?.windows.find((w) => w.id === id)?.name;
    return name ? `${id} ${name}` : id;
  });
  const place = [hall?.name, g.place.floor ? floorLabel(g.place.floor) : '', windowNames.length ? `${windowNames.join('、')} 窗口` : '']
    .filter(Boolean)
    .join('，');
  const address = g.place.address || hall?.address || '';
  const onlineUrl = /^https?:\/\//.test(g.online.url) ? g.online.url : '';

  const page = html`<!doctype html>
    <html lang="zh-Hans">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${g.name} - 办事指南</title>
        <style>
          body {
            margin: 0;
            font:
              18px/1.6 system-ui,
              -apple-system,
              'PingFang SC',
              'Noto Sans CJK SC',
              'Microsoft YaHei',
              sans-serif;
            color: #0b0c0c;
            background: #fff;
            overflow-wrap: anywhere;
          }
          main {
            max-width: 42rem;
            margin: 0 auto;
            padding: 1rem;
          }
          h1 {
            font-size: 1.6rem;
            line-height: 1.3;
            margin: 0.5rem 0;
          }
          h2 {
            font-size: 1.25rem;
            margin: 1.5rem 0 0.5rem;
            padding-top: 0.5rem;
            border-top: 2px solid #b1b4b6;
          }
          .plain {
            font-size: 1.1rem;
            color: #383f43;
            margin: 0;
          }
          dl {
            margin: 0;
          }
          .row {
            display: flex;
            flex-wrap: wrap;
            gap: 0 1rem;
            padding: 0.35rem 0;
            border-bottom: 1px solid #e5e6e7;
          }
          dt {
            font-weight: 700;
            min-width: 6em;
          }
          dd {
            margin: 0;
            flex: 1 1 12rem;
          }
          li {
            margin: 0.5rem 0;
          }
          a {
            color: #1d4ed8;
            text-decoration: underline;
            display: inline-block;
            min-height: 44px;
            line-height: 44px;
          }
          .amount {
            font-weight: 700;
          }
          ol,
          ul {
            padding-left: 1.5rem;
          }
          .checklist {
            list-style: none;
            padding-left: 0;
          }
          .check {
            display: flex;
            gap: 0.75rem;
            align-items: flex-start;
            min-height: 44px;
          }
          .check input {
            flex: none;
            width: 28px;
            height: 28px;
            margin: 0.2rem 0 0;
          }
          .hint {
            color: #383f43;
          }
          a[href^='tel:'] {
            white-space: nowrap;
          }
          footer {
            margin-top: 2rem;
            padding-top: 0.5rem;
            border-top: 2px solid #b1b4b6;
            color: #383f43;
            font-size: 1rem;
          }
          footer p {
            margin: 0.25rem 0;
          }
        </style>
      </head>
      <body>
        <main>
          <h1>${g.name}</h1>
          <p class="plain">${g.plainName}</p>
          ${g.summary ? html`<p>${g.summary}</p>` : ''}
          <dl>
            ${field('事项编码', g.itemCode)} ${field('事项类型', g.itemType)} ${field('实施部门', department?.name ?? g.departmentId)}
            ${field('服务对象', g.audience.map((a) => ITEM_AUDIENCE[a]).join('、'))} ${field('办件类型', CASE_TYPE[g.caseType])}
            ${field('法定办结时限', timeLimit(g.legalTimeLimit))} ${field('承诺办结时限', timeLimit(g.promisedTimeLimit))}
            ${field('到现场次数', visits(g.visitsNeeded))}
            ${field('网上办理', g.online.available ? html`可以${onlineUrl ? html`：<a href="${onlineUrl}">${onlineUrl}</a>` : ''}${g.online.note ? `（${g.online.note}）` : ''}` : `不可以${g.online.note ? `（${g.online.note}）` : ''}`)}
            ${field('办理结果', g.result)}
          </dl>

          <h2>办理地点和时间</h2>
          <dl>
            ${field('地点', place)} ${field('地址', address)} ${field('办公时间', g.hours)} ${field('咨询电话', phoneLink(g.consultPhone))}
            ${field('监督投诉电话', phoneLink(g.complaintPhone))}
          </dl>

          <h2>收费标准</h2>
          ${feeSection}

          <h2>受理条件</h2>
          <ul>
            ${g.conditions.map((c) => html`<li>${c}</li>`)}
          </ul>

          <h2>申请材料</h2>
          ${
            g.materials.length > 0
              ? html`<p class="hint">可在手机上勾选已备好的材料（只保存在本手机上）。</p>
                  <ol class="checklist" data-checklist="${g.id}@${g.updatedAt}">
                    ${g.materials.map(materialItem)}
                  </ol>
                  ${formLinks(g.materials)}`
              : html`<p>无需提交材料</p>`
          }

          <h2>办理流程</h2>
          <ol>
            ${g.steps.map((s) => html`<li><strong>${s.title}</strong>：${s.actor}办理，结果：${s.result}${s.timeLimit ? html`（时限：${s.timeLimit}）` : ''}${s.standard ? html`<br />审查标准：${s.standard}` : ''}</li>`)}
          </ol>

          <h2>设定依据</h2>
          <ul>
            ${g.legalBasis.map((b) => html`<li>${b.title}${b.article ? ` ${b.article}` : ''}</li>`)}
          </ul>

          ${
            g.faq.length > 0
              ? html`<h2>常见问题</h2>
                  ${g.faq.map(
                    (f) =>
                      html`<h3>${f.question}</h3>
                        <p>${f.answer}</p>`,
                  )}`
              : ''
          }
          ${
            g.topics.length + g.lifeEvents.length > 0
              ? html`<h2>相关主题</h2>
                  <p>${[...g.topics, ...g.lifeEvents].join('、')}</p>`
              : ''
          }

          <footer>
            <p>信息更新于 ${formatUpdatedAt(g.updatedAt, hall?.timezone ?? 'Asia/Shanghai')}。</p>
            <p>以窗口公示为准。有疑问请拨打咨询电话 ${phoneLink(g.consultPhone)}。</p>
          </footer>
        </main>
        ${CHECKLIST_SCRIPT_TAG}
      </body>
    </html> `;
  return page.value;
}

export function renderNotFoundPage(id: string): string {
  return html`<!doctype html>
    <html lang="zh-Hans">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>未找到办事指南</title>
        <style>
          body {
            font:
              18px/1.6 system-ui,
              sans-serif;
            max-width: 42rem;
            margin: 0 auto;
            padding: 1rem;
            color: #0b0c0c;
          }
        </style>
      </head>
      <body>
        <main>
          <h1>未找到这份办事指南</h1>
          <p>编号为“${id}”的办事指南不存在或已下线。请回到查询机重新查找，或咨询大厅工作人员。</p>
        </main>
      </body>
    </html> `.value;
}
