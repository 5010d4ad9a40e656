import type { Hall } from '../../../shared/content';

/** Whether one of the hall's floor plans places this window (only then can the kiosk show where it is). */
export function isOnFloorPlan(hall: Hall | undefined, windowId: string): boolean {
  return hall?.floorPlans?.some((plan) => plan.places.some((p) => p.windowId === windowId)) ?? false;
}
