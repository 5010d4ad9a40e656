/**
 * 俗语词条 validation: an empty entry, a word mapped to itself and a loop
 * across entries are refused with a message naming the entry and the rule;
 * the store refuses a publish that would close a loop and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { RecordValidationError } from '../../../src/server/store/content-store';
import { openSqliteStore } from '../../../src/server/store/sqlite-store';
import { lexiconLoops, validateRecord, type LexiconEntry } from '../../../src/shared/content';
import { useTempDirs } from '../../server/support/temp-dir';

const tempDir = useTempDirs();

function entry(id: string, term: string, means: string[], extra: Partial<LexiconEntry> = {}): LexiconEntry {
  return {
    id,
    version: 1,
    updatedAt: '2026-12-01T09:00:00+08:00',
    scope: 'global',
    type: 'lexicon',
    term,
    means,
    departmentId: null,
    guideId: null,
    note: '',
    ...extra,
  };
}

describe('lexicon entry schema', () => {
  it('accepts an entry with a scope to a department or a guide', () => {
    const r = validateRecord(entry('lx-wa', '娃', ['孩子', '新生儿'], { departmentId: 'dept-gaj', guideId: 'guide-birth' }));
    expect(r.ok).toBe(true);
  });

  it('reads an empty guide box from the console as "no guide"', () => {
    const r = validateRecord({ ...entry('lx-wa', '娃', ['孩子']), guideId: '' });
    expect(r.ok && r.value.type === 'lexicon' && r.value.guideId).toBe(null);
  });

  it('refuses an empty term', () => {
    const r = validateRecord(entry('lx-empty', '  ', ['孩子']));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ field: 'term', message: '不能为空' });
  });

  it('refuses an entry that maps to nothing, naming the rule', () => {
    const r = validateRecord(entry('lx-empty', '娃', []));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => p.field === 'means')?.message).toMatch(/至少要对应一个目录用词/);
  });

  it('refuses a blank catalogue word', () => {
    const r = validateRecord(entry('lx-blank', '娃', ['孩子', ' ']));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ field: 'means[1]', message: '不能为空' });
  });

  it('refuses a word mapped to itself, naming the entry', () => {
    const r = validateRecord(entry('lx-self', '户口', ['户籍', ' 户口 ']));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => p.field === 'means')?.message).toMatch(/词条“户口”不能对应它自己/);
  });

  it('refuses a self-mapping that differs only in width or case', () => {
    const r = validateRecord(entry('lx-self-en', 'ID card', ['id  card'.replace('  ', ' ').toUpperCase()]));
    expect(r.ok).toBe(false);
  });
});

describe('lexicon loops', () => {
  it('finds nothing in a lexicon that only points one way', () => {
    expect(lexiconLoops([entry('a', '娃', ['孩子']), entry('b', '小孩', ['孩子']), entry('c', '上户口', ['户籍', '出生登记'])])).toEqual(
      [],
    );
  });

  it('names the entry and the words of a two-entry loop', () => {
    const loops = lexiconLoops([entry('lx-hk', '户口', ['户籍']), entry('lx-hj', '户籍', ['户口'])]);
    expect(loops).toHaveLength(1);
    expect(loops[0]!.message).toMatch(/词条“户籍”形成循环：户口 → 户籍 → 户口/);
    expect(loops[0]!.id).toBe('lx-hj');
  });

  it('finds a longer loop through several entries', () => {
    const loops = lexiconLoops([entry('1', '老人', ['老年']), entry('2', '老年', ['高龄']), entry('3', '高龄', ['老人'])]);
    expect(loops).toHaveLength(1);
    expect(loops[0]!.path).toEqual(['老人', '老年', '高龄', '老人']);
  });
});

describe('the store refuses a loop on publish', () => {
  it('refuses the entry that closes a loop and writes nothing of the batch', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish([{ op: 'put', record: entry('lx-hk', '户口', ['户籍']) }]);
    const before = await store.position();
    const attempt = store.publish([
      { op: 'put', record: entry('lx-wa', '娃', ['孩子']) },
      { op: 'put', record: entry('lx-hj', '户籍', ['户口']) },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(RecordValidationError);
    const error = (await attempt.catch((e: unknown) => e)) as RecordValidationError;
    expect(error.problems).toEqual([
      expect.objectContaining({ index: 1, type: 'lexicon', id: 'lx-hj', problems: [expect.objectContaining({ field: 'means' })] }),
    ]);
    expect(error.problems[0]!.problems[0]!.message).toMatch(/词条“户籍”形成循环/);
    expect(await store.position()).toEqual(before);
    expect(await store.getRecord('lexicon', 'lx-wa')).toBeNull();
    await store.close();
  });

  it('accepts the same word once the other direction is deleted in the same publish', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    await store.publish([{ op: 'put', record: entry('lx-hk', '户口', ['户籍']) }]);
    await store.publish([
      { op: 'delete', type: 'lexicon', id: 'lx-hk' },
      { op: 'put', record: entry('lx-hj', '户籍', ['户口']) },
    ]);
    expect(await store.getRecord('lexicon', 'lx-hj')).toMatchObject({ term: '户籍' });
    await store.close();
  });
});
