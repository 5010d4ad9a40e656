/**
 * Things that keep a visit alive without a touch: read-aloud that is speaking
 * (a 3-minute guide must not be cut at the idle timeout) and an open form
 * being read. The idle guard asks here before it warns.
 */
import { useEffect } from 'preact/hooks';

const holds = new Set<symbol>();

/** Marks the visit as in use until the returned function is called. */
export function holdActivity(): () => void {
  const token = Symbol('activity');
  holds.add(token);
  return () => void holds.delete(token);
}

export function isActivityHeld(): boolean {
  return holds.size > 0;
}

/** Holds activity while `active` is true (for example while speech plays). */
export function useActivityHold(active: boolean): void {
  useEffect(() => (active ? holdActivity() : undefined), [active]);
}

/**
 * A form on screen (a rating, a message) is being read or filled: the idle
 * time before the warning doubles. The search bar is a form too, but not one
 * a person reads, so it is left out.
 */
export function isFormOpen(root: ParentNode = document): boolean {
  return root.querySelector('main form:not([role=search])') != null;
}
