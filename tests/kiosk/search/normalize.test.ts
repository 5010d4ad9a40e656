import { describe, expect, it } from 'vitest';
import { foldText, splitQuery } from '../../../src/kiosk/search/normalize';
import { parsesAsPinyin, primaryPinyin, readingsOf } from '../../../src/kiosk/search/pinyin';
import { matchPinyin, unitsOf } from '../../../src/kiosk/search/pinyin-match';

describe('folding', () => {
  it('turns traditional input into simplified', () => {
    expect(foldText('戶口遷移')).toBe('户口迁移');
    expect(foldText('營業執照')).toBe('营业执照');
  });

  it('makes full-width letters and digits ASCII and lower case', () => {
    expect(foldText('ＤＩＢＡＯ　１２３')).toBe('dibao 123');
  });

  it('splits a query into Han runs and letter-or-digit runs', () => {
    expect(splitQuery(foldText('低保 dibao,A01'))).toEqual([
      { kind: 'han', text: '低保' },
      { kind: 'latin', text: 'dibao' },
      { kind: 'latin', text: 'a01' },
    ]);
  });
});

describe('pinyin', () => {
  it('knows every reading of a polyphone', () => {
    expect(readingsOf('会')).toEqual(expect.arrayContaining(['hui', 'kuai']));
    expect(readingsOf('行')).toEqual(expect.arrayContaining(['xing', 'hang']));
    expect(readingsOf('重')).toEqual(expect.arrayContaining(['zhong', 'chong']));
  });

  it('reads a word in context for homophone correction', () => {
    expect(primaryPinyin('银行')).toBe('yinhang');
    expect(primaryPinyin('底保')).toBe('dibao');
  });

  it('tells pinyin from other letter strings', () => {
    expect(parsesAsPinyin('dibao')).toBe(true);
    expect(parsesAsPinyin('zuidishenghuobaozh')).toBe(true);
    expect(parsesAsPinyin('dbxq')).toBe(false);
  });

  it('matches full readings, initials and a trailing prefix', () => {
    const units = unitsOf('最低生活保障');
    expect(matchPinyin(units, 'zuidishenghuobaozhang')).toEqual({ from: 0, to: 6, whole: true });
    expect(matchPinyin(units, 'zdshbz')).toEqual({ from: 0, to: 6, whole: true });
    expect(matchPinyin(units, 'zuidish')).toEqual({ from: 0, to: 3, whole: false });
    expect(matchPinyin(units, 'baozhang')).toEqual({ from: 4, to: 6, whole: false });
    // One letter in the middle of a name is not a match: too many false hits.
    expect(matchPinyin(units, 'b')).toBeNull();
    expect(matchPinyin(units, 'z')).toEqual({ from: 0, to: 1, whole: false });
    expect(matchPinyin(units, 'dibao')).toBeNull();
  });

  it('does not mix initials and full readings into a whole-name match', () => {
    expect(matchPinyin(unitsOf('低保'), 'dib')?.whole).toBe(false);
    expect(matchPinyin(unitsOf('低保'), 'db')?.whole).toBe(true);
    expect(matchPinyin(unitsOf('低保'), 'dibao')?.whole).toBe(true);
  });
});
