/**
 * A scaled dataset for benchmarks: the demo dataset, then as many generated
 * guides, fees and officials as asked for, built with the same builders.
 * Generated records vary names by village, township and case (so search
 * benchmarks see realistic, distinct names) and keep realistic sizes
 * (guides about 2 KB of JSON, fees about 300 B). Deterministic for a given
 * `now` and counts; no validation here (tests validate), so it stays fast.
 */
import type { ContentRecord, DutyShift, FeeItem, Official, ServiceGuide } from '../../shared/content';
import { createDemoContext, type DemoContext } from './context';
import { buildWindowShifts } from './duty';
import { FEE_ROWS, type FeeRow } from './fee-catalogue';
import { buildFeeItem, feeCode } from './fees';
import type { GuideSpec } from './guide-spec';
import { buildGuide, itemCode, standardSteps } from './guides';
import { buildTownHall } from './halls';
import { buildDemoParts, DEPARTMENT_IDS, type DemoDataset } from './index';
import { NameGenerator } from './names';
import { buildOfficial, dutiesFor, type WindowRoster } from './officials';
import { TOWNS, VILLAGES } from './places';

export interface ScaleOptions {
  guides: number;
  fees: number;
  officials: number;
}

/** How an item is varied: a local case of the same national item. */
const GUIDE_VARIANTS = [
  '村级代办',
  '跨省通办',
  '告知承诺办理',
  '延续办理',
  '变更办理',
  '补办',
  '网上预约办理',
  '上门代办',
  '容缺受理',
  '“一件事”联办',
  '老年人帮办',
  '延时服务',
];
const FEE_EDITIONS = [2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016];
const PLACES = [...VILLAGES, ...TOWNS];

const WINDOWS_PER_TOWN_HALL = 12;

export function buildScaledDataset(options: ScaleOptions, now: Date): DemoDataset {
  for (const key of ['guides', 'fees', 'officials'] as const) {
    const n = options[key];
    if (!Number.isInteger(n) || n < 0) throw new Error(`buildScaledDataset: ${key} must be a whole number of at least 0 (got ${n})`);
  }
  const ctx = createDemoContext(now);
  const demo = buildDemoParts(ctx);

  const fees = [...demo.fees.slice(0, options.fees), ...scaledFees(ctx, options.fees - demo.fees.length)];
  const guides = [...demo.guides.slice(0, options.guides), ...scaledGuides(ctx, demo.specs, options.guides - demo.guides.length)];
  linkGuidesToIncludedFees(guides, fees);

  const demoOfficials = demo.officials.slice(0, options.officials);
  const extra = scaledOfficials(ctx, options.officials - demoOfficials.length);
  const officialIds = new Set([...demoOfficials, ...extra.officials].map((o) => o.id));
  // Demo shifts whose officials were left out (when fewer officials than the demo has are asked for) are dropped.
  const staffed = (r: { officialId: string; substituteOfficialId?: string | null }) =>
    officialIds.has(r.officialId) && (r.substituteOfficialId == null || officialIds.has(r.substituteOfficialId));

  const records: ContentRecord[] = [
    ...demo.halls,
    ...extra.halls,
    ...demo.departments,
    ...fees,
    ...guides,
    ...demoOfficials,
    ...extra.officials,
    ...demo.shifts.filter(staffed),
    ...extra.shifts,
    ...demo.exceptions.filter(staffed),
    ...demo.notices,
    ...demo.lexicon,
  ];
  return { records, media: ctx.media.list() };
}

function variantName(n: number): { place: string; variant: string } {
  // Walk places fastest and variants slowest, so neighbouring records differ in both.
  return { place: PLACES[n % PLACES.length]!, variant: GUIDE_VARIANTS[Math.floor(n / PLACES.length) % GUIDE_VARIANTS.length]! };
}

