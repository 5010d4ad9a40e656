import { describe, expect, it } from 'vitest';
import { validateRecord, type Hall } from '../../../src/shared/content';
import { hall } from '../../server/support/fixtures';

const image = { sha256: 'b'.repeat(64), type: 'image/svg+xml' as const, size: 20_000, alt: '1楼平面图' };

function withPlan(plan: Partial<NonNullable<Hall['floorPlans']>[number]>): Hall {
  const base = hall('hall-county');
  return {
    ...base,
    windows: [{ id: 'A01', name: '综合受理', floor: '1楼' }],
    floorPlans: [{ floor: '1楼', image, places: [{ windowId: 'A01', x: 0.2, y: 0.3 }], ...plan }],
  };
}

function problems(record: Hall): string[] {
  const result = validateRecord(record);
  return result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`);
}

describe('hall floor plans', () => {
  it('accepts a plan image with windows placed on it', () => {
    expect(problems(withPlan({}))).toEqual([]);
  });

  it('refuses a plan that is not an image, or is too large, naming the field', () => {
    expect(problems(withPlan({ image: { ...image, type: 'application/pdf' } })).join('\n')).toMatch(/floorPlans.*平面图必须是图片/);
    expect(problems(withPlan({ image: { ...image, size: 5 * 1024 * 1024 } })).join('\n')).toMatch(/平面图不能超过 3 MB/);
  });

  it('refuses a window placed outside its plan, and a window the hall does not have', () => {
    expect(problems(withPlan({ places: [{ windowId: 'A01', x: 1.2, y: 0.3 }] })).join('\n')).toMatch(
      /窗口位置必须在平面图内（横向不能大于 1）/,
    );
    expect(problems(withPlan({ places: [{ windowId: 'A01', x: 0.2, y: -0.1 }] })).join('\n')).toMatch(/纵向不能小于 0/);
    expect(problems(withPlan({ places: [{ windowId: 'Z99', x: 0.2, y: 0.3 }] })).join('\n')).toMatch(
      /floorPlans: 平面图上放置了不存在的窗口：1楼 Z99/,
    );
  });
});
