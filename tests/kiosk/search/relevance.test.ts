/** The relevance table, run against the demo dataset a kiosk ships with. */
import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../../src/server/demo/index';
import { SearchIndex } from '../../../src/kiosk/search/search-index';
import { RELEVANCE_TABLE } from './relevance-table';

const NOW = new Date('2026-11-23T10:00:00+08:00');
const index = SearchIndex.build(buildDemoDataset(NOW).records);

describe('relevance table', () => {
  it('has at least 40 rows covering pinyin, initials, hanzi, traditional, typos and polyphones', () => {
    expect(RELEVANCE_TABLE.length).toBeGreaterThanOrEqual(40);
    for (const kind of ['pinyin', 'initials', 'hanzi', 'traditional', 'typo', 'polyphone'] as const) expect(RELEVANCE_TABLE.some((r) => r.kind === kind), kind).toBe(true);
  });

  it.each(RELEVANCE_TABLE.map((row) => [row.query, row] as const))('%s', (_query, row) => {
    const results = index.search(row.query, { nowMs: NOW.getTime() });
    const hits = results.groups[row.group];
    expect(hits[0]?.id, `${row.query} → ${hits.slice(0, 3).map((h) => h.id).join(', ')}`).toBe(row.top);
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
