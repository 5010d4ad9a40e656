import * as v from 'valibot';
import { IanaTimeZone, Id, MediaRef, NonEmptyText, OptionalText, PhoneEntry, RecordEnvelope, TimeOfDay, Weekday } from './common';

export const OpeningPeriod = v.pipe(
  v.object({ open: TimeOfDay, close: TimeOfDay }),
  v.check((p) => p.open < p.close, '开门时间必须早于关门时间'),
);

export const OpeningDay = v.object({
  weekday: Weekday,
  /** Empty means closed that day. */
  periods: v.array(OpeningPeriod),
});

export const HallWindow = v.object({
  id: NonEmptyText(20),
  name: NonEmptyText(60),
  floor: NonEmptyText(20),
  departmentId: v.optional(Id),
});
export type HallWindow = v.InferOutput<typeof HallWindow>;

const PLAN_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml']);
export const MAX_FLOOR_PLAN_BYTES = 3 * 1024 * 1024;

/** Where a window is on a floor plan, as fractions of the image's width and height from its top left. */
const PlanFraction = (what: string) =>
  v.pipe(
    v.number(),
    v.minValue(0, `窗口位置必须在平面图内（${what}不能小于 0）`),
    v.maxValue(1, `窗口位置必须在平面图内（${what}不能大于 1）`),
  );

export const FloorPlan = v.object({
  floor: NonEmptyText(20),
  image: v.pipe(
    MediaRef,
    v.check((m) => PLAN_IMAGE_TYPES.has(m.type), '平面图必须是图片（PNG、JPEG、WebP 或 SVG）'),
    v.check((m) => m.size <= MAX_FLOOR_PLAN_BYTES, '平面图不能超过 3 MB'),
  ),
  places: v.array(v.object({ windowId: NonEmptyText(20), x: PlanFraction('横向'), y: PlanFraction('纵向') })),
});
export type FloorPlan = v.InferOutput<typeof FloorPlan>;

export const HallSchema = v.pipe(
  v.object({
    ...RecordEnvelope,
    type: v.literal('hall'),
    name: NonEmptyText(80),
    kind: v.picklist(['service-hall', 'village-point'], "必须是 'service-hall' 或 'village-point'"),
    address: NonEmptyText(200),
    timezone: IanaTimeZone,
    openingHours: v.pipe(
      v.array(OpeningDay),
      v.check((days) => new Set(days.map((d) => d.weekday)).size === days.length, '每个星期几只能出现一次'),
    ),
    holidayNote: OptionalText(500),
    phones: v.array(PhoneEntry),
    windows: v.array(HallWindow),
    directions: OptionalText(1000),
    /** One plan per floor, each window placed on it (the kiosk shows residents where to go). */
    floorPlans: v.optional(v.array(FloorPlan)),
  }),
  v.forward(
    v.check(
      (hall) => unplacedWindows(hall).length === 0,
      (issue) => `平面图上放置了不存在的窗口：${unplacedWindows(issue.input as HallInput).join('、')}`,
    ),
    ['floorPlans'],
  ),
);
type HallInput = { windows: { id: string }[]; floorPlans?: FloorPlan[] };
function unplacedWindows(hall: HallInput): string[] {
  const ids = new Set(hall.windows.map((w) => w.id));
  return (hall.floorPlans ?? []).flatMap((plan) =>
    plan.places.filter((p) => !ids.has(p.windowId)).map((p) => `${plan.floor} ${p.windowId}`),
  );
}
export type Hall = v.InferOutput<typeof HallSchema>;
