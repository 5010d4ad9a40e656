/**
 * Demo floor plans drawn by the project: one SVG per floor with each window as a labelled counter
 * along the walls, the entrance, the lift and the service desk. The window positions on the plan
 * come from the same layout, so the kiosk's marker lands on the drawn counter.
 */
import type { FloorPlan, HallWindow } from '../../shared/content';
import { escapeXml, type MediaCollector } from './media';

const W = 1000;
const H = 640;
const BOX_W = 150;
const BOX_H = 90;

interface Placed {
  window: HallWindow;
  cx: number;
  cy: number;
}

/** Windows along the top wall, then along the bottom wall; the entrance stays clear in the bottom middle. */
function layout(windows: HallWindow[]): Placed[] {
  const top = windows.slice(0, Math.ceil(windows.length / 2));
  const bottom = windows.slice(top.length);
  const row = (list: HallWindow[], cy: number, avoidMiddle: boolean): Placed[] => {
    const slots = avoidMiddle ? list.length + 1 : list.length;
    const step = (W - 80) / Math.max(slots, 1);
    const placed: Placed[] = [];
    let slot = 0;
    for (const window of list) {
      if (avoidMiddle && slot === Math.floor(slots / 2)) slot++;
      placed.push({ window, cx: 40 + step * (slot + 0.5), cy });
      slot++;
    }
    return placed;
  };
  return [...row(top, 95, false), ...row(bottom, H - 95, true)];
}

function svg(hallName: string, floor: string, placed: Placed[], entrance: boolean): string {
  const counters = placed
    .map(({ window, cx, cy }) => {
      const x = cx - BOX_W / 2;
      const y = cy - BOX_H / 2;
      return `<g><rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="#e8eef7" stroke="#0b3d91" stroke-width="3"/>
<text x="${cx}" y="${cy - 8}" font-size="30" font-weight="700" text-anchor="middle" fill="#0b0c0c">${escapeXml(window.id)}</text>
<text x="${cx}" y="${cy + 26}" font-size="17" text-anchor="middle" fill="#0b0c0c">${escapeXml(window.name.slice(0, 8))}</text></g>`;
    })
    .join('\n');
  const door = entrance
    ? `<rect x="${W / 2 - 70}" y="${H - 22}" width="140" height="22" fill="#1d7a3a"/><text x="${W / 2}" y="${H - 40}" font-size="26" text-anchor="middle" fill="#1d7a3a" font-weight="700">大门 入口</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="t" font-family="Noto Sans CJK SC, sans-serif">
<title id="t">${escapeXml(hallName)}${escapeXml(floor)}平面图</title>
<rect x="4" y="4" width="${W - 8}" height="${H - 8}" fill="#fff" stroke="#0b0c0c" stroke-width="8"/>
<text x="${W / 2}" y="${H / 2 - 10}" font-size="34" text-anchor="middle" fill="#505a5f">${escapeXml(hallName)} ${escapeXml(floor)}</text>
<rect x="${W - 120}" y="${H / 2 - 40}" width="90" height="80" fill="#f3f2f1" stroke="#505a5f" stroke-width="3"/>
<text x="${W - 75}" y="${H / 2 + 10}" font-size="24" text-anchor="middle" fill="#0b0c0c">电梯</text>
<rect x="30" y="${H / 2 - 40}" width="120" height="80" fill="#fff4d6" stroke="#8a6d00" stroke-width="3"/>
<text x="90" y="${H / 2 + 10}" font-size="24" text-anchor="middle" fill="#0b0c0c">服务台</text>
${counters}
${door}
</svg>`;
}

/** One plan per floor that has windows, the first floor with the entrance. */
export function buildFloorPlans(hallName: string, windows: readonly HallWindow[], media: MediaCollector): FloorPlan[] {
  const floors = [...new Set(windows.map((w) => w.floor))].sort();
  return floors.map((floor, i) => {
    const placed = layout(windows.filter((w) => w.floor === floor));
    const image = media.addSvg(svg(hallName, floor, placed, i === 0), `${hallName}${floor}平面图`);
    return {
      floor,
      image,
      places: placed.map((p) => ({ windowId: p.window.id, x: round(p.cx / W), y: round(p.cy / H) })),
    };
  });
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