function scaledGuides(ctx: DemoContext, specs: readonly GuideSpec[], count: number): ServiceGuide[] {
  const out: ServiceGuide[] = [];
  for (let n = 0; n < count; n++) {
    const base = specs[n % specs.length]!;
    const { place, variant } = variantName(Math.floor(n / specs.length) + n);
    // Trimmed to the size of a typical published guide: the first materials and questions.
    const spec: GuideSpec = {
      ...base,
      id: `guide-s-${String(n + 1).padStart(5, '0')}`,
      name: `${base.name}（${place}·${variant}）`,
      plainName: `${place}${base.plainName}`,
      online: base.online ? '可在江淮政务服务网或“江淮办”应用办理' : null,
      // Forms and samples stay with the demo guides: a scaled guide lists its materials without media.
      materials: base.materials.slice(0, 2).map(({ blankForm: _blank, sample: _sample, ...m }) => m),
      conditions: base.conditions.slice(0, 2),
      faq: base.faq.slice(0, 1),
      basis: base.basis.slice(0, 1),
      steps: standardSteps(base).map((step) => ({ ...step, standard: '' })),
      popularity: Math.max(1, Math.round(base.popularity / (2 + (n % 7)))),
    };
    out.push(
      buildGuide(
        ctx,
        spec,
        itemCode(base, DEPARTMENT_IDS.indexOf(base.departmentId) + 1, 100 + (n % 900)) + `-${String(n + 1).padStart(5, '0')}`,
      ),
    );
  }
  return out;
}

function scaledFees(ctx: DemoContext, count: number): FeeItem[] {
  const out: FeeItem[] = [];
  for (let n = 0; n < count; n++) {
    const base: FeeRow = FEE_ROWS[n % FEE_ROWS.length]!;
    const town = TOWNS[Math.floor(n / FEE_ROWS.length) % TOWNS.length]!;
    const edition = FEE_EDITIONS[Math.floor(n / (FEE_ROWS.length * TOWNS.length)) % FEE_EDITIONS.length]!;
    // A township's own schedule row: cites the document by a short title and number, as local fee lists do.
    const [, number] = base.basis[0]!;
    const row: FeeRow = { ...base, basis: [[`${town}收费公示`, number]], reductions: [], notes: '' };
    out.push(
      buildFeeItem(ctx, row, {
        id: `fee-s-${String(n + 1).padStart(6, '0')}`,
        name: `${base.name}·${town}（${edition}年版）`,
        code: feeCode(DEPARTMENT_IDS.indexOf(base.departmentId), FEE_ROWS.length + n),
      }),
    );
  }
  return out;
}

/** Fee references must resolve: keep those included; otherwise fall back to an included fee of the same department, or 'none'. */
function linkGuidesToIncludedFees(guides: ServiceGuide[], fees: readonly FeeItem[]): void {
  const included = new Set(fees.map((f) => f.id));
  for (const g of guides) {
    if (g.fees.kind !== 'items') continue;
    const kept = g.fees.feeItemIds.filter((id) => included.has(id));
    if (kept.length > 0) {
      g.fees = { kind: 'items', feeItemIds: kept };
      continue;
    }
    const sameDepartment = fees.find((f) => f.departmentId === g.departmentId);
    g.fees = sameDepartment ? { kind: 'items', feeItemIds: [sameDepartment.id] } : { kind: 'none' };
  }
}

/** Officials for township halls: two per window (morning and afternoon), twelve windows per hall. */
function scaledOfficials(
  ctx: DemoContext,
  count: number,
): { officials: Official[]; halls: ReturnType<typeof buildTownHall>[]; shifts: DutyShift[] } {
  if (count <= 0) return { officials: [], halls: [], shifts: [] };
  const names = new NameGenerator(ctx.random.fork('scaled-official-names'));
  const windowCount = Math.ceil(count / 2);
  const hallCount = Math.ceil(windowCount / WINDOWS_PER_TOWN_HALL);
  const halls = Array.from({ length: hallCount }, (_, h) =>
    buildTownHall(ctx, h, Math.min(WINDOWS_PER_TOWN_HALL, windowCount - h * WINDOWS_PER_TOWN_HALL), DEPARTMENT_IDS),
  );
  const officials: Official[] = [];
  const rosters: WindowRoster[] = [];
  let n = 0;
  for (const hall of halls) {
    for (const w of hall.windows) {
      const ids: string[] = [];
      for (const part of ['上午', '下午']) {
        if (n >= count) break;
        n += 1;
        const id = `official-s-${String(n).padStart(5, '0')}`;
        const departmentId = w.departmentId!;
        officials.push(
          buildOfficial(
            ctx,
            {
              id,
              departmentId,
              window: w.id,
              title: part === '上午' ? '窗口负责人' : '综合受理员',
              duties: dutiesFor(departmentId, w.name),
              bio: `在${hall.name}${w.name}负责${part}时段的受理工作。`,
            },
            names.next(),
            `0999-555${String(5000 + (n % 5000))}`,
          ),
        );
        ids.push(id);
      }
      rosters.push({ hallId: hall.id, windowId: w.id, morning: ids[0]!, afternoon: ids[1] ?? ids[0]! });
    }
  }
  return { officials, halls, shifts: buildWindowShifts(ctx, halls, rosters) };
}
