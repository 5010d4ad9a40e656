/**
 * The index applies 俗语词条 from the feed as they come: a published entry
 * changes results at once (no rebuild), a deleted one stops working, the
 * lexicon survives saving the index, and an entry scoped to one guide only
 * helps that guide. Also: the seed lexicon is valid, loop-free and large
 * enough, and a kiosk's own hall's guides come first.
 */
import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../../src/server/demo/index';
import { deserialiseIndex, serialiseIndex } from '../../../src/kiosk/search/persist';
import { SearchIndex } from '../../../src/kiosk/search/search-index';
import { lexiconLoops, validateRecord, type LexiconEntry } from '../../../src/shared/content';
import type { FeedChange } from '../../../src/shared/feed/protocol';
import { smallDataset } from './fixtures';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');

function entry(id: string, term: string, means: string[], extra: Partial<LexiconEntry> = {}): LexiconEntry {
  const r = validateRecord({
    id,
    version: 1,
    updatedAt: '2026-11-23T09:00:00+08:00',
    scope: 'global',
    type: 'lexicon',
    term,
    means,
    departmentId: null,
    guideId: null,
    note: '',
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value as LexiconEntry;
}

const put = (seq: number, record: LexiconEntry): FeedChange => ({ seq, type: 'lexicon', id: record.id, op: 'put', record });
const guides = (index: SearchIndex, q: string) => index.search(q, { nowMs: NOW }).groups.guide.map((h) => h.id);

describe('lexicon in the kiosk index', () => {
  it('a published entry changes results without a rebuild, and a deleted one stops working', () => {
    const index = SearchIndex.build(smallDataset(), 1);
    const before = index.canonicalState();
    expect(guides(index, '吃救济')).toEqual([]);
    index.applyChanges([put(2, entry('lx-jiuji', '吃救济', ['低保']))], 2);
    expect(guides(index, '吃救济')[0]).toBe('g-dibao');
    expect(index.cursor).toBe(2);
    index.applyChanges([{ seq: 3, type: 'lexicon', id: 'lx-jiuji', op: 'delete' }], 3);
    expect(guides(index, '吃救济')).toEqual([]);
    // Documents and postings were never touched.
    expect(JSON.parse(index.canonicalState()).docs).toEqual(JSON.parse(before).docs);
  });

  it('gives the same answers as an index built with the entry from the start', () => {
    const lexicon = entry('lx-jiuji', '吃救济', ['低保']);
    const incremental = SearchIndex.build(smallDataset(), 1);
    incremental.applyChanges([put(2, lexicon)], 2);
    const built = SearchIndex.build([...smallDataset(), lexicon], 2);
    expect(incremental.canonicalState()).toBe(built.canonicalState());
    expect(incremental.search('吃救济', { nowMs: NOW })).toEqual(built.search('吃救济', { nowMs: NOW }));
  });

  it('keeps the lexicon when the index is saved and loaded', () => {
    const index = SearchIndex.build([...smallDataset(), entry('lx-jiuji', '吃救济', ['低保'])], 5);
    const restored = deserialiseIndex(structuredClone(serialiseIndex(index)));
    expect(restored.lexiconEntries().map((e) => e.term)).toEqual(['吃救济']);
    expect(guides(restored, '吃救济')[0]).toBe('g-dibao');
  });

  it('applies an entry scoped to one guide to that guide only', () => {
    const index = SearchIndex.build(smallDataset(), 1);
    index.applyChanges([put(2, entry('lx-x', '老房子', ['户口', '低保'], { guideId: 'g-hukou' }))], 2);
    expect(guides(index, '老房子')).toEqual(['g-hukou']);
  });
});

describe('the seed lexicon', () => {
  const records = buildDemoDataset(new Date(NOW)).records;
  const lexicon = records.filter((r): r is LexiconEntry => r.type === 'lexicon');

  it('has at least 300 valid entries, one per term, without loops', () => {
    expect(lexicon.length).toBeGreaterThanOrEqual(300);
    for (const e of lexicon) expect(validateRecord(e), e.term).toMatchObject({ ok: true });
    expect(new Set(lexicon.map((e) => e.term)).size).toBe(lexicon.length);
    expect(lexiconLoops(lexicon)).toEqual([]);
  });

  it('fills aliases and English names for every demo guide, and English names for departments and fees', () => {
    for (const r of records) {
      if (r.type === 'guide') {
        expect(r.aliases?.length, r.id).toBeGreaterThan(0);
        expect(r.nameEn, r.id).toMatch(/^[A-Z“]/);
      }
      if (r.type === 'department' || r.type === 'fee') expect(r.nameEn, r.id).toMatch(/^[A-Z]/);
    }
  });
});

describe("a kiosk's own hall", () => {
  const index = SearchIndex.build(buildDemoDataset(new Date(NOW)).records);

  it("ranks its own hall's guide first among equal matches", () => {
    const top = (hallId: string) => index.search('低保', { nowMs: NOW, hallId }).groups.guide[0]?.id;
    expect(top('point-dongshan')).toBe('guide-mz-dibao-dongshan');
    expect(top('hall-county')).toBe('guide-mz-dibao');
    expect(index.search('给娃办户口', { nowMs: NOW, hallId: 'point-dongshan' }).groups.guide[0]?.id).toBe('guide-ga-birth-registration');
  });
});
