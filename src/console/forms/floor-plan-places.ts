/**
 * The pure rules of the floor plan editor (forms/FloorPlanEditor.tsx): where a click lands as a fraction of
 * the plan, placing a window on one plan only, and what is wrong with a typed position.
 */

export interface PlanPlace {
  windowId: string;
  /** A number when valid; the text typed when not, so the draft loses nothing and the server names it. */
  x: unknown;
  y: unknown;
}
export interface EditablePlan {
  floor: string;
  image: { sha256: string; alt?: string; type?: string };
  places: PlanPlace[];
}

/** A click at `offset` px into a plan `size` px long, as a fraction 0–1 to three decimals (finer than a pixel). */
export function clickFraction(offset: number, size: number): number {
  if (!(size > 0)) return 0;
  return Math.round(Math.min(1, Math.max(0, offset / size)) * 1000) / 1000;
}

/** Puts the window at (x, y) on plan `index`, and takes it off every other plan: a window is on one floor. */
export function placeWindow(plans: EditablePlan[], index: number, windowId: string, x: number, y: number): EditablePlan[] {
  return plans.map((plan, i) => {
    const places = plan.places ?? [];
    if (i !== index)
      return places.some((p) => p.windowId === windowId) ? { ...plan, places: places.filter((p) => p.windowId !== windowId) } : plan;
    return {
      ...plan,
      places: places.some((p) => p.windowId === windowId)
        ? places.map((p) => (p.windowId === windowId ? { ...p, x, y } : p))
        : [...places, { windowId, x, y }],
    };
  });
}

/** Takes the window off plan `index`. */
export function removeWindow(plans: EditablePlan[], index: number, windowId: string): EditablePlan[] {
  return plans.map((plan, i) => (i === index ? { ...plan, places: (plan.places ?? []).filter((p) => p.windowId !== windowId) } : plan));
}

/** Typed text as a number when it reads as one, else the text itself. */
export function parsePosition(text: string): number | string {
  const t = text.trim();
  return /^(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : t;
}

/** What is wrong with a position, or null. */
export function positionProblem(value: unknown, axis: '横向' | '纵向'): string | null {
  const [from, to] = axis === '横向' ? ['左', '右'] : ['上', '下'];
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${axis}位置必须是 0 到 1 之间的数字，例如 0.25`;
  if (value < 0 || value > 1) return `${axis}位置必须在 0 到 1 之间（0 为${from}边，1 为${to}边）`;
  return null;
}
