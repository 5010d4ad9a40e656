import { describe, expect, it } from 'vitest';
import { readEnglishQuestion } from '../../../src/kiosk/search/english-query';

describe('reading an English question', () => {
  it('takes out the question frame and keeps what is asked for', () => {
    expect(readEnglishQuestion(['what', 'do', 'i', 'need', 'for', 'marriage'])?.terms.map((f) => f[0])).toEqual(['marriage']);
  });

  it('reads everyday words as the words of the catalogue', () => {
    expect(readEnglishQuestion(['lost', 'id', 'card'])?.terms.map((f) => f[0])).toEqual(['replacement', 'id', 'card']);
    expect(readEnglishQuestion(['my', 'father', 'died'])?.terms.map((f) => f[0])).toEqual(['father', 'death']);
  });

  it('remembers that the question asks about cost', () => {
    const reading = readEnglishQuestion(['how', 'much', 'is', 'an', 'id', 'card']);
    expect(reading?.cost).toBe(true);
    expect(reading?.terms.map((f) => f[0])).toEqual(['id', 'card']);
    expect(readEnglishQuestion(['marriage', 'certificate'])?.cost).toBe(false);
  });

  it('tries the singular and the plural of a word', () => {
    expect(readEnglishQuestion(['subsidy'])?.terms).toEqual([['subsidy', 'subsidies']]);
    expect(readEnglishQuestion(['permits'])?.terms).toEqual([['permits', 'permit']]);
  });

  it('leaves pinyin typed with spaces and queries with nothing left alone', () => {
    expect(readEnglishQuestion(['can', 'ji', 'ren'])).toBeNull();
    expect(readEnglishQuestion(['how', 'much'])).toBeNull();
    expect(readEnglishQuestion(['a01'])).toBeNull();
  });
});
