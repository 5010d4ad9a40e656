/** The relevance table, run against the demo dataset a kiosk ships with. */
import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../../src/server/demo/index';
import { buildScaledDataset } from '../../../src/server/demo/scale';
import { SearchIndex } from '../../../src/kiosk/search/search-index';
import { RELEVANCE_TABLE } from './relevance-table';

const NOW = new Date('2026-11-23T10:00:00+08:00');
const index = SearchIndex.build(buildDemoDataset(NOW).records);

describe('relevance table', () => {
  it('has at least 250 rows: 80 everyday questions, 40 cost questions, 15 services the county does not offer', () => {
    expect(RELEVANCE_TABLE.length).toBeGreaterThanOrEqual(250);
    expect(RELEVANCE_TABLE.filter((r) => r.kind === 'everyday').length).toBeGreaterThanOrEqual(80);
    expect(RELEVANCE_TABLE.filter((r) => r.kind === 'cost').length).toBeGreaterThanOrEqual(40);
    expect(RELEVANCE_TABLE.filter((r) => r.kind === 'absent').length).toBeGreaterThanOrEqual(15);
    expect(new Set(RELEVANCE_TABLE.map((r) => r.query)).size).toBe(RELEVANCE_TABLE.length);
    for (const kind of ['pinyin', 'initials', 'hanzi', 'traditional', 'typo', 'polyphone', 'english'] as const)
      expect(
        RELEVANCE_TABLE.some((r) => r.kind === kind),
        kind,
      ).toBe(true);
  });

  it.each(RELEVANCE_TABLE.map((row) => [row.query, row] as const))('%s', (_query, row) => {
    const results = index.search(row.query, { nowMs: NOW.getTime() });
    const hits = results.groups[row.group];
    if (row.top === null) {
      // Nothing confident: the screen shows the popular list and the consult phone instead.
      expect(
        [...results.groups.guide, ...results.groups.fee, ...results.departments].map((h) => h.id),
        row.query,
      ).toEqual([]);
      expect(results.total).toBe(0);
      return;
    }
    if (row.cost !== undefined) expect(results.cost, 'read as a cost question').toBe(row.cost);
    if (row.noFee) expect(hits[0]?.noFee, 'top guide says 不收费').toBe(true);
    expect(
      hits[0]?.id,
      `${row.query} → ${hits
        .slice(0, 3)
        .map((h) => h.id)
        .join(', ')}`,
    ).toBe(row.top);
    expect(results.corrected).toBe(row.corrected ?? false);
  });

  it('marks the matched part of the top hit', () => {
    const top = index.search('dibao', { nowMs: NOW.getTime() }).groups.guide[0]!;
    expect(top.plainName.slice(...top.plainNameRanges[0]!)).toBe('低保');
    const official = index.search('韩永浩', { nowMs: NOW.getTime() }).groups.official[0]!;
    expect(official.nameRanges).toEqual([[0, 3]]);
    expect(official.window).toBe('A01');
  });

  it('does not show a notice that expired or fees no longer in force', () => {
    const r = index.search('chunjie', { nowMs: NOW.getTime() });
    expect(r.groups.notice.map((h) => h.id)).not.toContain('notice-spring-festival');
    const fees = index.search('会计专业技术资格考试', { nowMs: NOW.getTime() }).groups.fee.map((h) => h.id);
    expect(fees).toContain('fee-accounting-exam-junior');
    expect(fees).not.toContain('fee-accounting-exam-old');
  });
});

describe('relevance table on the scaled dataset (5,000 guides, 20,000 fees, 500 officials)', () => {
  it('keeps the same top results among ten times more look-alike records', () => {
    const scaled = SearchIndex.build(buildScaledDataset({ guides: 5000, fees: 20000, officials: 500 }, NOW).records);
    const failures = RELEVANCE_TABLE.filter((row) => row.atScale !== false).flatMap((row) => {
      const results = scaled.search(row.query, { nowMs: NOW.getTime() });
      const top = results.groups[row.group][0]?.id ?? null;
      return top === row.top && results.corrected === (row.corrected ?? false)
        ? []
        : [`${row.query} → ${top ?? 'nothing'}${results.corrected ? ' (corrected)' : ''}`];
    });
    expect(failures).toEqual([]);
  }, 60_000);
});
