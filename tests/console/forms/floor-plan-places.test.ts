/** The floor plan editor's rules: click → fraction, a window on one plan only, typed positions checked. */
import { describe, expect, it } from 'vitest';
import {
  clickFraction,
  parsePosition,
  placeWindow,
  positionProblem,
  removeWindow,
  type EditablePlan,
} from '../../../src/console/forms/floor-plan-places';

const image = { sha256: 'a'.repeat(64), type: 'image/svg+xml' };
const plans = (): EditablePlan[] => [
  { floor: '1楼', image, places: [{ windowId: 'A01', x: 0.1, y: 0.2 }] },
  { floor: '2楼', image, places: [{ windowId: 'A02', x: 0.5, y: 0.5 }] },
];

describe('floor plan places', () => {
  it('turns a click into a fraction of the plan, to three decimals, never outside it', () => {
    expect(clickFraction(250, 1000)).toBe(0.25);
    expect(clickFraction(333, 999)).toBe(0.333);
    expect(clickFraction(-3, 500)).toBe(0);
    expect(clickFraction(510, 500)).toBe(1);
    expect(clickFraction(10, 0)).toBe(0);
  });

  it('places a window on the chosen plan and takes it off the others', () => {
    const next = placeWindow(plans(), 0, 'A02', 0.8, 0.75);
    expect(next[0]!.places).toEqual([
      { windowId: 'A01', x: 0.1, y: 0.2 },
      { windowId: 'A02', x: 0.8, y: 0.75 },
    ]);
    expect(next[1]!.places).toEqual([]);
  });

  it('moves a window already on the plan rather than adding it twice', () => {
    const next = placeWindow(plans(), 0, 'A01', 0.4, 0.6);
    expect(next[0]!.places).toEqual([{ windowId: 'A01', x: 0.4, y: 0.6 }]);
    expect(next[1]).toEqual(plans()[1]);
  });

  it('removes a window from one plan only', () => {
    const next = removeWindow(plans(), 1, 'A02');
    expect(next[1]!.places).toEqual([]);
    expect(next[0]).toEqual(plans()[0]);
  });

  it('reads typed positions as numbers and names what is wrong', () => {
    expect(parsePosition(' 0.25 ')).toBe(0.25);
    expect(parsePosition('.5')).toBe(0.5);
    expect(parsePosition('1.')).toBe(1);
    expect(parsePosition('abc')).toBe('abc');
    expect(parsePosition('')).toBe('');
    expect(positionProblem(0.25, '横向')).toBeNull();
    expect(positionProblem(0, '纵向')).toBeNull();
    expect(positionProblem(1, '纵向')).toBeNull();
    expect(positionProblem(1.5, '横向')).toBe('横向位置必须在 0 到 1 之间（0 为左边，1 为右边）');
    expect(positionProblem(-0.1, '纵向')).toBe('纵向位置必须在 0 到 1 之间（0 为上边，1 为下边）');
    expect(positionProblem('', '横向')).toBe('横向位置必须是 0 到 1 之间的数字，例如 0.25');
  });
});
