/**
 * The index updated page by page from feed changes must be indistinguishable
 * from one built from scratch from the resulting records: same documents, same
 * terms per document, same answers to queries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContentRecord } from '../../../src/shared/content';
import type { FeedChange } from '../../../src/shared/feed/protocol';
import { SearchIndex } from '../../../src/kiosk/search/search-index';
import { department, fee, guide, notice, official } from './fixtures';

// A small alphabet so names collide, share bigrams and polyphones (行, 会, 重, 长).
const CHARS = '低保户口迁移行会计重庆长登记费民政社银';
const name = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const depts = ['dept-mz', 'dept-cz'];

const record: fc.Arbitrary<ContentRecord> = fc.oneof(
  fc
    .record({
      id: fc.constantFrom(...ids),
      n: name,
      p: name,
      t: fc.array(name, { maxLength: 2 }),
      pop: fc.integer({ min: 0, max: 3 }),
      s: name,
      d: fc.constantFrom(...depts),
    })
    .map((r) => guide(`g-${r.id}`, { name: r.n, plainName: r.p, topics: r.t, popularity: r.pop, summary: r.s, departmentId: r.d })),
  fc.record({ id: fc.constantFrom(...ids), n: name, notes: name }).map((r) => fee(`f-${r.id}`, { name: r.n, notes: r.notes })),
  fc.record({ id: fc.constantFrom(...ids), n: name, title: name }).map((r) => official(`o-${r.id}`, { name: r.n, title: r.title })),
  fc.record({ id: fc.constantFrom(...ids), n: name, body: name }).map((r) => notice(`n-${r.id}`, { title: r.n, body: r.body })),
  fc.record({ id: fc.constantFrom(...depts), n: name, s: name }).map((r) => department(r.id, r.n, r.s.slice(0, 20))),
);

type Op = { op: 'put'; record: ContentRecord } | { op: 'delete'; type: ContentRecord['type']; id: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: record.map((r) => ({ op: 'put' as const, record: r })) },
  { weight: 1, arbitrary: record.map((r) => ({ op: 'delete' as const, type: r.type, id: r.id })) },
);

const QUERIES = [
  '低保',
  '户口',
  '行',
  'hang',
  'xing',
  'kuaiji',
  'huiji',
  'chongqing',
  'db',
  'dengji',
  '民政',
  '费',
  'dbh',
  'yin',
  'a01',
  '迁移登记',
];

function answers(index: SearchIndex): unknown[] {
  return QUERIES.map((q) => index.search(q, { nowMs: Date.parse('2026-11-23T10:00:00+08:00'), limit: 50 }));
}

describe('incremental update', () => {
  it('equals a full rebuild of the resulting records', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.array(fc.array(op, { maxLength: 8 }), { maxLength: 5 }), (initial, pages) => {
        const state = new Map<string, ContentRecord>();
        for (const r of initial) state.set(`${r.type}:${r.id}`, r);
        let seq = 1;
        const incremental = SearchIndex.build(state.values(), seq);
        for (const page of pages) {
          const changes: FeedChange[] = page.map((o) => {
            seq++;
            if (o.op === 'put') {
              state.set(`${o.record.type}:${o.record.id}`, o.record);
              return { seq, type: o.record.type, id: o.record.id, op: 'put', record: o.record };
            }
            state.delete(`${o.type}:${o.id}`);
            return { seq, type: o.type, id: o.id, op: 'delete' };
          });
          incremental.applyChanges(changes, seq);
        }
        const rebuilt = SearchIndex.build(state.values(), seq);
        expect(incremental.canonicalState()).toEqual(rebuilt.canonicalState());
        expect(answers(incremental)).toEqual(answers(rebuilt));
        // Squeezing out retired slots changes nothing observable either.
        incremental.compact();
        expect(answers(incremental)).toEqual(answers(rebuilt));
      }),
      { numRuns: 200 },
    );
  });
});
