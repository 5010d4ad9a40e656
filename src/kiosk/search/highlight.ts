/** Highlight ranges: which part of a name or tag the query matched, on the original text. */
import { letterIndex, matchPinyin, unitsOf } from './pinyin-match';

export type Range = [start: number, end: number];

/** Highlight ranges of the terms in a field, on the original text (only where folding kept its length). */
export function highlight(folded: string, original: string, terms: string[]): Range[] {
  if (!folded || terms.length === 0 || folded.length !== original.length) return [];
  const ranges: Range[] = [];
  for (const term of terms) {
    if (!term) continue;
    let at = folded.indexOf(term);
    if (at >= 0) {
      while (at >= 0) {
        ranges.push([at, at + term.length]);
        at = folded.indexOf(term, at + term.length);
      }
      continue;
    }
    if (letterIndex(term[0]) < 0) continue;
    const units = unitsOf(folded);
    const m = matchPinyin(units, term);
    if (m) ranges.push([units[m.from]!.start, units[m.to - 1]!.end]);
  }
  return mergeRanges(ranges);
}

function mergeRanges(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
