/** A village point's own items come first in its guide and fee lists (issue 13, point 3). */
import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../../src/server/demo';
import { partitionFees } from '../../../src/kiosk/screens/fees/FeesScreen';
import { filterGuides } from '../../../src/kiosk/screens/guides/GuidesScreen';
import { guideSummary } from '../../../src/kiosk/store/block-writer';
import { scopeHallId, type FeeItem, type ServiceGuide } from '../../../src/shared/content';

const NOW = new Date('2026-11-23T02:30:00Z');
const records = buildDemoDataset(NOW).records;
/** What a kiosk of `hallId` receives: global items and its own hall's. */
const visibleTo = (hallId: string) => (r: { scope: string }) => r.scope === 'global' || scopeHallId(r.scope) === hallId;

describe('own hall first', () => {
  it('on kiosk-dongshan-1 the village 低保（东山村代办） comes before the county 低保, and all own items lead', () => {
    const guides = records.filter((r): r is ServiceGuide => r.type === 'guide').filter(visibleTo('point-dongshan'));
    const list = filterGuides(guides.map(guideSummary), {}, 'point-dongshan');
    const village = list.findIndex((g) => g.plainName === '低保' && g.name.includes('东山村代办'));
    const county = list.findIndex((g) => g.plainName === '低保' && !g.name.includes('代办'));
    expect(village).toBeGreaterThanOrEqual(0);
    expect(county).toBeGreaterThan(village);
    const firstCounty = list.findIndex((g) => g.hallId !== 'point-dongshan');
    expect(list.slice(firstCounty).some((g) => g.hallId === 'point-dongshan')).toBe(false);
    expect(firstCounty).toBeGreaterThan(0);
  });

  it('on the county kiosk the order is by popularity as before', () => {
    const guides = records.filter((r): r is ServiceGuide => r.type === 'guide').filter(visibleTo('hall-county'));
    const list = filterGuides(guides.map(guideSummary), {}, 'hall-county');
    const pops = list.map((g) => g.popularity);
    expect(pops).toEqual([...pops].sort((a, b) => b - a));
  });

  it('a fee scoped to the kiosk hall is listed before the county-wide ones', () => {
    const fees = records.filter((r): r is FeeItem => r.type === 'fee');
    const inForce = fees.find((f) => Date.parse(f.effectiveFrom) <= NOW.getTime() && f.effectiveTo == null)!;
    const own: FeeItem = { ...inForce, id: 'fee-own', name: '鑫村代办费（示例）', scope: 'hall:point-dongshan' };
    const { current } = partitionFees([...fees, own], NOW.getTime(), 'point-dongshan');
    expect(current[0]!.id).toBe('fee-own');
    expect(partitionFees([...fees, own], NOW.getTime(), 'hall-county').current[0]!.id).not.toBe('fee-own');
  });
});
