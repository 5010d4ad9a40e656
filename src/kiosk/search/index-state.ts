/** The search index's saved state: what persist.ts stores and SearchIndex.importState reads back. */
import type { StoredLexiconEntry } from './lexicon-table';
import type { Posting } from './postings';

export interface IndexState {
  cursor: number;
  docs: {
    kind: number[];
    ids: string[];
    names: string[];
    plainNames: string[];
    tagLists: string[][];
    aliasLists: string[][];
    nameEns: string[];
    hallIds: string[];
    feeIds: string[][];
    noFee: boolean[];
    codes: string[][];
    dept: number[];
    popularity: number[];
    windows: string[];
    validFrom: (number | null)[];
    validTo: (number | null)[];
    departmentIds: string[];
    order: number[];
  };
  lexicon: StoredLexiconEntry[];
  maps: { hanShort: Map<number, Posting>; hanBody: Map<number, Posting>; pinyinKeys: Map<number, Posting>; words: Map<string, Posting> };
}

export const nanToNull = (n: number) => (Number.isNaN(n) ? null : n);
export const nullToNan = (n: number | null) => (n === null ? NaN : n);
